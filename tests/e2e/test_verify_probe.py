"""The verify-mode probe (issue 9): nimbus under --sigv4 verify with the keys of two accounts.

1. Every captured request of a service nimbus routes is sent over raw HTTP signed correctly and
   forged a dozen ways; only the correct signatures pass authentication, and each forgery gets the
   code AWS answers for it in the request's protocol (src/core/dispatch_auth.cc).
2. Resources of account A (an SSM parameter, a KMS key, an SSO instance, an organization)
   addressed by name, id or ARN with account B's credentials are never read, listed, changed or
   deleted.

test_core.SigV4VerifyTest has the single cases through boto3; this is the matrix over every
capture, and the two-account isolation.
"""
import datetime
import json
import os
import re
import shutil
import tempfile

from botocore.exceptions import ClientError

import probe
from harness import TEST_KEY, TEST_SECRET, EmulatorTestCase
from iam_support import ensure_role
from mutants import awsreq, captures

ACCOUNT_A, KEY_A, SECRET_A = "111111111111", TEST_KEY, TEST_SECRET
# The second example key pair of the AWS documentation.
ACCOUNT_B, KEY_B, SECRET_B = ("222222222222", "AKIAI44QH8DHBEXAMPLE",
                              "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY")
INVENTED_TOKEN = "FwoGZXIvYXdzEInventedSessionToken"
# The account whose role the CDK capture assumes (cdk-hnb659fds-deploy-role-...): a key of its
# own creates that role in IAM, since AssumeRole refuses a role that does not exist.
ACCOUNT_CDK, KEY_CDK, SECRET_CDK = ("123456789012", "AKIACDKCAPTUREOWNER0",
                                    "cdkCaptureOwnerSecret0000000000000000000")

# What each forgery is answered, by the protocol of the request: (status, code).
REFUSALS = {
    "query": {
        "signature_with_one_byte_changed": (403, "SignatureDoesNotMatch"),
        "signed_with_the_wrong_secret": (403, "SignatureDoesNotMatch"),
        "key_of_account_b_with_the_secret_of_a": (403, "SignatureDoesNotMatch"),
        "unknown_key_id": (403, "InvalidClientTokenId"),
        "dated_20_minutes_ago": (400, "RequestExpired"),
        "dated_20_minutes_ahead": (400, "RequestExpired"),
        # Query requests are routed by their credential scope; an action and Version of another
        # service than the scope's is refused as AWS refuses a wrong scope.
        "scoped_to_another_service": (403, "SignatureDoesNotMatch"),
        "scoped_to_a_fake_region": (403, "SignatureDoesNotMatch"),
        "body_changed_after_signing": (403, "SignatureDoesNotMatch"),
        "session_token_not_issued_by_nimbus": (403, "InvalidClientTokenId"),
        "session_token_issued_for_another_key": (403, "InvalidClientTokenId"),
        "host_not_signed": (400, "IncompleteSignature"),
        "not_signed_at_all": (403, "MissingAuthenticationToken"),
    },
    "json": {
        "signature_with_one_byte_changed": (403, "InvalidSignatureException"),
        "signed_with_the_wrong_secret": (403, "InvalidSignatureException"),
        "key_of_account_b_with_the_secret_of_a": (403, "InvalidSignatureException"),
        "unknown_key_id": (403, "UnrecognizedClientException"),
        "dated_20_minutes_ago": (400, "InvalidSignatureException"),
        "dated_20_minutes_ahead": (400, "InvalidSignatureException"),
        "scoped_to_another_service": (403, "InvalidSignatureException"),
        "scoped_to_a_fake_region": (403, "InvalidSignatureException"),
        "body_changed_after_signing": (403, "InvalidSignatureException"),
        "session_token_not_issued_by_nimbus": (403, "UnrecognizedClientException"),
        "session_token_issued_for_another_key": (403, "UnrecognizedClientException"),
        "host_not_signed": (400, "IncompleteSignatureException"),
        "not_signed_at_all": (403, "MissingAuthenticationTokenException"),
    },
    "s3": {
        "signature_with_one_byte_changed": (403, "SignatureDoesNotMatch"),
        "signed_with_the_wrong_secret": (403, "SignatureDoesNotMatch"),
        "key_of_account_b_with_the_secret_of_a": (403, "SignatureDoesNotMatch"),
        "unknown_key_id": (403, "InvalidAccessKeyId"),
        "dated_20_minutes_ago": (403, "RequestTimeTooSkewed"),
        "dated_20_minutes_ahead": (403, "RequestTimeTooSkewed"),
        # Routed by the scope to STS, where a request without Action is MissingAction.
        "scoped_to_another_service": (400, "MissingAction"),
        "scoped_to_a_fake_region": (403, "SignatureDoesNotMatch"),
        "body_changed_after_signing": (403, "SignatureDoesNotMatch"),
        "session_token_not_issued_by_nimbus": (403, "InvalidAccessKeyId"),
        "session_token_issued_for_another_key": (403, "InvalidAccessKeyId"),
        "host_not_signed": (400, "AuthorizationHeaderMalformed"),
        "not_signed_at_all": (403, "AccessDenied"),
    },
}
AUTH_CODES = {code for table in REFUSALS.values() for _, code in table.values()}


