# TF004: mkstemp() files never removed, and mkdtemp() written inline as an
# argument, which hands over nothing.
import os
import shutil
import subprocess
import tarfile
import tempfile


def mkstemp_closed_not_removed(data):
    fd, path = tempfile.mkstemp(suffix=".json")  # want TF004
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return os.path.getsize(path)


def mkstemp_read_back():
    fd, name = tempfile.mkstemp()  # want TF004
    os.write(fd, b"x")
    os.close(fd)
    with open(name, "rb") as fh:
        return fh.read()


def mkstemp_checked_only():
    handle, p = tempfile.mkstemp(dir=os.getcwd())  # want TF004
    os.close(handle)
    return os.path.exists(p)


def extract_inline(archive):
    with tarfile.open(archive) as tar:
        tar.extractall(path=tempfile.mkdtemp())  # want TF004


def unpack_inline(archive):
    shutil.unpack_archive(archive, tempfile.mkdtemp())  # want TF004


def program_inline():
    subprocess.run(["git", "clone", "https://example.org/r.git", tempfile.mkdtemp()], check=True)  # want TF004


# Near misses: removed, moved, handed on, registered.
def mkstemp_removed():
    fd, path = tempfile.mkstemp()
    try:
        os.write(fd, b"x")
    finally:
        os.close(fd)
        os.unlink(path)


def mkstemp_moved_into_place(dest, data):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(dest))
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, dest)


def mkstemp_returned():
    fd, path = tempfile.mkstemp()
    os.close(fd)
    return path


def mkstemp_report_kept_for_the_user(doc):
    fd, path = tempfile.mkstemp(suffix=".html")
    with os.fdopen(fd, "w") as fh:
        fh.write(doc)
    print(f"{path} contains the description of this error")


def mkstemp_given_away(store):
    fd, path = tempfile.mkstemp()
    os.close(fd)
    store.adopt(path)


def inline_registered(test):
    test.addCleanup(shutil.rmtree, tempfile.mkdtemp())


def inline_kept(owner):
    owner.workdir = os.path.realpath(tempfile.mkdtemp())


def only_formatted_into_messages(log):
    d = tempfile.mkdtemp()  # want TF004
    if "~" not in d:
        log.fail(f"not a short path: {d}")
    print(f"using {d}")


def formatted_and_returned():
    d = tempfile.mkdtemp()
    print(f"using {d}")
    return d
