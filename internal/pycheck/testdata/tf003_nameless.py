# TF003 (false alarm class 5): objects with no name on disk never closed
# leave nothing behind.
import tempfile
from tempfile import SpooledTemporaryFile, TemporaryFile


def anonymous_buffer(chunks):
    spill = TemporaryFile()
    for c in chunks:
        spill.write(c)
    spill.seek(0)
    return spill.read()


def spooled_never_closed(data):
    buf = SpooledTemporaryFile(max_size=4096)
    buf.write(data)
    buf.seek(0)
    return buf.read()


def spooled_in_loop(items):
    for item in items:
        tmp = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+")
        tmp.write(item)
        tmp.seek(0)
        print(tmp.read())


# Near misses: objects with a name are still findings.
def named_never_closed(data):
    f = tempfile.NamedTemporaryFile()  # want TF003
    f.write(data)
    f.seek(0)
    return f.read()


def directory_never_cleaned(run):
    d = tempfile.TemporaryDirectory()  # want TF003
    run(d.name)


def unbounded_spool_is_tf012(data):
    buf = SpooledTemporaryFile()  # want TF012
    buf.write(data)
    return buf
