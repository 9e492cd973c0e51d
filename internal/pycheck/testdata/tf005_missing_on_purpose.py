# TF005 (false alarm class 6): a deleted name used on purpose as a path
# that does not exist; TF005 only where the file is expected to be there.
import os
import subprocess
import tempfile
import unittest


class Vault(unittest.TestCase):
    def test_file_not_found(self):
        tmp = tempfile.NamedTemporaryFile()
        filename = os.path.realpath(tmp.name)
        tmp.close()
        loader = make_loader(filename)
        self.assertRaises(OSError, loader.load)

    def test_raises_for_deleted(self):
        with tempfile.NamedTemporaryFile() as f:
            gone = f.name
        with self.assertRaises(FileNotFoundError):
            parse_config(gone)


def fresh_path_in_private_dir():
    with tempfile.TemporaryDirectory() as td:
        with tempfile.NamedTemporaryFile(dir=td) as f:
            target = f.name
        with open(target, "w") as out:
            out.write("new")
        return target


def fresh_name_for_a_tool(td):
    with tempfile.TemporaryDirectory() as td:
        f = tempfile.NamedTemporaryFile(dir=td, suffix=".db")
        f.close()
        create_database(f.name)


# Near misses: the file is expected to be there.
def read_after_close():
    f = tempfile.NamedTemporaryFile()
    f.write(b"x")
    f.close()
    with open(f.name) as fh:  # want TF005
        return fh.read()


def program_after_with(data):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
    subprocess.run(["wc", "-c", f.name], check=True)  # want TF005


def recreated_in_shared_tmp():
    with tempfile.NamedTemporaryFile() as f:
        name = f.name
    with open(name, "w") as out:  # want TF005
        out.write("race")


def command_in_a_variable(data):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        cmd = ["lint", "--config", f.name]
    subprocess.run(cmd, check=True)  # want TF005


def shell_string_in_a_variable(data):
    f = tempfile.NamedTemporaryFile()
    f.write(b"3\n1\n2\n")
    f.close()
    line = "sort " + f.name
    os.system(line)  # want TF005


def fstring_command_after_with(data):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        line = f"wc -c {f.name}"
    subprocess.run(line, shell=True, check=True)  # want TF005


def make_loader(path):
    return path


def parse_config(path):
    return path


def create_database(path):
    return path
