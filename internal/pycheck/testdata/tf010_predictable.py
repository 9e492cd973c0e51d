# TF010: a fixed name inside the temporary directory, then created or opened.
import os
import os.path
import tempfile
from pathlib import Path
from tempfile import gettempdir as tmpdir

LOCK_NAME = "builder.lock"


def joined():
    lock = os.path.join(tempfile.gettempdir(), "builder.lock")
    with open(lock, "w") as fh:  # want TF010
        fh.write("1")


def joined_constant():
    fd = os.open(os.path.join(tmpdir(), LOCK_NAME), os.O_CREAT | os.O_WRONLY)  # want TF010
    os.close(fd)


def plus():
    os.mkdir(tempfile.gettempdir() + "/cache")  # want TF010


def pathlib_division():
    (Path(tempfile.gettempdir()) / "state.json").write_text("{}")  # want TF010


def environ():
    base = os.environ["TMPDIR"]
    open(os.path.join(base, "out.log"), "a")  # want TF010


def environ_get():
    target = os.path.join(os.environ.get("TMPDIR", "/var/tmp"), "x.sock")
    os.makedirs(target)  # want TF010


def getenv_nested():
    def inner():
        return open(os.path.join(os.getenv("TMPDIR"), "nested.txt"), "w")  # want TF010
    return inner


def near_misses(name):
    where = os.path.join(tempfile.gettempdir(), "report.txt")
    print(where)  # never opened
    unique = os.path.join(tempfile.gettempdir(), name)  # not a fixed name
    open(unique, "w")
    os.listdir(tempfile.gettempdir())
    fd, path = tempfile.mkstemp(dir=tempfile.gettempdir())
    os.close(fd)
    os.unlink(path)
    if os.path.exists(os.path.join(tempfile.gettempdir(), "flag")):
        return True
    return open(os.path.join(tempfile.gettempdir(), f"job-{name}.txt"), "w")


def fstring_base():
    open(f"{tempfile.gettempdir()}/fixed.pid", "w")  # want TF010
    open(f"{tempfile.gettempdir()}/{os.getpid()}.pid", "w")  # want TF010
