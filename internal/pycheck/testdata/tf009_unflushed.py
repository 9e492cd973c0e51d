# TF009: another program reads the temporary file before the data was flushed.
import os
import subprocess
import subprocess as sp
import tempfile
from subprocess import check_call
from tempfile import NamedTemporaryFile as NTF


def written_then_counted(data):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        subprocess.run(["wc", "-c", f.name])  # want TF009


def text_mode(query):
    with NTF("w", suffix=".sql") as script:
        script.write(query)
        sp.check_output(["psql", "-f", script.name])  # want TF009


def system(text):
    with NTF("w") as f:
        f.write(text)
        name = f.name
        os.system("cat " + name)  # want TF009


def from_import(rows):
    with NTF("w") as f:
        f.writelines(rows)
        check_call(["sort", f.name])  # want TF009


class Job:
    def nested(self, data):
        def inner():
            with NTF() as f:
                f.write(data)
                os.execvp("cat", ["cat", f.name])  # want TF009
        inner()


def flushed(data):
    with NTF() as f:
        f.write(data)
        f.flush()
        subprocess.run(["wc", f.name])


def sought(data):
    with NTF() as f:
        f.write(data)
        f.seek(0)
        subprocess.run(["wc", f.name])


def inner_file_flushed(data):
    with NTF() as f:
        f.write(data)
        f.file.flush()
        subprocess.run(["wc", f.name])


def unbuffered(data):
    with NTF("wb", 0) as f:
        f.write(data)
        subprocess.run(["wc", f.name])


def nothing_written():
    with NTF() as f:
        subprocess.run(["touch", f.name])


def written_after(data):
    with NTF() as f:
        subprocess.run(["touch", f.name])
        f.write(data)


def command_variable(data):
    with NTF() as f:
        f.write(data)
        cmd = ["lint", "--input", f.name]
        subprocess.run(cmd, check=True)  # want TF009
