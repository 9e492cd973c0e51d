"""The same jobs done right: nothing here is reported."""
import json
import os
import subprocess
import tempfile


def export_json(summary):
    with tempfile.NamedTemporaryFile("w", prefix="summary-", suffix=".json") as f:
        json.dump(summary, f)
        f.flush()
        subprocess.run(["wc", "-c", f.name], check=True)


def fetch(blob):
    with tempfile.TemporaryDirectory(prefix="cache-") as work:
        target = os.path.join(work, "blob.bin")
        with open(target, "wb") as f:
            f.write(blob)
        return os.path.getsize(target)


def buffer_some(chunks):
    with tempfile.SpooledTemporaryFile(max_size=1 << 20) as spool:
        for c in chunks:
            spool.write(c)
        return spool.tell()
