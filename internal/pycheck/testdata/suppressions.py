# Suppressions: on the flagged line only; ruff's noqa forms and tmpguard's own.
import os
import tempfile

a = tempfile.mktemp()  # noqa
b = tempfile.mktemp()  # NOQA: TF001
c = tempfile.mktemp()  # noqa:TF002,TF001
d = tempfile.mktemp()  # noqa: TF002, TF001
e = tempfile.mktemp()  # tmpguard: ignore[TF001]
f = tempfile.mktemp()  # tmpguard: ignore[TF002, TF001]
g = tempfile.mktemp()  # noqa: E501  # want TF001
h = tempfile.mktemp()  # tmpguard: ignore[TF002]  # want TF001
i = tempfile.mktemp()  # some text mentioning noqa is not a directive  # want TF001
# noqa on the line above does not count
j = tempfile.mktemp()  # want TF001
k = tempfile.mktemp(  # noqa: TF001
    suffix=".x",
)
fd, path = tempfile.mkstemp()  # noqa: TF006
open("/tmp/both", "w").write(str(tempfile.mktemp()))  # noqa: TF001  # want TF002
open("/tmp/both", "w").write(str(tempfile.mktemp()))  # tmpguard: ignore[TF001,TF002]
s = "# noqa inside a string"; t = tempfile.mktemp()  # want TF001
