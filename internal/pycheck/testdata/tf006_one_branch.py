# TF006: a descriptor closed in one branch of an if only.
import os
import tempfile


def closed_in_one_branch(data, keep):
    fd, path = tempfile.mkstemp()  # want TF006
    if keep:
        os.write(fd, data)
        os.close(fd)
    os.unlink(path)


def closed_in_else_only(data, fast):
    fd, path = tempfile.mkstemp()  # want TF006
    if fast:
        print("skipping")
    else:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    os.unlink(path)


def closed_in_elif_only(data, mode):
    fd, path = tempfile.mkstemp()  # want TF006
    if mode == "a":
        print("a")
    elif mode == "b":
        os.close(fd)
    os.unlink(path)


# Near misses: closed on every path, guarded by the descriptor, or after.
def closed_in_both(data, keep):
    fd, path = tempfile.mkstemp()
    if keep:
        os.write(fd, data)
        os.close(fd)
    else:
        os.close(fd)
    os.unlink(path)


def guarded(data):
    fd, path = tempfile.mkstemp()
    if fd is not None:
        os.close(fd)
    os.unlink(path)


def closed_after(data, keep):
    fd, path = tempfile.mkstemp()
    if keep:
        os.write(fd, data)
    os.close(fd)
    os.unlink(path)
