"""A download cache that leaks and shares its temporary files."""
import os
import tempfile


def fetch(blob):
    work = tempfile.mkdtemp(prefix="cache-")
    target = os.path.join(work, "blob.bin")
    with open(target, "wb") as f:
        f.write(blob)
    # Opens the private directory to every user of the machine.
    os.chmod(work, 0o755)
    size = os.path.getsize(target)
    # work is never removed.
    return size


def lock_path():
    # A fixed name in the shared directory: anyone can plant a symlink there.
    return os.path.join(tempfile.gettempdir(), "cache.lock")


def buffer_everything(chunks):
    # No max_size: it never rolls over, every byte stays in memory.
    spool = tempfile.SpooledTemporaryFile()
    for c in chunks:
        spool.write(c)
    spool.seek(0)
    return spool


def scratch_name():
    # The directory is removed as soon as the object is dropped.
    return tempfile.TemporaryDirectory().name
