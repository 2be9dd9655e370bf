"""The mutation probe (issue 9): seeded mutants of every captured client request and of one request
per emulated operation (tests/e2e/mutants.py), sent over raw HTTP to the binary under test, every
answer judged (tests/e2e/probe.py). bench/mutate.py runs the same at scale on the release binary.

A failure lists each surprise with the mutant's number and bytes; mutants.make_mutant(seed, number,
mutants.originals(), host) builds it again. NIMBUS_MUTANTS changes the number of mutants per run.
Below the probe: the defects it found, each kept as a plain test.
"""
import os
import re
import shutil
import tempfile
import unittest

import probe
from harness import EmulatorTestCase
from mutants import awsreq

COUNT = int(os.environ.get("NIMBUS_MUTANTS", "6000"))
ACCESS_LINE = re.compile(r"^[0-9a-f-]{36} [!-~]+\.[!-~]+ \d{3} \d+\.\d\dms$")


class ProbeChecks:
    """The oracle's checks, one test each, over one probe run made in setUpClass."""

    seed = 0
    count = COUNT

    @classmethod
    def run_probe(cls):
        cls.probe = probe.Probe(cls.nimbus.port, cls.seed)
        cls.probe.run(cls.count)
        cls.alive = cls.probe.alive()

    def assert_no_problem(self, kind):
        found = [p for p in self.probe.problems if kind(p)]
        saved, self.probe.problems = self.probe.problems, found
        try:
            self.assertEqual(len(found), 0, self.probe.report())
        finally:
            self.probe.problems = saved

    def test_every_mutant_was_sent(self):
        self.assertEqual(self.probe.sent, self.count)
        self.assertEqual(sum(self.probe.statuses.values()), self.count)

    def test_every_captured_operation_was_mutated_several_times(self):
        names = [name for name, _ in probe.mutants.captures()]
        self.assertEqual(len(names), 61)  # tests/data/fixtures/requests/*/*.http
        self.assertEqual({name: self.probe.per_capture[name] >= 5 for name in names},
                         {name: True for name in names})

    def test_every_request_is_answered_within_five_seconds(self):
        self.assert_no_problem(lambda p: p[3] is None)

    def test_no_answer_is_a_server_error(self):
        self.assert_no_problem(lambda p: p[1].startswith("status 5"))
        self.assertEqual([s for s in self.probe.statuses if isinstance(s, int) and s >= 500],
                         [501])

    def test_every_error_body_parses_in_the_protocol_of_its_content_type(self):
        self.assert_no_problem(lambda p: p[3] is not None and not p[1].startswith(
            ("status ", "control byte")))

    def test_no_answer_header_carries_a_control_byte(self):
        self.assert_no_problem(lambda p: p[1].startswith("control byte"))

    def test_the_server_still_answers_get_caller_identity(self):
        self.assertEqual(self.alive, 200)

    def test_every_access_log_line_is_one_well_formed_line(self):
        logged = [line for line in self.nimbus.lines[1:] if line != "nimbus stopped"]
        self.assertGreater(len(logged), self.count // 2)
        self.assertEqual([line for line in logged if not ACCESS_LINE.match(line)][:10], [])


class MutationProbeTest(ProbeChecks, EmulatorTestCase):
    seed = 9

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.run_probe()

    def test_mutants_reach_handlers_and_every_refusal(self):
        statuses = self.probe.statuses
        self.assertEqual({s: statuses[s] > 0 for s in (200, 400, 413, 431, 501)},
                         {200: True, 400: True, 413: True, 431: True, 501: True})


class VerifyModeMutationProbeTest(ProbeChecks, EmulatorTestCase):
    """The same under --sigv4 verify with the fixtures' key known: the re-signed half of the
    mutants reaches the handlers, the rest goes through the authentication checks."""

    seed = 10
    count = COUNT // 2

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nimbus-mutants-")
        awsreq.credentials_file(os.path.join(cls.tmp, "credentials"))
        cls.nimbus_args = ("--sigv4", "verify", "--credentials",
                           os.path.join(cls.tmp, "credentials"))
        super().setUpClass()
        cls.run_probe()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.tmp, True)

    def test_mutants_reach_handlers_and_authentication_refuses_the_rest(self):
        statuses = self.probe.statuses
        self.assertEqual({s: statuses[s] > 0 for s in (200, 400, 403, 501)},
                         {200: True, 400: True, 403: True, 501: True})


def raw(port, data):
    """The probe.Answer to `data` sent on a fresh connection."""
    client = probe.Client(port, 5)
    try:
        answer = client.exchange(data, fresh=True)
    finally:
        client.close()
    return answer


class ProbeFindingsTest(EmulatorTestCase):
    """What the probe found, one request each (fixed in the same change)."""

    def test_an_action_with_a_line_feed_cannot_forge_an_access_log_line(self):
        forged = "00000000-0000-4000-8000-000000000000 sts.AssumeRole 200 0.01ms"
        body = ("Action=GetCallerIdentity%0A" + forged.replace(" ", "%20")
                + "&Version=2011-06-15").encode()
        answer = raw(self.nimbus.port, b"POST / HTTP/1.1\r\nHost: h\r\nContent-Type: "
                     b"application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s"
                     % (len(body), body))
        self.assertEqual(answer.status, 400)
        request_id = answer.header(b"x-amzn-requestid").decode()
        self.assertEqual([line for line in self.nimbus.lines if line.startswith(forged[:36])], [])
        logged = self.nimbus.wait_for(lambda line: line.startswith(request_id))
        self.assertEqual(len(logged), 1, self.nimbus.lines[-5:])
        # The name is cut at 64 bytes, then percent-encoded.
        self.assertTrue(logged[0].startswith(
            f"{request_id} sts.GetCallerIdentity%0A00000000-0000-4000-8000-000000000000%20sts.Assum"
            " 400 "), logged[0])

    def test_an_error_message_goes_on_past_a_nul_the_client_sent(self):
        body = b"Action=Get%00Caller&Version=2011-06-15"
        answer = raw(self.nimbus.port, b"POST / HTTP/1.1\r\nHost: h\r\nContent-Type: "
                     b"application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s"
                     % (len(body), body))
        self.assertEqual(answer.status, 400)
        self.assertIn("<Message>The action Get\ufffdCaller is not valid for this web service."
                      "</Message>", answer.body.decode())

    def test_a_control_byte_in_a_json_content_type_is_not_echoed_in_the_answer(self):
        answer = raw(self.nimbus.port, b"POST / HTTP/1.1\r\nHost: h\r\n"
                     b"X-Amz-Target: AmazonSSM.GetParameter\r\n"
                     b"Content-Type: application/x-amz-json-\x0b1.1\r\nContent-Length: 2\r\n\r\n{}")
        self.assertEqual(answer.status, 400)
        self.assertEqual(answer.header(b"content-type"), b"application/x-amz-json-1.1")
        self.assertEqual(answer.body, b'{"__type":"BadRequest","message":"An error occurred when '
                                      b'parsing the HTTP request."}')


if __name__ == "__main__":
    unittest.main()
