# TF008: str written into a temporary file opened in binary mode.
import json
import tempfile
from tempfile import NamedTemporaryFile as NTF, SpooledTemporaryFile


def dumped_report(summary):
    with tempfile.NamedTemporaryFile(prefix="report-", suffix=".json") as out:
        json.dump(summary, out)  # want TF008


def literal():
    with tempfile.TemporaryFile() as f:
        f.write("header\n")  # want TF008


def fstring(n):
    with NTF() as f:
        f.write(f"count={n}\n")  # want TF008


def formatted(n):
    out = NTF(suffix=".txt", delete=False)
    out.write("%d items\n" % n)  # want TF008
    out.write("{} items".format(n))  # want TF008
    return out


def printed(rows):
    with SpooledTemporaryFile(max_size=4096) as buf:
        print("a", "b", file=buf)  # want TF008


def lines():
    with NTF(mode="w+b") as f:
        f.writelines(["x\n", "y\n"])  # want TF008


def through_variable():
    text = "payload"
    with NTF() as f:
        f.write(text)  # want TF008


class Writer:
    def method(self):
        def inner():
            with tempfile.TemporaryFile("wb") as f:
                f.write(str(self))  # want TF008
        return inner


def text_mode_is_fine(data):
    with NTF("w") as f:
        f.write("ok")
        json.dump(data, f)
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as g:
        print("ok", file=g)
    with SpooledTemporaryFile(1024, "w+") as h:
        h.write("ok")


def bytes_are_fine(data, n):
    with NTF() as f:
        f.write(b"ok")
        f.write(data)
        f.write("x".encode())
        f.write(f"{n}".encode("ascii"))


def unknown_mode(mode):
    with NTF(mode) as f:
        f.write("maybe")


def mocked_class(mock):
    with mock.patch("tempfile.NamedTemporaryFile", mock.MagicMock()):
        def attempt():
            tempfile.NamedTemporaryFile().write("not a real file")
        attempt()


def pretty_and_traceback(obj):
    import pprint
    import traceback
    with tempfile.NamedTemporaryFile() as out:
        pprint.pprint(obj, stream=out)  # want TF008
        traceback.print_exc(file=out)  # want TF008
    with tempfile.NamedTemporaryFile("w+") as text:
        pprint.pprint(obj, stream=text)
        traceback.print_exc(file=text)


def csv_over_binary(rows):
    import csv
    with tempfile.NamedTemporaryFile() as out:
        w = csv.writer(out)  # want TF008
        w.writerows(rows)
        d = csv.DictWriter(out, fieldnames=["a"])  # want TF008
        d.writeheader()
    spool = tempfile.SpooledTemporaryFile(max_size=1024)
    csv.writer(spool).writerow(["a"])  # want TF008
    with tempfile.NamedTemporaryFile("w+", newline="") as text:
        csv.DictWriter(text, fieldnames=["a"]).writerows(rows)
