# TF002 (false alarm class 7): the temporary root itself is not a fixed
# name inside it; dir="/tmp" stays a finding, about portability.
import os
import tempfile
from pathlib import Path

TMP = "/tmp"


def ensure_root():
    os.makedirs("/tmp", exist_ok=True)
    os.chdir("/tmp")
    Path("/var/tmp").mkdir(exist_ok=True)
    os.makedirs(TMP, exist_ok=True)
    os.mkdir("/dev/shm/")


def hardcoded_dir_arguments():
    d = tempfile.mkdtemp(dir="/tmp")  # want TF002
    fd, p = tempfile.mkstemp(dir=TMP)  # want TF002
    os.close(fd)
    os.unlink(p)
    return d


# Near misses: a fixed name inside the root.
def fixed_name():
    os.makedirs("/tmp/app-cache", exist_ok=True)  # want TF002
    Path(TMP + "/x.log").touch()  # want TF002
    os.mkdir(os.path.join(TMP, "run"))  # want TF002
