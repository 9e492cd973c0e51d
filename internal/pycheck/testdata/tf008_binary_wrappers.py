# TF008 through a wrapper: a binary stream over a binary temporary file
# (gzip, bz2, lzma, io.BufferedWriter) still takes bytes only, so str
# written into it, or a csv writer over it, raises TypeError. A text
# wrapper (io.TextIOWrapper, codecs.getwriter, gzip.open(..., "wt")) is
# the right way to write text there and is not a finding.
import bz2
import codecs
import csv
import gzip
import io
import json
import lzma
import tempfile


def gzip_assigned(rows):
    with tempfile.NamedTemporaryFile(suffix=".gz") as tmp:
        gz = gzip.GzipFile(fileobj=tmp, mode="wb")
        gz.write("header\n")  # want TF008
        gz.close()


def gzip_open_with_block(report):
    tmp = tempfile.TemporaryFile()
    with gzip.open(tmp, "wb") as out:
        json.dump(report, out)  # want TF008
        print("done", file=out)  # want TF008
    return tmp


def bz2_inline(n):
    with tempfile.NamedTemporaryFile() as tmp:
        bz2.BZ2File(tmp, "w").write(f"{n} items")  # want TF008


def lzma_lines():
    with tempfile.SpooledTemporaryFile(max_size=1 << 20) as spool:
        xz = lzma.open(spool, mode="ab")
        xz.writelines(["a\n", "b\n"])  # want TF008


def buffered_writer(text):
    with tempfile.TemporaryFile() as raw:
        w = io.BufferedWriter(raw)
        w.write("%s\n" % text)  # want TF008


def csv_over_gzip(rows):
    with tempfile.NamedTemporaryFile(suffix=".csv.gz") as tmp:
        with gzip.open(tmp, "wb") as gz:
            csv.writer(gz).writerows(rows)  # want TF008


# Near misses: text wrappers, bytes written, a text temporary file, modes
# that are not known or read.
def text_wrapper(rows):
    with tempfile.NamedTemporaryFile() as tmp:
        text = io.TextIOWrapper(tmp, encoding="utf-8", newline="")
        text.write("header\n")
        csv.writer(text).writerows(rows)
        text.detach()


def codecs_writer(report):
    with tempfile.TemporaryFile() as tmp:
        out = codecs.getwriter("utf-8")(tmp)
        json.dump(report, out)


def gzip_text_mode(report):
    with tempfile.NamedTemporaryFile() as tmp:
        with gzip.open(tmp, "wt", encoding="utf-8") as gz:
            json.dump(report, gz)
            csv.writer(gz).writerow(["a"])


def bytes_into_gzip(data):
    with tempfile.NamedTemporaryFile() as tmp:
        with gzip.GzipFile(fileobj=tmp, mode="wb") as gz:
            gz.write(b"header\n")
            gz.write(data)
            gz.write("x".encode())


def mode_from_a_variable(mode):
    with tempfile.NamedTemporaryFile() as tmp:
        gz = gzip.open(tmp, mode)
        gz.write("maybe text")


def gzip_without_mode():
    # GzipFile takes the mode of the file object ("rb+"): it reads, and
    # a write fails with OSError, not TypeError: another mistake.
    with tempfile.NamedTemporaryFile() as tmp:
        gz = gzip.GzipFile(fileobj=tmp)
        gz.write("x")


def not_a_temporary_file(path):
    # The same TypeError, but not in a temporary file: outside TF008.
    with open(path, "wb") as raw:
        gz = gzip.GzipFile(fileobj=raw, mode="wb")
        gz.write("x")


def rebound_to_text(rows):
    with tempfile.NamedTemporaryFile() as tmp:
        out = gzip.open(tmp, "wb")
        out = io.TextIOWrapper(out)
        out.write("header\n")
