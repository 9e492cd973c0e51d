# pycheck: target=3.12
# TF005 on Python 3.12+: delete_on_close=False keeps the file until the with block ends.
import subprocess
from tempfile import NamedTemporaryFile


def close_keeps_file():
    with NamedTemporaryFile(delete_on_close=False) as f:
        f.write(b"x")
        f.close()
        subprocess.run(["wc", f.name])
    subprocess.run(["wc", f.name])  # want TF005


def default_close_deletes():
    with NamedTemporaryFile() as f:
        f.close()
        subprocess.run(["wc", f.name])  # want TF005


def computed(flag):
    with NamedTemporaryFile(delete_on_close=flag) as f:
        f.close()
        subprocess.run(["wc", f.name])
