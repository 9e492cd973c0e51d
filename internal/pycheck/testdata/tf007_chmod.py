# TF007: chmod opening a temporary file or directory to group or other users.
import os
import stat
import subprocess
import tempfile
from pathlib import Path
from tempfile import mkdtemp as make_dir

SHARED = 0o755


def dir_mode():
    work = tempfile.mkdtemp()
    os.chmod(work, 0o777)  # want TF007
    return work


def through_constant():
    work = make_dir()
    os.chmod(work, SHARED)  # want TF007
    return work


def stat_flags():
    fd, path = tempfile.mkstemp()
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IROTH)  # want TF007
    os.fchmod(fd, 0o644)  # want TF007
    os.close(fd)
    return path


def named_file():
    with tempfile.NamedTemporaryFile() as fh:
        os.chmod(fh.name, 0o666)  # want TF007
        os.fchmod(fh.fileno(), 420)  # want TF007


def directory_object():
    with tempfile.TemporaryDirectory() as d:
        Path(d).chmod(0o750)  # want TF007
        inner = os.path.join(d, "bin")
        os.chmod(inner, 0o711)  # inside the 0700 directory: protected


def subprocess_forms():
    d = tempfile.mkdtemp()
    subprocess.run(["chmod", "755", d], check=True)  # want TF007
    subprocess.check_call(["chmod", "-R", "go+rX", d])  # want TF007
    subprocess.run(["chmod", "u+x", d])
    subprocess.run(["chmod", "+x", d])  # depends on the umask: silent
    subprocess.run(["chmod", "go-rwx", d])
    return d


def hardcoded():
    os.chmod("/tmp/shared.sock", 0o666)  # want TF007


def near_misses(path, mode):
    work = tempfile.mkdtemp()
    os.chmod(work, 0o700)
    os.chmod(work, stat.S_IRWXU)
    os.chmod(work, mode)  # computed at run time
    os.chmod(path, 0o755)  # not a temporary path
    fd, name = tempfile.mkstemp()
    os.fchmod(fd, 0o600)
    os.close(fd)
    return work, name
