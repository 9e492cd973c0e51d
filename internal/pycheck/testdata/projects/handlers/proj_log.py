# A project's own logging handlers, learned before the files are checked:
# each opens its first argument like the handler it derives from.
import logging
import urllib.request
from logging.handlers import RotatingFileHandler, WatchedFileHandler


class AppLog(logging.FileHandler):
    pass


class Rotating(RotatingFileHandler):
    def __init__(self, filename, **kwargs):
        super().__init__(filename, **kwargs)


class Watched(WatchedFileHandler):
    def emit(self, record):
        super().emit(record)


# Not learned: the first argument is not the file name, or not logging's
# FileHandler at all.
class Named(logging.FileHandler):
    def __init__(self, app):
        super().__init__(app + ".log")


class LocalFiles(urllib.request.FileHandler):
    pass
