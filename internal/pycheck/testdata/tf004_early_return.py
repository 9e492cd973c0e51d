# TF004: cleanup on some paths only: a return between the creation and
# the removal leaves the path on disk.
import os
import shutil
import tempfile
from pathlib import Path


def early_return(archive, check):
    d = tempfile.mkdtemp()  # want TF004
    shutil.unpack_archive(archive, d)
    if not check(d):
        return None
    size = sum(os.path.getsize(os.path.join(d, n)) for n in os.listdir(d))
    shutil.rmtree(d)
    return size


def early_return_mkstemp(data):
    fd, path = tempfile.mkstemp()  # want TF004
    os.write(fd, data)
    os.close(fd)
    if not data:
        return 0
    os.unlink(path)
    return len(data)


def early_return_delete_false(data, ok):
    f = tempfile.NamedTemporaryFile(delete=False)  # want TF004
    f.write(data)
    f.close()
    if not ok:
        return False
    os.remove(f.name)
    return True


# Near misses: removed before the return, in a finally, or handed on.
def removed_before_return(ok):
    d = tempfile.mkdtemp()
    if not ok:
        shutil.rmtree(d)
        return None
    shutil.rmtree(d)
    return 1


def removed_in_finally(ok):
    d = tempfile.mkdtemp()
    try:
        if not ok:
            return None
        return 1
    finally:
        shutil.rmtree(d)


def returned_on_one_path(ok):
    d = tempfile.mkdtemp()
    if ok:
        return d
    shutil.rmtree(d)
    return None


def chained_pathlib(text):
    Path(tempfile.gettempdir()).joinpath("notes.txt").write_text(text)  # want TF010
    Path(tempfile.gettempdir(), "state.json").write_text(text)  # want TF010
    Path(tempfile.gettempdir()).joinpath(text).exists()
