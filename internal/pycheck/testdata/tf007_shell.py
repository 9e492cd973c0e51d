# TF007: chmod in a shell command line given a temporary name.
import os
import subprocess
import tempfile


def system_fstring():
    tmp = tempfile.NamedTemporaryFile(delete=False)
    os.system(f"chmod 666 {tmp.name}")  # want TF007
    return tmp.name


def shell_true_concat():
    d = tempfile.mkdtemp()
    subprocess.run("chmod 777 " + d, shell=True, check=True)  # want TF007
    return d


def popen_percent():
    d = tempfile.mkdtemp()
    os.popen("sudo chmod -R a+w %s" % d).read()  # want TF007
    return d


# Near misses: private modes, other commands, paths that are not temporary.
def private_mode():
    tmp = tempfile.NamedTemporaryFile(delete=False)
    os.system(f"chmod 600 {tmp.name}")
    return tmp.name


def other_command():
    d = tempfile.mkdtemp()
    os.system(f"ls -l {d}")
    return d


def not_temporary(path):
    os.system(f"chmod 777 {path}")
