"""1,000 kept-alive connections at once: every one is answered, twice (many_connections.py).

Timing is not asserted here (the debug build is instrumented): bench/connections.py measures it
against the release build.
"""
import resource
import unittest

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

import many_connections
from harness import TEST_KEY, TEST_SECRET, Nimbus

CONNECTIONS = 1000
# The connections, the server's own descriptors (listener, database, models) and the client's.
DESCRIPTORS_NEEDED = 1100


def signed_get_caller_identity(port):
    """A SigV4-signed STS GetCallerIdentity as boto3 sends it, as raw HTTP/1.1 bytes."""
    host = f"127.0.0.1:{port}"
    body = "Action=GetCallerIdentity&Version=2011-06-15"
    request = AWSRequest(method="POST", url=f"http://{host}/", data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    SigV4Auth(Credentials(TEST_KEY, TEST_SECRET), "sts", "us-east-1").add_auth(request)
    head = ["POST / HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}"]
    head += [f"{name}: {value}" for name, value in request.headers.items()
             if name.lower() not in ("host", "content-length")]
    return ("\r\n".join(head) + "\r\n\r\n" + body).encode()


class ThousandConnectionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.saved_limit = resource.getrlimit(resource.RLIMIT_NOFILE)
        if not many_connections.raise_descriptor_limit(DESCRIPTORS_NEEDED):
            raise unittest.SkipTest(
                f"the hard RLIMIT_NOFILE of this machine is {cls.saved_limit[1]}: "
                f"{CONNECTIONS} connections need about {DESCRIPTORS_NEEDED} descriptors")
        cls.nimbus = Nimbus()
        cls.connections = many_connections.open_connections(cls.nimbus.port, CONNECTIONS)
        cls.opened = len(cls.connections)
        payload = signed_get_caller_identity(cls.nimbus.port)
        cls.rounds = [many_connections.run_round(cls.connections, payload,
                                                 in_flight=CONNECTIONS)
                      for _ in range(2)]

    @classmethod
    def tearDownClass(cls):
        many_connections.close_all(cls.connections)
        code = cls.nimbus.stop()
        resource.setrlimit(resource.RLIMIT_NOFILE, cls.saved_limit)
        super().tearDownClass()
        if code != 0:
            raise AssertionError(f"nimbus exited with {code}:\n" +
                                 "\n".join(cls.nimbus.lines[-50:]))

    def test_every_connection_is_accepted(self):
        self.assertEqual(self.opened, CONNECTIONS)

    def test_every_connection_is_answered_200_in_the_first_round(self):
        self.assertEqual(dict(self.rounds[0].statuses), {200: CONNECTIONS})
        self.assertEqual(dict(self.rounds[0].failures), {})

    def test_every_connection_is_kept_alive_and_answered_200_again(self):
        self.assertEqual(dict(self.rounds[1].statuses), {200: CONNECTIONS})
        self.assertEqual(dict(self.rounds[1].failures), {})


if __name__ == "__main__":
    unittest.main()
