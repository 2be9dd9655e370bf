"""A server under `--sigv4 verify` that knows one key from a credentials file: the set-up of the
suites that check signatures."""
import os
import shutil
import tempfile

from harness import TEST_KEY, TEST_SECRET, EmulatorTestCase


class VerifiedTestCase(EmulatorTestCase):
    """Its server checks every signature against the credentials file written here: one profile
    (PROFILE) with ACCESS_KEY and SECRET_KEY of ACCOUNT, as the account's root or, with USER_NAME,
    as that IAM user. Subclasses change the class attributes they need."""

    PROFILE = "admin"
    ACCESS_KEY = TEST_KEY
    SECRET_KEY = TEST_SECRET
    ACCOUNT = "123456789012"
    USER_NAME = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nimbus-creds-")
        path = os.path.join(cls.tmp, "credentials")
        profile = (f"[{cls.PROFILE}]\naws_access_key_id = {cls.ACCESS_KEY}\n"
                   f"aws_secret_access_key = {cls.SECRET_KEY}\naccount_id = {cls.ACCOUNT}\n")
        if cls.USER_NAME:
            profile += f"user_name = {cls.USER_NAME}\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(profile)
        cls.nimbus_args = ("--sigv4", "verify", "--credentials", path)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.tmp, True)
