# TF002/TF010: a fixed temporary path given to a function of the same
# module, or a method of the same class, that creates or writes it (one
# level of calls).
import json
import os
import tempfile

STATE = "/tmp/state.json"


def save(obj, path):
    with open(path, "w") as fh:
        json.dump(obj, fh)


def ensure_dir(path, mode=0o755):
    os.makedirs(path, mode=mode, exist_ok=True)


def main(obj):
    save(obj, STATE)  # want TF002
    save(obj, path="/var/tmp/other.json")  # want TF002
    ensure_dir(os.path.join(tempfile.gettempdir(), "myapp"))  # want TF010


class Cache:
    def write(self, key, path):
        with open(path, "wb") as fh:
            fh.write(key)

    def flush(self, key):
        self.write(key, "/tmp/cache.bin")  # want TF002


# Near misses: the helper only reads, the path is not temporary, or the
# argument goes to another parameter.
def load(path):
    with open(path) as fh:
        return fh.read()


def exists(path):
    return os.path.exists(path)


def other_calls(obj, where):
    exists("/tmp/state.json")
    save(obj, where)
    save("/tmp/not-a-path-parameter", "out.json")
    ensure_dir("/tmp")
