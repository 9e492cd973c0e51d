# TF005: the name of a deleting NamedTemporaryFile used after it was deleted.
import json
import os
import shutil
import subprocess
import tempfile
from tempfile import NamedTemporaryFile as NTF


def close_then_external(data):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.close()
        subprocess.run(["wc", "-c", f.name])  # want TF005


def config_after_close(config):
    with NTF(mode="w") as f:
        json.dump(config, f)
        f.close()
        return load_config(f.name)  # want TF005


def after_with_block():
    with NTF(suffix=".csv") as out:
        out.write(b"a,b\n")
        out.flush()
    shutil.copy(out.name, "results.csv")  # want TF005


def copy_of_name():
    with tempfile.NamedTemporaryFile("w") as f:
        f.write("x")
        path = f.name
    with open(path) as fh:  # want TF005
        return fh.read()


def plain_assignment_close():
    f = NTF()  # closed right after a short buffered write: not TF003
    f.write(b"x")
    f.close()
    os.unlink(f.name)  # want TF005


def returned_after_block():
    with NTF() as f:
        f.write(b"x")
    return f.name  # want TF005


class Runner:
    def nested(self):
        def inner():
            with NTF() as tmp:
                tmp.write(b"x")
            os.system(f"cat {tmp.name}")  # want TF005
        inner()


def fine_inside_block(data):
    with NTF() as f:
        f.write(data)
        f.flush()
        subprocess.run(["wc", f.name])


def fine_delete_false():
    with NTF(delete=False) as f:
        f.write(b"x")
    subprocess.run(["wc", f.name])
    os.unlink(f.name)


def fine_existence_checks():
    with NTF() as f:
        name = f.name
    assert not os.path.exists(name)
    print("removed", f.name)


def fine_rebound():
    with NTF() as f:
        f.write(b"x")
    f = open("other.txt")
    return open(f.name)


def fine_before_close():
    f = NTF()
    try:
        subprocess.run(["wc", f.name])
    finally:
        f.close()


def fine_other_branch(flag):
    f = NTF()  # want TF003
    if flag:
        f.close()
    else:
        subprocess.run(["wc", f.name])


def pathlib_after_close():
    from pathlib import Path
    f = NTF("w")  # closed right after a short buffered write: not TF003
    f.write("x")
    f.close()
    if Path(f.name).exists():
        return None
    return Path(f.name).read_text()  # want TF005
