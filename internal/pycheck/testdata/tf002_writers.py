# TF002/TF010: other ways to create or write a file at a fixed temporary
# path: archives, compressed files, databases, log handlers.
import bz2
import dbm
import gzip
import logging
import logging.handlers
import lzma
import shelve
import sqlite3
import tarfile
import tempfile
import zipfile
from logging.handlers import RotatingFileHandler

ARCHIVE = "/tmp/backup.tar.gz"


def archives(files):
    with tarfile.open(ARCHIVE, "w:gz") as tar:  # want TF002
        for f in files:
            tar.add(f)
    with zipfile.ZipFile("/tmp/bundle.zip", mode="w") as z:  # want TF002
        z.write(files[0])
    tarfile.TarFile("/var/tmp/plain.tar", "a")  # want TF002


def compressed(data):
    with gzip.open("/tmp/data.gz", "wb") as g:  # want TF002
        g.write(data)
    bz2.open("/tmp/data.bz2", "w").write(data)  # want TF002
    lzma.open("/dev/shm/data.xz", mode="xb").close()  # want TF002


def databases():
    shelve.open("/tmp/state")  # want TF002
    dbm.open("/tmp/cache.db", "c")  # want TF002
    sqlite3.connect("/tmp/app.sqlite3")  # want TF002


def log_handlers():
    logging.FileHandler("/tmp/app.log")  # want TF002
    RotatingFileHandler("/tmp/app-rotating.log", maxBytes=1 << 20)  # want TF002
    logging.handlers.WatchedFileHandler(filename="/var/tmp/watched.log")  # want TF002
    logging.basicConfig(filename="/tmp/basic.log", level=logging.INFO)  # want TF002


# Near misses: reading, in memory, or not in a temporary root.
def near_misses(files):
    with tarfile.open("/tmp/given.tar") as tar:
        tar.getnames()
    zipfile.ZipFile("/tmp/given.zip").namelist()
    gzip.open("/tmp/given.gz").read()
    dbm.open("/tmp/given.db")
    sqlite3.connect(":memory:")
    with tarfile.open("out/backup.tar", "w") as tar:
        tar.add(files[0])
    with tempfile.TemporaryDirectory() as td:
        logging.FileHandler(td + "/run.log")


class AppLog(logging.handlers.RotatingFileHandler):
    pass


class PlainLog(logging.FileHandler):
    def emit(self, record):
        super().emit(record)


def project_handlers():
    AppLog("/tmp/app-sub.log", maxBytes=1024)  # want TF002
    PlainLog(filename="/var/tmp/plain-sub.log")  # want TF002
    AppLog("logs/app.log")
