# TF010: names that are not literals but are still predictable (a pid, a
# user name, a hash, a date, the program's name), and values that reach
# the sink through `a or b`, conditional expressions, default arguments,
# module constants and attributes of self.
import datetime
import getpass
import hashlib
import logging
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

CACHE_DIR = os.path.join(tempfile.gettempdir(), "tool-cache-" + getpass.getuser())


def per_user_cache():
    os.makedirs(CACHE_DIR, exist_ok=True)  # want TF010


def per_pid():
    with open(os.path.join(tempfile.gettempdir(), "run-%d.pid" % os.getpid()), "w") as fh:  # want TF010
        fh.write("1")


def per_uid_fstring():
    open(f"{tempfile.gettempdir()}/sock-{os.getuid()}", "w")  # want TF010


def hashed(project_root):
    key = hashlib.sha1(project_root.encode()).hexdigest()
    os.mkdir(os.path.join(tempfile.gettempdir(), key))  # want TF010


def dated():
    stamp = datetime.date.today().isoformat()
    Path(tempfile.gettempdir(), "report").joinpath(stamp)
    log = os.path.join(tempfile.gettempdir(), "build-" + time.strftime("%Y%m%d") + ".log")
    open(log, "a")  # want TF010


def program_name():
    name = os.path.basename(sys.argv[0])
    os.makedirs(os.path.join(tempfile.gettempdir(), name), exist_ok=True)  # want TF010


def or_fallback(args):
    out = args.out or os.path.join(tempfile.gettempdir(), "report.html")
    with open(out, "w") as fh:  # want TF010
        fh.write("<html>")


def conditional(debug):
    path = os.path.join(tempfile.gettempdir(), "debug.log") if debug else os.devnull
    open(path, "w")  # want TF010


def default_argument(path=os.path.join(tempfile.gettempdir(), "dump.bin")):
    with open(path, "wb") as fh:  # want TF010
        fh.write(b"")


class Exporter:
    def __init__(self):
        self.target = os.path.join(tempfile.gettempdir(), "export.csv")

    def run(self, rows):
        with open(self.target, "w") as fh:  # want TF010
            fh.writelines(rows)


def handler():
    logging.getLogger().addHandler(logging.FileHandler(os.path.join(tempfile.gettempdir(), "app.log")))  # want TF010


# Near misses: random or unknown parts, or never written.
def random_part():
    open(os.path.join(tempfile.gettempdir(), "x-" + uuid.uuid4().hex), "w")


def unknown_part(name):
    open(os.path.join(tempfile.gettempdir(), f"job-{name}.txt"), "w")


def or_with_safe_fallback(args):
    out = args.out or tempfile.mkdtemp()
    return out


def conditional_condition_only(debug):
    where = os.path.join(tempfile.gettempdir(), "flag")
    path = "out.txt" if os.path.exists(where) else "other.txt"
    open(path, "w")


class OnlyRead:
    def __init__(self):
        self.target = os.path.join(tempfile.gettempdir(), "export.csv")

    def exists(self):
        return os.path.exists(self.target)


def argparse_default(argv):
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-file", default=os.path.join(tempfile.gettempdir(), "result.json"))
    parser.add_argument("--name", default="result")
    args = parser.parse_args(argv)
    with open(args.out_file, "w") as fh:  # want TF010
        fh.write("{}")
    open(args.name, "w")
