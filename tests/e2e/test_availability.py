"""Availability under load that is not the caller's fault: a slow call (an RSA 4096 key takes
seconds to generate) does not hold up quick calls on other connections, and running out of file
descriptors pauses accepting connections instead of spinning."""
import os
import re
import socket
import threading
import time
import unittest

from harness import EmulatorTestCase


def cpu_seconds(pid):
    """User plus system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


class OutOfDescriptorsTest(EmulatorTestCase):
    nimbus_nofile = (64, 64)

    def test_accepting_pauses_at_the_connection_limit_and_resumes_after(self):
        request = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
                   b"\r\nContent-Length: 43\r\n\r\nAction=GetCallerIdentity&Version=2011-06-15")
        clients = []
        for _ in range(100):  # more than 64 descriptors: the rest wait in the listen backlog
            client = socket.create_connection(("127.0.0.1", self.nimbus.port))
            client.sendall(request)
            clients.append(client)
        time.sleep(0.5)
        before = cpu_seconds(self.nimbus.proc.pid)
        time.sleep(2)
        spent = cpu_seconds(self.nimbus.proc.pid) - before
        # A loop retrying accept at once would spend the two seconds on a core.
        self.assertLess(spent, 0.5)
        refusals = self.nimbus.wait_for(lambda line: "cannot accept connections" in line)
        self.assertEqual(len(refusals), 1, refusals)
        limit = int(re.search(r"at the limit of (\d+) open connections", refusals[0]).group(1))
        # 64 less the server's own descriptors, less the 16 kept for files.
        self.assertTrue(30 <= limit <= 48, refusals[0])
        # Descriptors stay free for the store's files while clients wait.
        self.assertLessEqual(len(os.listdir(f"/proc/{self.nimbus.proc.pid}/fd")), 64 - 16)
        answered = 0
        for client in clients:
            client.settimeout(0.05)
            try:
                answered += client.recv(12).startswith(b"HTTP/1.1 200")
            except socket.timeout:
                pass
        self.assertEqual(answered, limit)
        for client in clients:
            client.close()
        identity = self.client("sts").get_caller_identity()
        self.assertEqual(identity["Account"], "000000000000")


class DescriptorLimitTest(EmulatorTestCase):
    nimbus_nofile = (64, 4096)

    def test_the_soft_descriptor_limit_is_raised_to_the_hard_limit(self):
        with open(f"/proc/{self.nimbus.proc.pid}/limits") as f:
            line = next(line for line in f if line.startswith("Max open files"))
        self.assertEqual(line.split()[3:5], ["4096", "4096"])


if __name__ == "__main__":
    unittest.main()
