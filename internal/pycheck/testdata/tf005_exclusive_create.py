# TF005 (false alarm class 6): a deleted name taken as a fresh path by a
# call that creates it exclusively (bind on a Unix socket, os.mkfifo,
# os.mkdir, open(..., "x"), os.open with O_EXCL) does not expect the file
# to be there: the call fails if anything exists at the name, so a planted
# file or link makes it fail, never followed. Not a finding.
import os
import socket
import tempfile


def bind_after_with():
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with tempfile.NamedTemporaryFile() as file:
        fn = file.name
    try:
        with sock:
            sock.bind(fn)
            sock.listen(1)
    finally:
        os.unlink(fn)


def bind_after_close():
    f = tempfile.NamedTemporaryFile(suffix=".sock")
    f.close()
    server = socket.socket(socket.AF_UNIX)
    server.bind(f.name)
    return server


class Server:
    def listen_on_fresh_name(self):
        tmp = tempfile.NamedTemporaryFile(prefix="srv-")
        path = tmp.name
        tmp.close()
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind((path))
        return path


def fifo_after_with():
    with tempfile.NamedTemporaryFile() as f:
        name = f.name
    os.mkfifo(name)
    return name


def exclusive_open_after_close():
    f = tempfile.NamedTemporaryFile()
    f.close()
    with open(f.name, "x") as out:
        out.write("fresh")


def o_excl_after_with():
    with tempfile.NamedTemporaryFile() as f:
        name = f.name
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def directory_after_with():
    with tempfile.NamedTemporaryFile() as f:
        name = f.name
    os.mkdir(name)
    return name


# Near misses: the call expects the file to be there, or creates it
# through a planted link.
def connect_after_with():
    with tempfile.NamedTemporaryFile() as f:
        name = f.name
    client = socket.socket(socket.AF_UNIX)
    client.connect(name)  # want TF005
    return client


def write_mode_after_close():
    f = tempfile.NamedTemporaryFile()
    f.close()
    with open(f.name, "w") as out:  # want TF005
        out.write("follows a planted link")


def o_creat_without_excl():
    with tempfile.NamedTemporaryFile() as f:
        name = f.name
    fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o600)  # want TF005
    os.close(fd)


def removed_without_recreation():
    with tempfile.NamedTemporaryFile() as f:
        name = f.name
    os.unlink(name)  # want TF005


def bound_on_one_branch_then_read(server):
    with tempfile.NamedTemporaryFile() as f:
        name = f.name
    if server:
        socket.socket(socket.AF_UNIX).bind(name)
    with open(name) as fh:  # want TF005
        return fh.read()
