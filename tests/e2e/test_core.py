"""The core of the real binary: admin endpoints, options, HTTP limits, persistence, SigV4 verify."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from botocore.exceptions import ClientError

from harness import TEST_KEY, TEST_SECRET, EmulatorTestCase, Nimbus, nimbus_binary
from iam_support import ensure_role

SERVICES = {"cloudformation", "iam", "identitystore", "kms", "organizations", "s3", "ssm",
            "sso-admin", "sts"}
FORM = "application/x-www-form-urlencoded; charset=utf-8"


def http(endpoint, path, method="GET", body=None, headers=None):
    """(status, headers, body bytes) of one plain HTTP request."""
    request = urllib.request.Request(endpoint + path, data=body, method=method,
                                     headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def raw_exchange(port, head, body=None, timeout=10):
    """Sends `head` (bytes) on a fresh socket, returns what the server sent back first, then,
    if `body` is given, sends it and returns (first, rest)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(head)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may refuse before reading everything
        first = read_response_head(sock)
        if body is None:
            return first
        sock.sendall(body)
        return first, read_response_head(sock)


def read_response_head(sock):
    data = b""
    deadline = time.time() + 10
    while b"\r\n\r\n" not in data and time.time() < deadline:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


class AdminEndpointsTest(EmulatorTestCase):
    def test_health_endpoints_return_the_same_json(self):
        status, headers, body = http(self.endpoint, "/_nimbus/health")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json")
        health = json.loads(body)
        self.assertRegex(health["version"], r"^\d+\.\d+\.\d+$")
        self.assertEqual(set(health["services"]), SERVICES)
        self.assertEqual(health["services"]["sts"], "running")
        status, _, body = http(self.endpoint, "/_localstack/health")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), health)

    def test_reset_wipes_issued_credentials(self):
        for path in ("/_nimbus/reset", "/moto-api/reset"):
            with self.subTest(path=path):
                ensure_role(self.client("iam", access_key="111122223333"), "reset-me")
                role = self.client("sts").assume_role(
                    RoleArn="arn:aws:iam::111122223333:role/reset-me", RoleSessionName="s1")
                creds = role["Credentials"]
                as_role = self.client("sts", access_key=creds["AccessKeyId"],
                                      secret_key=creds["SecretAccessKey"],
                                      session_token=creds["SessionToken"])
                self.assertEqual(as_role.get_caller_identity()["Account"], "111122223333")
                self.assertEqual(self.client("sts").get_access_key_info(
                    AccessKeyId=creds["AccessKeyId"])["Account"], "111122223333")

                status, _, body = http(self.endpoint, path, method="POST", body=b"")
                self.assertEqual(status, 200)
                self.assertEqual(json.loads(body), {"reset": True})

                identity = as_role.get_caller_identity()
                self.assertEqual(identity["Account"], "000000000000")
                self.assertEqual(identity["Arn"], "arn:aws:iam::000000000000:root")
                self.assertEqual(self.client("sts").get_access_key_info(
                    AccessKeyId=creds["AccessKeyId"])["Account"], "000000000000")

    def test_reset_leaves_ssm_and_kms_working_on_empty_state(self):
        ssm, kms = self.client("ssm"), self.client("kms")
        name = "/" + self.unique("reset")
        ssm.put_parameter(Name=name, Value="before", Type="String")
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]

        status, _, _ = http(self.endpoint, "/_nimbus/reset", method="POST", body=b"")
        self.assertEqual(status, 200)

        with self.assertRaises(ClientError) as cm:
            ssm.get_parameter(Name=name)
        self.assertEqual(cm.exception.response["Error"]["Code"], "ParameterNotFound")
        with self.assertRaises(ClientError) as cm:
            kms.describe_key(KeyId=key_id)
        self.assertEqual(cm.exception.response["Error"]["Code"], "NotFoundException")
        self.assertEqual(ssm.put_parameter(Name=name, Value="after", Type="String")["Version"], 1)
        self.assertEqual(ssm.get_parameter(Name=name)["Parameter"]["Value"], "after")
        self.assertEqual(len(kms.list_keys()["Keys"]), 0)

    def test_reset_needs_post(self):
        status, _, _ = http(self.endpoint, "/_nimbus/reset")
        self.assertEqual(status, 405)

    def test_reset_from_another_web_page_is_forbidden(self):
        # What a page may send cross-origin without a preflight: a text/plain POST.
        status, headers, body = http(self.endpoint, "/_nimbus/reset", method="POST",
                                     body=b"x", headers={"Content-Type": "text/plain",
                                                         "Origin": "http://evil.example"})
        self.assertEqual(status, 403)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertIn("error", json.loads(body))

    def test_reset_with_cross_site_fetch_metadata_is_forbidden(self):
        status, _, _ = http(self.endpoint, "/moto-api/reset", method="POST",
                            headers={"Sec-Fetch-Site": "cross-site"})
        self.assertEqual(status, 403)

    def test_moto_style_reset_without_body_resets(self):
        status, _, body = http(self.endpoint, "/moto-api/reset", method="POST")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), {"reset": True})

    def test_unimplemented_operation_is_501_not_implemented(self):
        with self.assertRaises(ClientError) as cm:
            self.client("iam").get_account_summary()
        error = cm.exception.response["Error"]
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 501)
        self.assertEqual(error["Code"], "NotImplemented")
        self.assertEqual(error["Message"], "nimbus does not implement IAM.GetAccountSummary yet")

    def test_unknown_action_is_invalid_action(self):
        status, headers, body = http(
            self.endpoint, "/", method="POST",
            body=b"Action=FlyToTheMoon&Version=2011-06-15", headers={"Content-Type": FORM})
        self.assertEqual(status, 400)
        text = body.decode()
        self.assertIn("<Code>InvalidAction</Code>", text)
        self.assertIn(f"<RequestId>{headers['x-amzn-RequestId']}</RequestId>", text)

    def test_query_get_request_routes_by_version(self):
        status, headers, body = http(self.endpoint,
                                     "/?Action=GetCallerIdentity&Version=2011-06-15")
        self.assertEqual(status, 200)
        text = body.decode()
        self.assertIn("<Account>000000000000</Account>", text)
        self.assertIn(f"<RequestId>{headers['x-amzn-RequestId']}</RequestId>", text)

    def test_out_of_scope_json_service_is_named(self):
        with self.assertRaises(ClientError) as cm:
            self.client("sqs").list_queues()
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertIn("'sqs'", cm.exception.response["Error"]["Message"])

    def test_expect_100_continue_is_answered_before_the_body(self):
        body = b"Action=GetCallerIdentity&Version=2011-06-15"
        head = (f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{self.nimbus.port}\r\n"
                f"Content-Type: {FORM}\r\nContent-Length: {len(body)}\r\n"
                "Expect: 100-continue\r\n\r\n").encode()
        first, final = raw_exchange(self.nimbus.port, head, body)
        self.assertTrue(first.startswith(b"HTTP/1.1 100 Continue\r\n"), first)
        self.assertTrue(final.startswith(b"HTTP/1.1 200 OK\r\n"), final)

    def test_header_over_64_kib_is_431(self):
        head = (f"GET /_nimbus/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"X-Big: {'a' * (70 * 1024)}\r\n\r\n").encode()
        reply = raw_exchange(self.nimbus.port, head)
        self.assertTrue(reply.startswith(b"HTTP/1.1 431 "), reply[:100])


class LimitsTest(EmulatorTestCase):
    nimbus_args = ("--max-body-bytes", "1000")

    def test_body_over_the_limit_is_413_before_it_is_sent(self):
        head = (f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {FORM}\r\n"
                "Content-Length: 1000000\r\n\r\n").encode()
        started = time.time()
        reply = raw_exchange(self.nimbus.port, head)
        self.assertTrue(reply.startswith(b"HTTP/1.1 413 "), reply[:100])
        self.assertLess(time.time() - started, 5)

    def test_body_over_the_limit_with_expect_gets_413_instead_of_100(self):
        head = ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/x-amz-json-1.1\r\n"
                "X-Amz-Target: AmazonSSM.PutParameter\r\n"
                "Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n").encode()
        reply = raw_exchange(self.nimbus.port, head)
        self.assertTrue(reply.startswith(b"HTTP/1.1 413 "), reply[:100])

    def test_an_s3_object_over_the_limit_with_expect_gets_100_and_streams(self):
        # PutObject's body is spooled to a file: --max-body-bytes does not bound it (S3's 5 GiB
        # limit does).
        head = ("PUT /bucket/key HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n").encode()
        reply = raw_exchange(self.nimbus.port, head)
        self.assertEqual(reply[:100], b"HTTP/1.1 100 Continue\r\n\r\n")

    def test_body_within_the_limit_is_served(self):
        self.assertEqual(self.client("sts").get_caller_identity()["Account"], "000000000000")


