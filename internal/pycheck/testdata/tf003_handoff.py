# TF003 (false alarm class 3): the path handed on through a derived value.
import os
import tempfile


def returns_name(data):
    tmp = tempfile.NamedTemporaryFile(delete=False)
    tmp.write(data)
    tmp.close()
    return tmp.name


class Store:
    def keep_on_self(self, data):
        tmp = tempfile.NamedTemporaryFile(suffix=".cfg", delete=False)
        tmp.write(data)
        self.config_path = tmp.name
        tmp.close()

    def derived_and_stored(self, content):
        fd = tempfile.NamedTemporaryFile(dir=self.root, delete=False)
        filename = os.path.join(self.root, os.path.basename(fd.name))
        self.config_path = filename
        fd.write(content)
        fd.close()


def in_a_container(items):
    made = []
    for item in items:
        f = tempfile.NamedTemporaryFile(delete=False)
        f.write(item)
        made.append(f.name)
        f.close()
    return made


def download(url, fetch):
    try:
        out = tempfile.NamedTemporaryFile(delete=False)
        data = fetch(url)
        out.write(data)
        out.close()
        return out.name
    except OSError:
        return None


# Near misses: the name goes nowhere that owns it.
def name_only_printed(data):
    tmp = tempfile.NamedTemporaryFile(delete=False)  # want TF004
    tmp.write(data)
    print(tmp.name)
    tmp.close()


def derived_then_dropped(data, run):
    tmp = tempfile.NamedTemporaryFile()  # want TF003
    tmp.write(data)
    base = os.path.basename(tmp.name)
    run(base)
    tmp.close()


def command_list_is_no_owner(data, run):
    tmp = tempfile.NamedTemporaryFile()  # want TF003
    tmp.write(data)
    run(["cat", tmp.name])
    tmp.close()
