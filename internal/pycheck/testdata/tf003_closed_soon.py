# TF003 (false alarm class 4): closed shortly after, with nothing between
# that can raise: assignments of names and constants, os.path string
# functions, a buffered write of a short literal, flush().
import os
import tempfile


def realpath_then_close():
    tmp = tempfile.NamedTemporaryFile()
    filename = os.path.realpath(tmp.name)
    tmp.close()
    print(filename)


def short_literal_write():
    f = tempfile.NamedTemporaryFile(delete=False)
    f.write(b"[section]\n")
    f.flush()
    f.close()
    return f.name


def names_and_constants():
    d = tempfile.TemporaryDirectory()
    path = d.name
    base = os.path.basename(path)
    count = 0
    d.cleanup()
    return base, count


def after_pass():
    f = tempfile.NamedTemporaryFile(mode="w", delete=False)
    pass
    f.close()
    return f.name


# Near misses: something between can raise.
def computed_write(obj, run):
    f = tempfile.NamedTemporaryFile()  # want TF003
    f.write(encode(obj))
    f.flush()
    run(f.name)
    f.close()


def subscript_between(table):
    f = tempfile.NamedTemporaryFile()  # want TF003
    first = table[0]
    f.close()
    return first


def fstring_write(user, run):
    f = tempfile.NamedTemporaryFile(mode="w")  # want TF003
    f.write(f"user={user.name}\n")
    f.close()


def encode(obj):
    return repr(obj).encode()


def unlinked_at_once_for_a_missing_file(editor):
    tmp = tempfile.NamedTemporaryFile()
    os.unlink(tmp.name)
    editor.create(tmp.name)


def unlinked_later(editor, data):
    tmp = tempfile.NamedTemporaryFile()  # want TF003
    editor.prepare(data)
    os.unlink(tmp.name)


try:
    probe = tempfile.NamedTemporaryFile(prefix="tmp\u20ac")
except UnicodeEncodeError:
    unicode_paths = False
else:
    unicode_paths = True
    probe.close()


def closed_in_else_after_work(data):
    try:
        f = tempfile.NamedTemporaryFile()  # want TF003
    except OSError:
        return None
    else:
        f.write(encode(data))
        f.close()
