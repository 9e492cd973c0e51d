# The handlers of proj_log.py constructed in another file of the project.
import logging
import os
import tempfile

import proj_log
from proj_log import Rotating as R, Named, LocalFiles, Watched


def setup_logging(verbose):
    root = logging.getLogger()
    root.addHandler(proj_log.AppLog("/tmp/service.log"))  # want TF002
    root.addHandler(R(os.path.join(tempfile.gettempdir(), "service-rot.log"), maxBytes=1 << 20))  # want TF010
    root.addHandler(Watched(filename="/var/tmp/service-watched.log"))  # want TF002
    path = "/dev/shm/service-%d.log" % os.getuid()
    root.addHandler(proj_log.AppLog(path, mode="w"))  # want TF002


def near_misses(appdir):
    logging.getLogger().addHandler(Named("/tmp/service"))
    LocalFiles()
    proj_log.AppLog(os.path.join(appdir, "service.log"))
    proj_log.AppLog("/tmp/read-only.log", mode="r")
    with tempfile.TemporaryDirectory() as td:
        proj_log.AppLog(td + "/service.log")
