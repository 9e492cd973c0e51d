"""Exports a sales report: a few of the classic temporary-file mistakes."""
import json
import os
import subprocess
import tempfile

SCRATCH = "/tmp/sales-export"


def export(rows):
    # The name is reserved but the file is not created: another process can
    # create it first.
    path = tempfile.mktemp(suffix=".csv")
    with open(path, "w") as out:
        for row in rows:
            out.write(",".join(map(str, row)) + "\n")
    return path


def export_json(summary):
    # The default mode is binary: json.dump writes str and fails.
    with tempfile.NamedTemporaryFile(prefix="summary-", suffix=".json") as f:
        json.dump(summary, f)


def render(rows):
    with tempfile.NamedTemporaryFile(suffix=".csv") as f:
        for row in rows:
            f.write(b",".join(str(v).encode() for v in row) + b"\n")
        f.close()
        # delete=True removed the file on close: the program gets a missing path.
        subprocess.run(["wc", "-l", f.name], check=True)


def stage():
    os.makedirs(SCRATCH, exist_ok=True)
    return SCRATCH
