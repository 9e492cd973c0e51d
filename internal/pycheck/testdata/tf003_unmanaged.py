# TF003: temporary objects neither used as a with item nor cleaned in a finally.
import contextlib
import json
import os
import tempfile
import tempfile as tf
from tempfile import NamedTemporaryFile as NTF
from tempfile import TemporaryDirectory


def closed_on_happy_path_only(chunks):
    spill = tempfile.NamedTemporaryFile()  # want TF003
    for c in chunks:
        spill.write(c)
    spill.seek(0)
    data = spill.read()
    spill.close()
    return data


def nameless_closed_on_happy_path(chunks):
    # No name on disk: an exception can only keep a descriptor open.
    spill = tempfile.TemporaryFile()
    buf = tf.SpooledTemporaryFile(max_size=100)
    for c in chunks:
        spill.write(c)
        buf.write(c)
    spill.close()
    buf.close()


def nameless_never_closed(chunks):
    spill = tempfile.TemporaryFile()  # no name on disk: not TF003
    spill.write(chunks)
    spill.seek(0)
    return spill.read()


def alias_never_closed(obj):
    out = NTF("w+")  # want TF003
    json.dump(obj, out)
    out.seek(0)
    return out.read()


def directory_cleanup_not_in_finally(run):
    work = TemporaryDirectory()  # want TF003
    run(work.name)
    work.cleanup()


def bare():
    tf.TemporaryFile()  # dropped at once: CPython closes it immediately


def closed_at_once():
    f = tempfile.NamedTemporaryFile(delete=False)
    path = f.name
    f.close()
    return path


def inside_temp_helper(helpers):
    with helpers.temp_cwd():
        f = tempfile.TemporaryFile()
        f.write(b"x")


def copy_removed_in_finally(run):
    f = NTF(delete=False)
    path = f.name
    try:
        f.write(b"x")
        f.close()
        run(path)
    finally:
        os.unlink(path)


class Builder:
    def nested(self):
        def helper():
            scratch = tf.SpooledTemporaryFile(max_size=1024)  # no name on disk: not TF003
            scratch.write(b"abc")
            return scratch.getvalue()
        return helper()


def managed_with():
    with tempfile.TemporaryFile() as f:
        f.write(b"x")
    with NTF() as g, TemporaryDirectory() as d:
        return g.name, d


def managed_finally():
    f = tempfile.NamedTemporaryFile()
    try:
        f.write(b"x")
    finally:
        f.close()


def used_as_with_later():
    d = TemporaryDirectory()
    with d as path:
        return path


def returned():
    f = tempfile.TemporaryFile()
    f.write(b"header")
    return f


def stored_on_self(self):
    self.tmp = tempfile.TemporaryDirectory()
    self.log = NTF()


def local_then_stored(self):
    d = TemporaryDirectory()
    self.dirs.append(d)


def enter_context(stack: contextlib.ExitStack):
    d = stack.enter_context(TemporaryDirectory())
    f = tempfile.TemporaryFile()
    stack.enter_context(f)
    return d


def add_cleanup(test):
    d = TemporaryDirectory()
    test.addCleanup(d.cleanup)
    return d.name


def yielded():
    f = tempfile.TemporaryFile()
    yield f


def closure():
    f = tempfile.TemporaryFile()

    def close():
        f.close()
    return close


def passed_on(consumer):
    f = tempfile.TemporaryFile()
    consumer(f)


def dropped_name_is_tf011():
    return TemporaryDirectory().name  # want TF011


class Fixture:
    shared = tempfile.TemporaryDirectory()  # class attribute: stored


def suppressed():
    f = tempfile.TemporaryFile()  # noqa: TF003
    f.write(b"x")
