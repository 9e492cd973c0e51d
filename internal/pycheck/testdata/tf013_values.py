# TF013: secrets recognized by more than the variable's name: environment
# variables, dict keys dumped as JSON, PEM private keys; written into any
# temporary object.
import json
import os
import tempfile

KEY_PEM = """-----BEGIN RSA PRIVATE KEY-----
MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu
-----END RSA PRIVATE KEY-----
"""


def from_environment():
    tok = os.environ["GITHUB_TOKEN"]
    with tempfile.NamedTemporaryFile("w") as f:
        f.write(tok)  # want TF013


def dict_dumped(user):
    creds = {"user": user, "api_key": os.environ.get("SERVICE")}
    with tempfile.TemporaryFile("w+") as f:
        json.dump(creds, f)  # want TF013


def pem_written():
    with tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False) as f:
        f.write(KEY_PEM)  # want TF013
    return f.name


def inside_temporary_directory(secret_value):
    with tempfile.TemporaryDirectory() as td:
        with open(os.path.join(td, "cred"), "w") as fh:
            fh.write(secret_value)  # want TF013


# Near misses: nothing secret.
def harmless(user):
    home = os.environ["HOME"]
    with tempfile.NamedTemporaryFile("w") as f:
        f.write(home)
        json.dump({"user": user, "tokens_used": 3}, f)
        f.write("-----BEGIN CERTIFICATE-----\n")
