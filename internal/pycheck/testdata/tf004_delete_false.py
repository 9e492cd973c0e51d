# TF004: delete=False objects and mkdtemp() that are never removed, moved or handed on.
import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from tempfile import NamedTemporaryFile, mkdtemp as make_dir


def guide_also_good():
    with NamedTemporaryFile(delete=False) as f:  # want TF004
        f.write(b"data")
        subprocess.run(["cat", f.name])  # want TF009


def workdir(src):
    out = tempfile.mkdtemp(prefix="render-")  # want TF004
    subprocess.run(["make", "-C", out, src], check=True)


def aliased():
    d = make_dir()  # want TF004
    os.listdir(d)


def bare():
    tempfile.mkdtemp()  # want TF004


def name_kept():
    path = NamedTemporaryFile(delete=False).name  # want TF004
    with open(path, "w") as fh:
        fh.write("x")


def nested():
    def inner():
        tmp = tempfile.NamedTemporaryFile(suffix=".txt", delete=False)  # want TF004
        tmp.write(b"abc")
        tmp.close()
        subprocess.run(["wc", tmp.name])
    inner()


def removed_in_finally():
    tmp = NamedTemporaryFile(delete=False)
    try:
        tmp.write(b"x")
        tmp.close()
        subprocess.run(["cat", tmp.name])
    finally:
        os.unlink(tmp.name)


def removed_through_copy():
    with NamedTemporaryFile(delete=False) as f:
        path = f.name
    subprocess.run(["cat", path])
    Path(path).unlink()


def rmtree():
    d = tempfile.mkdtemp()
    try:
        subprocess.run(["ls", d])
    finally:
        shutil.rmtree(d)


def moved_into_place(data, dest):
    with NamedTemporaryFile(dir=os.path.dirname(dest), delete=False) as f:
        f.write(data)
    os.replace(f.name, dest)


def returned():
    d = tempfile.mkdtemp()
    return d


def returned_name():
    with NamedTemporaryFile("w", delete=False) as f:
        f.write("x")
        return f.name


def stored(self):
    self.workdir = tempfile.mkdtemp()
    d = tempfile.mkdtemp()
    self.dirs.append(d)


def registered():
    d = tempfile.mkdtemp()
    atexit.register(shutil.rmtree, d)


def add_cleanup(test):
    d = tempfile.mkdtemp()
    test.addCleanup(shutil.rmtree, d)


def helper_named_cleanup():
    d = tempfile.mkdtemp()
    remove_tree_quietly(d)


def kept_by_object():
    d = tempfile.mkdtemp()
    return Workspace(d)


def default_delete():
    with NamedTemporaryFile() as f:
        f.write(b"x")


def computed_delete(keep):
    with NamedTemporaryFile(delete=keep) as f:
        f.write(b"x")


def registered_with_a_manager(manager):
    d = tempfile.mkdtemp()
    manager.track(d)  # an unknown call may take ownership


def joined_path_returned(name):
    d = tempfile.mkdtemp()
    return os.path.join(d, name)


def joined_path_stored(self, name):
    d = tempfile.mkdtemp()
    self.out = os.path.join(d, name)


def known_calls_only():
    d = tempfile.mkdtemp()  # want TF004
    target = os.path.join(d, "out.txt")
    with open(target, "w") as fh:
        fh.write("x")
    print(os.listdir(d))


class Holder:
    def keep(self):
        with NamedTemporaryFile("w", delete=False) as self.script:
            self.script.write("echo hi")


def no_target():
    with NamedTemporaryFile(delete=False):  # want TF004
        pass


def pathlib_wrapped():
    d = Path(tempfile.mkdtemp())  # want TF004
    (d / "x.txt").write_text("x")


def pathlib_wrapped_removed():
    d = Path(make_dir())
    try:
        (d / "x.txt").write_text("x")
    finally:
        shutil.rmtree(d)
