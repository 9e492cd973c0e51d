# TF006: the descriptor of mkstemp() discarded or never closed.
import os
import tempfile
from tempfile import mkstemp
from tempfile import mkstemp as make_temp


def discarded():
    _, path = tempfile.mkstemp()  # want TF006
    return path


def indexed():
    return mkstemp(suffix=".txt")[1]  # want TF006


def bare():
    tempfile.mkstemp()  # want TF006


def written_never_closed(data):
    fd, path = make_temp()  # want TF006
    os.write(fd, data)
    return path


def unused_name():
    (fd, path) = mkstemp()  # want TF006
    return path


class Store:
    def method(self):
        def inner():
            handle, name = tempfile.mkstemp(prefix="x")  # want TF006
            os.fsync(handle)
            return name
        return inner()


def closed():
    fd, path = tempfile.mkstemp()
    os.close(fd)
    return path


def fdopen(data):
    fd, path = mkstemp()
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


def closed_in_finally(data):
    fd, path = mkstemp()
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    return path


def returned():
    fd, path = mkstemp()
    return fd, path


def stored(self):
    fd, self.path = mkstemp()
    self.fd = fd


def passed_on(register):
    fd, path = mkstemp()  # want TF004
    register(fd)


def kept_tuple():
    pair = mkstemp()
    return pair


def path_only_index():
    fd = mkstemp()[0]
    os.close(fd)
