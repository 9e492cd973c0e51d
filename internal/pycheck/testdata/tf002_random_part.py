# TF002: a hardcoded root with a random part in the name cannot be planted
# in advance: still a finding (TMPDIR ignored, default mode), low risk
# (messages_test.go checks the wording).
import os
import random
import string
import uuid


def random_name(length=8):
    return "".join(random.choice(string.ascii_letters) for _ in range(length))


class Handler:
    def __init__(self):
        self.common = f"/tmp/ansible-test-{random_name()}"

    def setup(self):
        os.mkdir(os.path.join(self.common, "coverage"))  # want TF002


def with_uuid():
    os.makedirs(f"/tmp/job-{uuid.uuid4().hex}")  # want TF002


# Near miss for the wording: a fixed name is not low risk.
def fixed():
    os.makedirs("/tmp/job-fixed")  # want TF002
