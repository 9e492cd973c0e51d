# TF009 through a link: the temporary file is written, a symbolic (or
# hard) link to its name is made, and the link is given to another
# program before the data was flushed: the program reads the same
# still-empty file.
import os
import pathlib
import subprocess
import tempfile


def symlink_in_a_variable(data, workdir):
    with tempfile.NamedTemporaryFile(suffix=".csv") as f:
        f.write(data)
        link = os.path.join(workdir, "input.csv")
        os.symlink(f.name, link)
        subprocess.run(["wc", "-l", link], check=True)  # want TF009


def link_in_a_command(data, link_path):
    with tempfile.NamedTemporaryFile("w") as tmp:
        tmp.write(data)
        os.symlink(tmp.name, link_path)
        cmd = ["sort", link_path]
        subprocess.check_output(cmd)  # want TF009


def pathlib_symlink_to(data, workdir):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        link = pathlib.Path(workdir) / "data.bin"
        link.symlink_to(f.name)
        os.system(f"md5sum {link}")  # want TF009


def path_call_symlink_to(data, where):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        pathlib.Path(where).symlink_to(f.name)
        subprocess.call(["cat", where])  # want TF009


def hard_link(data, where):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        os.link(f.name, where)
        subprocess.run(["cat", where])  # want TF009


# Near misses: flushed first, nothing written, the link made after the
# program ran, a link to another file, an unbuffered file.
def flushed_before(data, workdir):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        link = os.path.join(workdir, "in")
        os.symlink(f.name, link)
        subprocess.run(["wc", link])


def flushed_after_the_link(data, workdir):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        link = os.path.join(workdir, "in")
        os.symlink(f.name, link)
        f.flush()
        subprocess.run(["wc", link])


def nothing_written(workdir):
    with tempfile.NamedTemporaryFile() as f:
        link = os.path.join(workdir, "in")
        os.symlink(f.name, link)
        subprocess.run(["touch", link])


def link_after_the_program(data, workdir):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        link = os.path.join(workdir, "in")
        subprocess.run(["ls", workdir])
        os.symlink(f.name, link)


def link_to_another_file(data, workdir, config):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        link = os.path.join(workdir, "in")
        os.symlink(config, link)
        subprocess.run(["wc", link])


def link_rebound(data, workdir):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        link = os.path.join(workdir, "in")
        os.symlink(f.name, link)
        link = os.path.join(workdir, "other")
        subprocess.run(["wc", link])
