# TF001: every spelling of tempfile.mktemp is reported; look-alikes are not.
import tempfile
import tempfile as tf
from tempfile import mktemp
from tempfile import mktemp as unsafe_name


def plain():
    scratch = tempfile.mktemp(suffix=".log")  # want TF001
    return scratch


def aliased_module():
    return tf.mktemp(prefix="job-", dir=None)  # want TF001


def from_import():
    target = mktemp()  # want TF001
    with open(target, "wb") as fh:
        fh.write(b"x")


def renamed():
    return unsafe_name()  # want TF001


def in_fstring():
    return f"path={tempfile.mktemp()}"  # want TF001


class Holder:
    def method(self):
        self.path = tf.mktemp(  # want TF001
            suffix=".sock",
        )

    def nested(self):
        def inner():
            return mktemp(dir="/srv/cache")  # want TF001
        return inner


def shadowed(mktemp):
    # A parameter named mktemp is not tempfile's function.
    return mktemp()


def local_shadow():
    def mktemp():
        return "fine"
    return mktemp()


def safe_alternatives():
    fd, name = tempfile.mkstemp()
    import os
    os.close(fd)
    os.unlink(name)
    return tempfile.mkdtemp  # a reference, not a call


def other_module(shutil):
    return shutil.mktemp()


def suppressed():
    a = tempfile.mktemp()  # noqa: TF001
    b = tempfile.mktemp()  # tmpguard: ignore[TF001]
    c = tempfile.mktemp()  # noqa
    d = tempfile.mktemp()  # noqa: E501  # want TF001
    return a, b, c, d


def in_private_dirs(self):
    # Still TF001, with a low-risk message (see messages_test.go).
    a = tempfile.mktemp(dir=self.mkdtemp())  # want TF001
    b = tempfile.mktemp(dir=tempfile.mkdtemp())  # want TF001
    return a, b