def wire_of(name, request):
    if "/s3." in name:
        return "s3"
    return "json" if request.header("X-Amz-Target") else "query"


def signed(request, host, key=KEY_A, secret=SECRET_A, region=None, service=None, now=None,
           sign_host=True, token=None):
    """A copy of `request` signed afresh: the capture's scope and signed headers unless told
    otherwise, without its invented session token unless `token` is given."""
    copy = awsreq.Request(request.method, request.target, list(request.headers), request.body)
    copy.headers = copy.without("X-Amz-Security-Token")
    fields = dict(part.strip().split("=", 1)
                  for part in request.header("Authorization").split(" ", 1)[1].split(","))
    _, _, old_region, old_service, _ = fields["Credential"].split("/")
    names = [n for n in fields["SignedHeaders"].split(";")
             if n != "x-amz-security-token" and (sign_host or n != "host")]
    if token is not None:
        copy.set_header("X-Amz-Security-Token", token)
        names = sorted(names + ["x-amz-security-token"])
    # awsreq.sign takes the scope and the signed headers from the Authorization it replaces.
    copy.set_header("Authorization", f"AWS4-HMAC-SHA256 Credential=K/20000101/"
                                     f"{region or old_region}/{service or old_service}/"
                                     f"aws4_request, SignedHeaders={';'.join(names)}, Signature=0")
    return awsreq.sign(copy, host, now=now, access_key=key, secret_key=secret)


def another_service(request):
    """An emulated service other than the one `request` is signed for."""
    service = request.header("Authorization").split("/")[3]
    if request.header("X-Amz-Target"):
        return "ssm" if service == "kms" else "kms"
    return "iam" if service == "sts" else "sts"


def with_signature_byte_changed(request):
    auth = request.header("Authorization")
    request.set_header("Authorization", auth[:-1] + ("0" if auth[-1] != "0" else "1"))
    return request


def with_body_changed(request):
    request.body += b" "
    return request


def without_signature(request):
    request.headers = request.without("Authorization", "X-Amz-Security-Token")
    return request


def code_of(answer):
    """The error code of a JSON or XML answer; None for an answer without a body (HEAD)."""
    if not answer.body:
        return None
    if b"json" in (answer.header(b"content-type") or b""):
        return json.loads(answer.body).get("__type")
    match = re.search(rb"<Code>([^<]*)</Code>", answer.body)
    return match.group(1).decode() if match else None


def credentials_file(path):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"[a]\naws_access_key_id = {KEY_A}\naws_secret_access_key = {SECRET_A}\n"
                f"account_id = {ACCOUNT_A}\n[b]\naws_access_key_id = {KEY_B}\n"
                f"aws_secret_access_key = {SECRET_B}\naccount_id = {ACCOUNT_B}\n"
                f"[cdk]\naws_access_key_id = {KEY_CDK}\naws_secret_access_key = {SECRET_CDK}\n"
                f"account_id = {ACCOUNT_CDK}\n")