class AccountOptionTest(EmulatorTestCase):
    nimbus_args = ("--account", "123456789012")

    def test_unknown_keys_act_in_the_configured_account(self):
        identity = self.client("sts").get_caller_identity()
        self.assertEqual(identity["Account"], "123456789012")
        self.assertEqual(identity["Arn"], "arn:aws:iam::123456789012:root")

    def test_twelve_digit_key_still_wins(self):
        self.assertEqual(self.client("sts", access_key="444455556666").get_caller_identity()
                         ["Account"], "444455556666")


class ProcessTest(unittest.TestCase):
    def test_sigterm_exits_zero_and_says_stopped(self):
        nimbus = Nimbus()
        self.assertEqual(nimbus.stop(), 0)
        self.assertIn("nimbus stopped", nimbus.lines)

    def test_each_request_logs_id_operation_status_and_milliseconds(self):
        nimbus = Nimbus()
        try:
            status, headers, _ = http(nimbus.endpoint, "/", method="POST",
                                      body=b"Action=GetCallerIdentity&Version=2011-06-15",
                                      headers={"Content-Type": FORM})
            self.assertEqual(status, 200)
            status, _, _ = http(nimbus.endpoint, "/", method="POST",
                                body=b"Action=NoSuchThing&Version=2011-06-15",
                                headers={"Content-Type": FORM})
            self.assertEqual(status, 400)
        finally:
            self.assertEqual(nimbus.stop(), 0)
        logged = [line for line in nimbus.lines if line.startswith(headers["x-amzn-RequestId"])]
        self.assertEqual(len(logged), 1, nimbus.lines)
        self.assertRegex(logged[0], r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                    r"[0-9a-f]{12} sts\.GetCallerIdentity 200 \d+\.\d\dms$")
        self.assertTrue(any(line.endswith("ms") and " 400 " in line for line in nimbus.lines),
                        nimbus.lines)

    def test_bad_option_exits_2_with_one_line(self):
        result = subprocess.run([nimbus_binary(), "--port", "0", "--sigv4", "sometimes"],
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr, "nimbus: invalid value for --sigv4: sometimes\n")

    def test_unreadable_credentials_file_exits_1(self):
        result = subprocess.run([nimbus_binary(), "--port", "0", "--credentials",
                                 "/nonexistent/nimbus-credentials"],
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 1)
        self.assertIn("cannot read credentials file", result.stderr)

    def test_data_dir_keeps_issued_credentials_across_restart(self):
        data_dir = tempfile.mkdtemp(prefix="nimbus-e2e-")
        self.addCleanup(shutil.rmtree, data_dir, True)
        first = Nimbus("--data-dir", data_dir)
        try:
            case = EmulatorTestCase()
            case.endpoint = first.endpoint
            ensure_role(case.client("iam", access_key="222233334444"), "persist")
            role = case.client("sts").assume_role(
                RoleArn="arn:aws:iam::222233334444:role/persist", RoleSessionName="s1")
        finally:
            self.assertEqual(first.stop(), 0)
        self.assertTrue(os.path.exists(os.path.join(data_dir, "nimbus.db")))
        creds = role["Credentials"]
        second = Nimbus("--data-dir", data_dir)
        try:
            case = EmulatorTestCase()
            case.endpoint = second.endpoint
            identity = case.client("sts", access_key=creds["AccessKeyId"],
                                   secret_key=creds["SecretAccessKey"],
                                   session_token=creds["SessionToken"]).get_caller_identity()
            self.assertEqual(identity["Account"], "222233334444")
            self.assertEqual(identity["Arn"],
                             "arn:aws:sts::222233334444:assumed-role/persist/s1")
        finally:
            self.assertEqual(second.stop(), 0)

    def test_reset_with_data_dir_empties_the_file_state_that_a_restart_then_finds(self):
        data_dir = tempfile.mkdtemp(prefix="nimbus-e2e-")
        self.addCleanup(shutil.rmtree, data_dir, True)
        case = EmulatorTestCase()
        first = Nimbus("--data-dir", data_dir)
        try:
            case.endpoint = first.endpoint
            ssm = case.client("ssm")
            ssm.put_parameter(Name="/reset/kept", Value="before", Type="String")
            status, _, _ = http(first.endpoint, "/_nimbus/reset", method="POST", body=b"")
            self.assertEqual(status, 200)
            with self.assertRaises(ClientError) as cm:
                ssm.get_parameter(Name="/reset/kept")
            self.assertEqual(cm.exception.response["Error"]["Code"], "ParameterNotFound")
            self.assertEqual(
                ssm.put_parameter(Name="/reset/kept", Value="after", Type="String")["Version"], 1)
        finally:
            self.assertEqual(first.stop(), 0)
        second = Nimbus("--data-dir", data_dir)
        try:
            case.endpoint = second.endpoint
            parameter = case.client("ssm").get_parameter(Name="/reset/kept")["Parameter"]
            self.assertEqual((parameter["Value"], parameter["Version"]), ("after", 1))
        finally:
            self.assertEqual(second.stop(), 0)

    def test_without_data_dir_state_is_gone_after_restart(self):
        first = Nimbus()
        case = EmulatorTestCase()
        case.endpoint = first.endpoint
        ensure_role(case.client("iam", access_key="222233334444"), "gone")
        creds = case.client("sts").assume_role(
            RoleArn="arn:aws:iam::222233334444:role/gone", RoleSessionName="s1")["Credentials"]
        self.assertEqual(first.stop(), 0)
        second = Nimbus()
        try:
            case.endpoint = second.endpoint
            identity = case.client("sts", access_key=creds["AccessKeyId"],
                                   secret_key=creds["SecretAccessKey"],
                                   session_token=creds["SessionToken"]).get_caller_identity()
            self.assertEqual(identity["Account"], "000000000000")
        finally:
            self.assertEqual(second.stop(), 0)


