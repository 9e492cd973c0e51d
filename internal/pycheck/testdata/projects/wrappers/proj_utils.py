# A project's own wrappers of tempfile and subprocess.
import subprocess
import tempfile


def NamedTempFile(**kwargs):
    return tempfile.NamedTemporaryFile(**kwargs)


def run_command(cmd, check=True):
    return subprocess.run(cmd, check=check)


def scratch_dir():
    return tempfile.mkdtemp(prefix="proj-")