class TwoAccountsTestCase(EmulatorTestCase):
    """nimbus --sigv4 verify knowing the keys of accounts A and B."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nimbus-verify-probe-")
        credentials_file(os.path.join(cls.tmp, "credentials"))
        cls.nimbus_args = ("--sigv4", "verify", "--credentials",
                           os.path.join(cls.tmp, "credentials"))
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.tmp, True)

    def a(self, service):
        return self.client(service, access_key=KEY_A, secret_key=SECRET_A)

    def b(self, service):
        return self.client(service, access_key=KEY_B, secret_key=SECRET_B)


class VerifyMatrixTest(TwoAccountsTestCase):
    """Every capture, every case, sent once in setUpClass; each test checks one case."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        host = f"127.0.0.1:{cls.nimbus.port}"
        ensure_role(EmulatorTestCase.client(cls, "iam"), "probe")
        ensure_role(EmulatorTestCase.client(cls, "iam", access_key=KEY_CDK, secret_key=SECRET_CDK),
                    "cdk-hnb659fds-deploy-role-123456789012-us-east-1")
        issued = EmulatorTestCase.client(cls, "sts").assume_role(  # a key of its own
            RoleArn=f"arn:aws:iam::{ACCOUNT_A}:role/probe", RoleSessionName="probe")
        now = datetime.datetime.now(datetime.timezone.utc)
        cases = {
            "correctly_signed": lambda r: signed(r, host),
            "signature_with_one_byte_changed": lambda r: with_signature_byte_changed(
                signed(r, host)),
            "signed_with_the_wrong_secret": lambda r: signed(r, host, secret="x" * 40),
            "key_of_account_b_with_the_secret_of_a": lambda r: signed(r, host, key=KEY_B),
            "unknown_key_id": lambda r: signed(r, host, key="AKIAUNKNOWNKEY000000"),
            "dated_20_minutes_ago": lambda r: signed(r, host,
                                                     now=now - datetime.timedelta(minutes=20)),
            "dated_20_minutes_ahead": lambda r: signed(r, host,
                                                       now=now + datetime.timedelta(minutes=20)),
            "scoped_to_another_service": lambda r: signed(r, host, service=another_service(r)),
            "scoped_to_a_fake_region": lambda r: signed(r, host, region="xx-fake-1"),
            "body_changed_after_signing": lambda r: with_body_changed(signed(r, host)),
            "session_token_not_issued_by_nimbus": lambda r: signed(r, host, token=INVENTED_TOKEN),
            "session_token_issued_for_another_key": lambda r: signed(
                r, host, token=issued["Credentials"]["SessionToken"]),
            "host_not_signed": lambda r: signed(r, host, sign_host=False),
            "not_signed_at_all": lambda r: without_signature(signed(r, host)),
        }
        cls.results = {}  # (capture, case) -> (wire, status, code)
        client = probe.Client(cls.nimbus.port, 10)
        for name, request in cls.routed_captures():
            for case, make in cases.items():
                message = make(request)
                answer = client.exchange(message.to_bytes(host), fresh=True,
                                         head=message.method == "HEAD")
                cls.results[(name, case)] = (wire_of(name, request), answer.status,
                                             code_of(answer))

    @staticmethod
    def routed_captures():
        # SQS and CloudWatch are not emulated: refused by routing before authentication.
        return [(name, r) for name, r in captures()
                if not any(s in name for s in ("/sqs.", "/monitoring."))]

    @staticmethod
    def payload_unsigned(request):
        return (request.header("X-Amz-Content-SHA256") or "").startswith(
            ("UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED"))

    def assert_refused(self, case):
        wrong = {}
        for name, request in self.routed_captures():
            if case == "body_changed_after_signing" and self.payload_unsigned(request):
                continue  # AWS too accepts any body when the client chose not to sign it
            wire, status, code = self.results[(name, case)]
            expected = REFUSALS[wire][case]
            if request.method == "HEAD":
                expected = (expected[0], None)  # S3 answers HEAD errors without a body
            if (status, code) != expected:
                wrong[name] = (status, code, "expected", expected)
        self.assertEqual(wrong, {})

    def test_every_routed_capture_is_in_the_matrix(self):
        self.assertEqual(len(self.routed_captures()), 57)
        self.assertEqual(len(self.results), 57 * 14)

    def test_correctly_signed_requests_pass_authentication(self):
        refused = {name: self.results[(name, "correctly_signed")][1:]
                   for name, _ in self.routed_captures()
                   if self.results[(name, "correctly_signed")][2] in AUTH_CODES
                   or self.results[(name, "correctly_signed")][1] == 403}
        self.assertEqual(refused, {})

    def test_no_forgery_is_accepted(self):
        accepted = {}
        for (name, case), (wire, status, code) in self.results.items():
            refused = status in (400, 403) and (code in AUTH_CODES or code is None
                                                or code == "IncompleteBody")
            accepted[case] = accepted.get(case, 0) + (0 if refused else 1)
        self.assertEqual(accepted, {case: 57 if case == "correctly_signed" else 0
                                    for case in accepted})

    def test_a_changed_signature_byte_is_refused(self):
        self.assert_refused("signature_with_one_byte_changed")

    def test_the_wrong_secret_is_refused(self):
        self.assert_refused("signed_with_the_wrong_secret")

    def test_one_account_key_with_another_account_secret_is_refused(self):
        self.assert_refused("key_of_account_b_with_the_secret_of_a")

    def test_an_unknown_key_id_is_refused(self):
        self.assert_refused("unknown_key_id")

    def test_a_date_20_minutes_ago_is_refused(self):
        self.assert_refused("dated_20_minutes_ago")

    def test_a_date_20_minutes_ahead_is_refused(self):
        self.assert_refused("dated_20_minutes_ahead")

    def test_a_scope_for_another_service_is_refused(self):
        self.assert_refused("scoped_to_another_service")

    def test_a_scope_for_a_fake_region_is_refused(self):
        self.assert_refused("scoped_to_a_fake_region")

    def test_a_body_changed_after_signing_is_refused(self):
        self.assert_refused("body_changed_after_signing")

    def test_a_session_token_nimbus_did_not_issue_is_refused(self):
        self.assert_refused("session_token_not_issued_by_nimbus")

    def test_a_session_token_issued_for_another_key_is_refused(self):
        self.assert_refused("session_token_issued_for_another_key")

    def test_a_signature_without_host_is_refused(self):
        self.assert_refused("host_not_signed")

    def test_a_request_without_signature_is_refused(self):
        self.assert_refused("not_signed_at_all")