class SigV4VerifyTest(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nimbus-creds-")
        path = os.path.join(cls.tmp, "credentials")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"[ci]\naws_access_key_id = {TEST_KEY}\n"
                    f"aws_secret_access_key = {TEST_SECRET}\naccount_id = 123456789012\n"
                    "user_name = ci-bot\n")
        cls.nimbus_args = ("--sigv4", "verify", "--credentials", path)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.tmp, True)

    def assert_error(self, call, status, code):
        with self.assertRaises(ClientError) as cm:
            call()
        self.assertEqual(cm.exception.response["Error"]["Code"], code)
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)

    def test_right_secret_works(self):
        identity = self.client("sts").get_caller_identity()
        self.assertEqual(identity["Account"], "123456789012")
        self.assertEqual(identity["Arn"], "arn:aws:iam::123456789012:user/ci-bot")

    def test_cli_with_right_secret_works(self):
        self.assertEqual(self.aws("sts", "get-caller-identity")["Account"], "123456789012")

    def test_wrong_secret_is_signature_does_not_match(self):
        sts = self.client("sts", secret_key="not-the-secret")
        self.assert_error(sts.get_caller_identity, 403, "SignatureDoesNotMatch")

    def test_unknown_key_is_invalid_client_token_id(self):
        sts = self.client("sts", access_key="AKIAUNKNOWNKEY000000")
        self.assert_error(sts.get_caller_identity, 403, "InvalidClientTokenId")

    def test_unsigned_reset_is_forbidden(self):
        status, _, _ = http(self.endpoint, "/_nimbus/reset", method="POST")
        self.assertEqual(status, 403)

    def test_health_stays_open_unsigned(self):
        status, _, _ = http(self.endpoint, "/_nimbus/health")
        self.assertEqual(status, 200)

    def test_unsigned_request_is_refused(self):
        status, _, body = http(self.endpoint, "/", method="POST",
                               body=b"Action=GetCallerIdentity&Version=2011-06-15",
                               headers={"Content-Type": FORM})
        self.assertEqual(status, 403)
        self.assertIn(b"<Code>MissingAuthenticationToken</Code>", body)

    def test_sts_issued_credentials_verify(self):
        ensure_role(self.client("iam"), "r")
        creds = self.client("sts").assume_role(
            RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="s1")["Credentials"]
        identity = self.client("sts", access_key=creds["AccessKeyId"],
                               secret_key=creds["SecretAccessKey"],
                               session_token=creds["SessionToken"]).get_caller_identity()
        self.assertEqual(identity["Account"], "123456789012")
        wrong = self.client("sts", access_key=creds["AccessKeyId"], secret_key="x" * 40,
                            session_token=creds["SessionToken"])
        self.assert_error(wrong.get_caller_identity, 403, "SignatureDoesNotMatch")
        no_token = self.client("sts", access_key=creds["AccessKeyId"],
                               secret_key=creds["SecretAccessKey"])
        self.assert_error(no_token.get_caller_identity, 403, "InvalidClientTokenId")

    def test_long_term_key_with_an_invented_session_token_is_refused(self):
        sts = self.client("sts", session_token="FwoGZXIvYXdzEInventedToken")
        self.assert_error(sts.get_caller_identity, 403, "InvalidClientTokenId")

    def test_invented_region_is_refused(self):
        sts = self.client("sts", region="nowhere")
        self.assert_error(sts.get_caller_identity, 403, "SignatureDoesNotMatch")

    def test_json_service_right_secret_passes_authentication(self):
        with self.assertRaises(ClientError) as cm:
            self.client("ssm").get_parameter(Name="/e2e/core/missing")
        # Past authentication: the service's own answer (or 501 while SSM is not implemented).
        self.assertIn(cm.exception.response["Error"]["Code"],
                      {"ParameterNotFound", "NotImplemented"})

    def test_json_service_wrong_secret_is_invalid_signature(self):
        ssm = self.client("ssm", secret_key="not-the-secret")
        self.assert_error(lambda: ssm.get_parameter(Name="/p"), 403, "InvalidSignatureException")

    def test_json_service_unknown_key_is_unrecognized_client(self):
        ssm = self.client("ssm", access_key="AKIAUNKNOWNKEY000000")
        self.assert_error(lambda: ssm.get_parameter(Name="/p"), 403,
                          "UnrecognizedClientException")


if __name__ == "__main__":
    unittest.main()
