# TF012: SpooledTemporaryFile without a positive max_size keeps everything in memory.
import tempfile
from tempfile import SpooledTemporaryFile
from tempfile import SpooledTemporaryFile as Spool

LIMIT = 1 << 20


def default():
    with tempfile.SpooledTemporaryFile() as buf:  # want TF012
        buf.write(b"x")


def zero():
    with SpooledTemporaryFile(0, "w+b") as buf:  # want TF012
        buf.write(b"x")


def none_keyword():
    with Spool(max_size=None, mode="w+") as buf:  # want TF012
        buf.write("x")


def zero_keyword_nested():
    def inner():
        with Spool(mode="w+b", max_size=0) as buf:  # want TF012
            return buf.read()
    return inner


def bounded():
    with SpooledTemporaryFile(max_size=LIMIT) as a, Spool(8 << 20) as b:
        a.write(b"x")
        b.write(b"y")


def negative():
    with Spool(max_size=-1) as buf:  # spills at the first write
        buf.write(b"x")


def computed(size, **kw):
    with Spool(size) as a, Spool(**kw) as b:
        return a, b


def unmanaged():
    buf = Spool()  # want TF012
    buf.write(b"x")
    buf.close()