class CrossAccountTest(TwoAccountsTestCase):
    """Account B's credentials against account A's resources, by name, id and ARN."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Before account A manages an organization, which may not hold an account instance.
        cls.instance_of_a = EmulatorTestCase.client(
            cls, "sso-admin", access_key=KEY_A, secret_key=SECRET_A).create_instance(
                Name="probe-a")["InstanceArn"]

    def refused(self, call, **kwargs):
        """(status, code) of a call that must fail."""
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        response = cm.exception.response
        return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"]

    def test_ssm_parameter_of_account_a_is_not_read_or_listed_by_account_b(self):
        name = "/" + self.unique("probe")
        self.a("ssm").put_parameter(Name=name, Value="a-secret", Type="SecureString")
        arn = self.a("ssm").get_parameter(Name=name)["Parameter"]["ARN"]
        self.assertEqual(arn, f"arn:aws:ssm:us-east-1:{ACCOUNT_A}:parameter{name}")
        ssm = self.b("ssm")
        for key in (name, arn):
            self.assertEqual(self.refused(ssm.get_parameter, Name=key, WithDecryption=True),
                             (400, "ParameterNotFound"))
            self.assertEqual(self.refused(ssm.get_parameter_history, Name=key),
                             (400, "ParameterNotFound"))
        got = ssm.get_parameters(Names=[name, arn], WithDecryption=True)
        self.assertEqual((got["Parameters"], got["InvalidParameters"]), ([], [name, arn]))
        self.assertEqual(ssm.get_parameters_by_path(Path="/", Recursive=True)["Parameters"], [])
        self.assertEqual(ssm.describe_parameters()["Parameters"], [])
        self.assertEqual(self.refused(ssm.list_tags_for_resource, ResourceType="Parameter",
                                      ResourceId=name), (400, "InvalidResourceId"))

    def test_ssm_parameter_of_account_a_is_not_changed_or_deleted_by_account_b(self):
        name = "/" + self.unique("probe")
        self.a("ssm").put_parameter(Name=name, Value="a-value", Type="String")
        arn = f"arn:aws:ssm:us-east-1:{ACCOUNT_A}:parameter{name}"
        ssm = self.b("ssm")
        self.assertEqual(self.refused(ssm.label_parameter_version, Name=arn, Labels=["b"]),
                         (400, "ParameterNotFound"))
        self.assertEqual(self.refused(ssm.add_tags_to_resource, ResourceType="Parameter",
                                      ResourceId=name, Tags=[{"Key": "k", "Value": "b"}]),
                         (400, "InvalidResourceId"))
        self.assertEqual(self.refused(ssm.put_parameter, Name=arn, Value="b", Type="String",
                                      Overwrite=True), (400, "ValidationException"))
        for key in (name, arn):
            self.assertEqual(self.refused(ssm.delete_parameter, Name=key),
                             (400, "ParameterNotFound"))
        deleted = ssm.delete_parameters(Names=[name, arn])
        self.assertEqual((deleted["DeletedParameters"], deleted["InvalidParameters"]),
                         ([], [name, arn]))
        parameter = self.a("ssm").get_parameter(Name=name)["Parameter"]
        self.assertEqual((parameter["Value"], parameter["Version"]), ("a-value", 1))
        self.assertEqual(self.a("ssm").get_parameter_history(Name=name)["Parameters"][0]["Labels"],
                         [])
        self.assertEqual(self.a("ssm").list_tags_for_resource(
            ResourceType="Parameter", ResourceId=name)["TagList"], [])

    def test_kms_key_of_account_a_is_not_read_listed_or_used_by_account_b(self):
        key = self.a("kms").create_key()["KeyMetadata"]
        alias = "alias/" + self.unique("probe")
        self.a("kms").create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
        blob = self.a("kms").encrypt(KeyId=key["KeyId"], Plaintext=b"a-secret")["CiphertextBlob"]
        kms = self.b("kms")
        alias_arn = key["Arn"].replace(f":key/{key['KeyId']}", f":{alias}")
        for key_id in (key["KeyId"], key["Arn"], alias_arn):
            self.assertEqual(self.refused(kms.describe_key, KeyId=key_id),
                             (400, "NotFoundException"))
            self.assertEqual(self.refused(kms.encrypt, KeyId=key_id, Plaintext=b"b"),
                             (400, "NotFoundException"))
        self.assertEqual(self.refused(kms.decrypt, CiphertextBlob=blob), (400, "NotFoundException"))
        self.assertEqual(self.refused(kms.decrypt, CiphertextBlob=blob, KeyId=key["Arn"]),
                         (400, "NotFoundException"))
        self.assertEqual(self.refused(kms.get_key_policy, KeyId=key["Arn"], PolicyName="default"),
                         (400, "NotFoundException"))
        self.assertEqual(kms.list_keys()["Keys"], [])
        self.assertNotIn(alias, [a["AliasName"] for a in kms.list_aliases()["Aliases"]])

    def test_kms_key_of_account_a_is_not_changed_or_deleted_by_account_b(self):
        key = self.a("kms").create_key()["KeyMetadata"]
        kms = self.b("kms")
        calls = [(kms.disable_key, {}), (kms.schedule_key_deletion, {}),
                 (kms.tag_resource, {"Tags": [{"TagKey": "k", "TagValue": "b"}]}),
                 (kms.update_key_description, {"Description": "b"}),
                 (kms.create_alias, {"AliasName": "alias/" + self.unique("steal")})]
        for call, kwargs in calls:
            argument = "TargetKeyId" if call == kms.create_alias else "KeyId"
            self.assertEqual(self.refused(call, **{argument: key["Arn"]}, **kwargs),
                             (400, "NotFoundException"), call)
        after = self.a("kms").describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        self.assertEqual((after["KeyState"], after["Enabled"], after["Description"]),
                         ("Enabled", True, ""))
        self.assertEqual(self.a("kms").list_resource_tags(KeyId=key["KeyId"])["Tags"], [])

    def test_sso_instance_of_account_a_is_not_read_changed_or_deleted_by_account_b(self):
        instance = self.instance_of_a
        sso = self.b("sso-admin")
        self.assertEqual(sso.list_instances()["Instances"], [])
        calls = [(sso.describe_instance, {}), (sso.list_permission_sets, {}),
                 (sso.create_permission_set, {"Name": "b"}),
                 (sso.update_instance, {"Name": "stolen"}), (sso.delete_instance, {})]
        for call, kwargs in calls:
            self.assertEqual(self.refused(call, InstanceArn=instance, **kwargs),
                             (400, "AccessDeniedException"), call)
        after = self.a("sso-admin").describe_instance(InstanceArn=instance)
        self.assertEqual((after["Name"], after["OwnerAccountId"], after["Status"]),
                         ("probe-a", ACCOUNT_A, "ACTIVE"))
        self.assertEqual(self.a("sso-admin").list_permission_sets(
            InstanceArn=instance)["PermissionSets"], [])

    def organization_of_a(self):
        """Account A's organization with one OU: (root id, OU id), made once per server."""
        cls = type(self)
        if not hasattr(cls, "org_of_a"):
            org = self.a("organizations")
            org.create_organization(FeatureSet="ALL")
            root = org.list_roots()["Roots"][0]["Id"]
            unit = org.create_organizational_unit(ParentId=root, Name="probe-ou")
            cls.org_of_a = (root, unit["OrganizationalUnit"]["Id"])
        return cls.org_of_a

    def test_organization_of_account_a_is_invisible_to_account_b_outside_any(self):
        root, unit = self.organization_of_a()
        org = self.b("organizations")
        calls = [(org.describe_organization, {}), (org.list_accounts, {}), (org.list_roots, {}),
                 (org.describe_account, {"AccountId": ACCOUNT_A}),
                 (org.describe_organizational_unit, {"OrganizationalUnitId": unit}),
                 (org.list_children, {"ParentId": root, "ChildType": "ORGANIZATIONAL_UNIT"}),
                 (org.update_organizational_unit, {"OrganizationalUnitId": unit, "Name": "b"}),
                 (org.delete_organizational_unit, {"OrganizationalUnitId": unit}),
                 (org.delete_organization, {})]
        for call, kwargs in calls:
            self.assertEqual(self.refused(call, **kwargs),
                             (400, "AWSOrganizationsNotInUseException"), call)
        self.assertEqual(self.a("organizations").describe_organizational_unit(
            OrganizationalUnitId=unit)["OrganizationalUnit"]["Name"], "probe-ou")

    def test_organization_of_account_b_does_not_reach_into_account_a_organization(self):
        root, unit = self.organization_of_a()
        org = self.b("organizations")
        org.create_organization(FeatureSet="ALL")
        self.addCleanup(org.delete_organization)
        self.assertEqual([a["Id"] for a in org.list_accounts()["Accounts"]], [ACCOUNT_B])
        self.assertEqual(self.refused(org.describe_organizational_unit,
                                      OrganizationalUnitId=unit),
                         (400, "OrganizationalUnitNotFoundException"))
        self.assertEqual(self.refused(org.list_children, ParentId=root,
                                      ChildType="ORGANIZATIONAL_UNIT"),
                         (400, "ParentNotFoundException"))
        self.assertEqual(self.refused(org.move_account, AccountId=ACCOUNT_A, SourceParentId=root,
                                      DestinationParentId=unit), (400, "AccountNotFoundException"))
        self.assertEqual(self.refused(org.describe_account, AccountId=ACCOUNT_A),
                         (400, "AccountNotFoundException"))
        self.assertEqual([a["Id"] for a in self.a("organizations").list_accounts()["Accounts"]],
                         [ACCOUNT_A])

    # AssumeRole into a role that does not exist in another account is refused.
    def test_account_b_cannot_assume_a_role_that_does_not_exist_in_account_a(self):
        self.assertEqual(self.refused(self.b("sts").assume_role,
                                      RoleArn=f"arn:aws:iam::{ACCOUNT_A}:role/none",
                                      RoleSessionName="b1")[1], "AccessDenied")
