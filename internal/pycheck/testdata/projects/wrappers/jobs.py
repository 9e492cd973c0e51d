# Calls of proj_utils's wrappers; this file never names the tempfile
# module, so only the learned wrappers let the checker read it.
import os

import proj_utils
from proj_utils import NamedTempFile as NTF


def leak(data):
    with proj_utils.NamedTempFile(delete=False) as f:  # want TF004
        f.write(data)
    return 1


def unflushed(data):
    with NTF() as f:
        f.write(data)
        proj_utils.run_command(["wc", "-c", f.name])  # want TF009


def through_a_link(data, workdir):
    with NTF() as f:
        f.write(data)
        link = os.path.join(workdir, "input")
        os.symlink(f.name, link)
        proj_utils.run_command(["wc", "-c", link])  # want TF009


def flushed(data):
    with NTF() as f:
        f.write(data)
        f.flush()
        proj_utils.run_command(["wc", "-c", f.name])


def kept(data):
    f = proj_utils.NamedTempFile(delete=False)
    f.write(data)
    f.close()
    return f.name
