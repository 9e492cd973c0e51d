# TF003 (false alarm class 1): cleanup registered with the path, not the
# object, and except branches that end the process.
import atexit
import os
import shutil
import sys
import tempfile
import unittest

import pytest


class Case(unittest.TestCase):
    def test_add_cleanup_with_name(self):
        f = tempfile.NamedTemporaryFile(delete=False)
        self.addCleanup(os.unlink, f.name)
        f.write(self.payload())
        f.close()

    def test_copy_of_name_registered(self):
        tmp = tempfile.NamedTemporaryFile(suffix=".ini", delete=False)
        path = tmp.name
        self.addCleanup(os.remove, path)
        tmp.write(self.payload())
        tmp.close()


def atexit_registered(data):
    out = tempfile.NamedTemporaryFile(delete=False)
    atexit.register(os.remove, out.name)
    out.write(data)
    out.close()
    return None


def finalizer(request, data):
    f = tempfile.NamedTemporaryFile(delete=False)
    request.addfinalizer(lambda: os.unlink(f.name))
    f.write(data)
    f.close()


def project_registry(module, url):
    fetched = tempfile.NamedTemporaryFile(dir=module.tmpdir, delete=False)
    module.add_cleanup_file(fetched.name)
    fetched.write(module.download(url))
    fetched.close()


def removed_in_except_then_exits(module, data):
    f = tempfile.NamedTemporaryFile(delete=False)
    try:
        f.write(data)
    except Exception as e:
        os.unlink(f.name)
        module.fail_json(msg=str(e))
    f.close()


def die(msg):
    sys.stderr.write(msg)
    raise SystemExit(2)


def handler_exits_same_module(data):
    f = tempfile.NamedTemporaryFile()
    try:
        f.write(data)
        f.flush()
        check(f.name)
    except OSError as e:
        die(str(e))
    f.close()


def handler_fails_test(data):
    f = tempfile.NamedTemporaryFile()
    try:
        f.write(data)
        check(f.name)
    except ValueError:
        pytest.fail("bad data")
    f.close()


# Near misses: still findings.
def removed_on_normal_path_only(data):
    f = tempfile.NamedTemporaryFile(delete=False)  # want TF003
    f.write(data)
    check(f.name)
    f.close()
    os.unlink(f.name)


def handler_logs_and_goes_on(log, data):
    f = tempfile.NamedTemporaryFile()  # want TF003
    try:
        f.write(data)
        check(f.name)
    except OSError as e:
        log.warning("failed: %s", e)
    check(f.name)
    f.close()


def name_given_to_unknown(run):
    d = tempfile.TemporaryDirectory()  # want TF003
    run(d.name)
    shutil.rmtree(d.name)


def check(path):
    return os.path.getsize(path)
