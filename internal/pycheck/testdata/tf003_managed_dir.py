# TF003/TF004 (false alarm class 2): objects created inside a temporary
# directory that is itself cleaned up.
import atexit
import os
import shutil
import tempfile
import unittest

SCRATCH = tempfile.mkdtemp(prefix="suite-")
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)


def inside_with_dir(data):
    with tempfile.TemporaryDirectory() as td:
        f = tempfile.NamedTemporaryFile(dir=td, delete=False)
        f.write(data)
        process(f.name)


def pytest_fixture(tmp_path, data):
    f = tempfile.NamedTemporaryFile(dir=tmp_path, delete=False)
    f.write(data)
    process(f.name)
    sub = tempfile.mkdtemp(dir=str(tmp_path / "work"))
    process(sub)


def legacy_fixture(tmpdir):
    out = tempfile.NamedTemporaryFile(dir=tmpdir.strpath)
    out.write(b"x" * 10)
    process(out.name)


def module_dir_removed_at_exit(data):
    f = tempfile.NamedTemporaryFile(dir=SCRATCH, delete=False)
    f.write(data)
    process(f.name)


def local_mkdtemp_removed(data):
    d = tempfile.mkdtemp()
    try:
        f = tempfile.NamedTemporaryFile(dir=d)
        f.write(data)
        process(f.name)
    finally:
        shutil.rmtree(d)


class WithDir(unittest.TestCase):
    def setUp(self):
        self.tmpdir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmpdir)

    def test_inside(self):
        f = tempfile.NamedTemporaryFile(dir=self.tmpdir, delete=False)
        f.write(b"x")
        process(f.name)


# Near misses: the directory is not removed, or not temporary.
def dir_never_removed(data):
    d = tempfile.mkdtemp()  # want TF004
    f = tempfile.NamedTemporaryFile(dir=d)  # want TF003
    f.write(data)
    process(f.name)


def project_dir(root, data):
    f = tempfile.NamedTemporaryFile(dir=root)  # want TF003
    f.write(data)
    process(f.name)


class KeepsDir(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp()

    def test_inside(self):
        f = tempfile.NamedTemporaryFile(dir=self.workdir)  # want TF003
        f.write(b"x")
        process(f.name)


def process(path):
    return os.path.getsize(path)
