"""Availability under load that is not the caller's fault: a slow call (an RSA 4096 key takes
seconds to generate) does not hold up quick calls on other connections."""
import threading
import time
import unittest

from harness import EmulatorTestCase


class SlowCallsTest(EmulatorTestCase):
    # One I/O thread: before slow work left the I/O threads, every connection waited for a key.
    nimbus_args = ("--threads", "1")

    def test_quick_calls_are_answered_while_rsa_4096_keys_are_generated(self):
        kms = self.client("kms")
        sts = self.client("sts")
        finished = []

        def make_keys():
            for _ in range(3):
                kms.create_key(KeySpec="RSA_4096", KeyUsage="SIGN_VERIFY")
            finished.append(time.monotonic())

        maker = threading.Thread(target=make_keys)
        maker.start()
        time.sleep(0.05)  # the first CreateKey is under way
        answered = []
        for _ in range(10):
            self.assertEqual(sts.get_caller_identity()["Account"], "000000000000")
            answered.append(time.monotonic())
        maker.join()
        self.assertEqual(len(finished), 1)
        # All ten were answered before the third key was made.
        self.assertLess(answered[-1], finished[0])
        keys = [k["KeyId"] for k in kms.list_keys()["Keys"]]
        specs = {kms.describe_key(KeyId=k)["KeyMetadata"]["KeySpec"] for k in keys}
        self.assertEqual((len(keys), specs), (3, {"RSA_4096"}))


if __name__ == "__main__":
    unittest.main()
