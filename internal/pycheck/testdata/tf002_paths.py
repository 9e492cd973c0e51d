# TF002: literal paths in shared temporary roots that are created, opened or written.
import os
import shutil
import tempfile as tmp
from os import path as osp
from pathlib import Path

CACHE_FILE = "/tmp/indexer/cache.db"
SOCKET_DIR = "/var/tmp/indexer"
NOT_TEMP = "/tmpfoo/data"
SHOWN_ONLY = "/tmp/never-opened"


def direct_open():
    with open("/tmp/report.txt", "w") as fh:  # want TF002
        fh.write("ok")


def through_constant():
    return open(CACHE_FILE, "rb")  # want TF002


def makedirs_constant():
    os.makedirs(SOCKET_DIR, exist_ok=True)  # want TF002


def low_level():
    fd = os.open("/dev/shm/ring", os.O_CREAT | os.O_RDWR)  # want TF002
    os.close(fd)


def joined(name):
    target = osp.join("/tmp", name)
    with open(target, "a") as fh:  # want TF002
        fh.write(name)


def fstring(user):
    open(f"/tmp/{user}.lock", "x").close()  # want TF002


def percent(pid):
    os.mkdir("/var/tmp/run-%d" % pid)  # want TF002


def concatenated(name):
    os.mkdir("/tmp/" + name)  # want TF002


def pathlib_write(text):
    Path("/tmp/notes.md").write_text(text)  # want TF002


def pathlib_division(name):
    base = Path("/tmp")
    (base / name).mkdir()  # want TF002


def copy_target(src):
    shutil.copy(src, "/tmp/backup.bin")  # want TF002
    shutil.copy("/tmp/incoming.bin", src)  # reading from /tmp is the source, not a target


def tempfile_dir():
    with tmp.NamedTemporaryFile(dir="/tmp") as fh:  # want TF002
        fh.write(b"x")
    return tmp.mkdtemp(dir="/var/tmp")  # want TF002


class Server:
    def start(self):
        def bind():
            return open("/tmp/server.pid", "w")  # want TF002
        return bind()


def near_misses(name):
    print("/tmp/report.txt")  # only printed
    open(NOT_TEMP)  # /tmpfoo is not /tmp
    open("/tmpdata/x")  # path boundary
    open("/home/tmp/x")  # not a temp root
    log = SHOWN_ONLY  # never opened
    os.path.exists("/tmp/flag")  # a check, not a creation
    if name == "/tmp/x":
        return None
    relative = "tmp/x"
    open(relative)
    open(f"/tmp{name}")  # could be /tmp2...: ambiguous
    with tmp.TemporaryDirectory(dir=tmp.gettempdir()) as d:
        return d


def windows():
    open("C:\\Temp\\setup.log", "w")  # want TF002
    open(r"c:\temp\other.log", "w")  # want TF002
    os.makedirs("%TEMP%\\build")  # want TF002


def rebound(name):
    target = "/tmp/first"
    target = os.path.join(os.getcwd(), name)
    open(target, "w")


def suppressed():
    open("/tmp/allowed", "w")  # noqa: TF002
    open("/tmp/allowed2", "w")  # tmpguard: ignore[TF001,TF002]


BASE = "/var/tmp/app"


def fstring_constant_base(name):
    with open(f"{BASE}/{name}.json", "w") as fh:  # want TF002
        fh.write("{}")
