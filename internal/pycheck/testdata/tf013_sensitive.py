# TF013: secrets written in plain text into temporary files.
import json
import os
import tempfile
from tempfile import NamedTemporaryFile as NTF


def card_with_generic_suffix(credit_card_raw):
    with tempfile.NamedTemporaryFile() as f:
        f.write(credit_card_raw)  # want TF013


def password(db_password):
    with NTF("w") as f:
        f.write(db_password)  # want TF013


def encoded(api_key):
    with NTF() as f:
        f.write(api_key.encode())  # want TF013


def attribute(cfg):
    with NTF("w") as f:
        print(cfg.client_secret, file=f)  # want TF013


def subscript(settings):
    with tempfile.TemporaryFile("w+") as f:
        f.write(settings["authToken"])  # want TF013


def fstring(user, password):
    with NTF("w") as f:
        f.write(f"{user}:{password}\n")  # want TF013


def json_secrets(secrets):
    with NTF("w", suffix=".json") as f:
        json.dump(secrets, f)  # want TF013


def descriptor(private_key):
    fd, path = tempfile.mkstemp()
    try:
        os.write(fd, private_key)  # want TF013
    finally:
        os.close(fd)
    return path


def through_open(ssn):
    fd, path = tempfile.mkstemp()
    with os.fdopen(fd, "w") as fh:
        fh.write(ssn)  # want TF013
    return path


class Vault:
    def dump(self):
        def inner():
            with NTF("w") as f:
                f.write(self.master_password)  # want TF013
        return inner


def near_misses(token_type, password_file, tokens, log):
    with NTF("w") as f:
        f.write(token_type)
        f.write(password_file)
        f.write(tokens)
    log.write(log.password)
    with open("notes.txt", "w") as g:
        g.write(log.password)


def suppressed(token):
    with NTF("w") as f:
        f.write(token)  # noqa: TF013
