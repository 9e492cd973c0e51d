# TF011: the object is dropped at once, only its name is kept.
import os
import tempfile
from tempfile import NamedTemporaryFile as NTF, TemporaryDirectory


def directory():
    workdir = tempfile.TemporaryDirectory().name  # want TF011
    os.makedirs(os.path.join(workdir, "a"))


def file_alias():
    return NTF(suffix=".txt").name  # want TF011


def as_argument(run):
    run(TemporaryDirectory(prefix="job-").name)  # want TF011


def explicit_delete_true():
    return NTF(delete=True).name  # want TF011


def in_fstring():
    return f"--out={tempfile.TemporaryDirectory().name}"  # want TF011


class Job:
    def nested(self):
        def inner():
            self.out = tempfile.TemporaryDirectory().name  # want TF011
        inner()


def kept():
    d = TemporaryDirectory()
    return d, d.name


def walrus():
    name = (d := TemporaryDirectory()).name
    return d, name


def delete_false():
    path = NTF(delete=False).name  # leaked instead: TF004
    os.unlink(path)


def other_attribute():
    return tempfile.TemporaryFile().fileno()
