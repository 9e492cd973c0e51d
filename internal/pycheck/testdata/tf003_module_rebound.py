# TF003/TF004 at module level: a function that reads a global sees its
# last binding, so an object bound earlier and then rebound is not handed
# on by that read.
import shutil
import tempfile

scratch = tempfile.NamedTemporaryFile()  # want TF003
scratch.write(b"probe")
scratch = None

workdir = tempfile.mkdtemp()  # want TF004
print(workdir)
workdir = "/srv/work"

kept = tempfile.NamedTemporaryFile()
kept.write(b"x")

cache_dir = tempfile.mkdtemp()

try:
    probe_dir = tempfile.mkdtemp()
    probe_dir.encode()
except ImportError:
    probe_dir = None


def use():
    # Reads the last bindings: scratch is None, workdir is /srv/work; kept
    # and cache_dir are handed on to this function; probe_dir may be either.
    print(scratch, workdir, kept.name, probe_dir)
    shutil.rmtree(cache_dir)
