"""STS against the real binary: boto3 and the AWS CLI."""
import datetime

from botocore.exceptions import ClientError

from harness import EmulatorTestCase
from iam_support import ensure_role


class StsTest(EmulatorTestCase):
    def test_unknown_key_is_root_of_default_account(self):
        identity = self.client("sts").get_caller_identity()
        self.assertEqual(identity["Account"], "000000000000")
        self.assertEqual(identity["Arn"], "arn:aws:iam::000000000000:root")
        self.assertEqual(identity["UserId"], "000000000000")

    def test_twelve_digit_key_is_that_account(self):
        identity = self.client("sts", access_key="123456789012").get_caller_identity()
        self.assertEqual(identity["Account"], "123456789012")
        self.assertEqual(identity["Arn"], "arn:aws:iam::123456789012:root")

    def test_assumed_role_credentials_act_in_the_role_account(self):
        ensure_role(self.client("iam", access_key="111122223333"), "cdk-deploy-role")
        sts = self.client("sts")
        role = sts.assume_role(RoleArn="arn:aws:iam::111122223333:role/cdk-deploy-role",
                               RoleSessionName="deploy")
        creds = role["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        self.assertEqual(len(creds["AccessKeyId"]), 20)
        self.assertEqual(len(creds["SecretAccessKey"]), 40)
        self.assertEqual(role["AssumedRoleUser"]["Arn"],
                         "arn:aws:sts::111122223333:assumed-role/cdk-deploy-role/deploy")
        self.assertTrue(role["AssumedRoleUser"]["AssumedRoleId"].startswith("AROA"))
        self.assertTrue(role["AssumedRoleUser"]["AssumedRoleId"].endswith(":deploy"))
        as_role = self.client("sts", access_key=creds["AccessKeyId"],
                              secret_key=creds["SecretAccessKey"],
                              session_token=creds["SessionToken"]).get_caller_identity()
        self.assertEqual(as_role["Account"], "111122223333")
        self.assertEqual(as_role["Arn"], role["AssumedRoleUser"]["Arn"])
        self.assertEqual(as_role["UserId"], role["AssumedRoleUser"]["AssumedRoleId"])

    def test_assume_role_expiration_follows_duration(self):
        ensure_role(self.client("iam", access_key="111122223333"), "r")
        sts = self.client("sts")
        before = datetime.datetime.now(datetime.timezone.utc)
        role = sts.assume_role(RoleArn="arn:aws:iam::111122223333:role/r",
                               RoleSessionName="s1", DurationSeconds=900)
        after = datetime.datetime.now(datetime.timezone.utc)
        # Issued between `before` and `after` and valid for exactly 900 s; the wire carries
        # milliseconds, so the issue time may read up to 1 ms before `before`.
        expiration = role["Credentials"]["Expiration"]
        duration = datetime.timedelta(seconds=900)
        self.assertGreaterEqual(expiration, before + duration - datetime.timedelta(milliseconds=1))
        self.assertLessEqual(expiration, after + duration)

    def test_assume_role_with_bad_arn_is_validation_error(self):
        with self.assertRaises(ClientError) as cm:
            self.client("sts").assume_role(RoleArn="arn:aws:iam::nope:role/x",
                                           RoleSessionName="s1")
        self.assertEqual(cm.exception.response["Error"],
                         {"Type": "Sender", "Code": "ValidationError",
                          "Message": "arn:aws:iam::nope:role/x is invalid"})
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_assume_role_of_a_missing_role_is_access_denied(self):
        with self.assertRaises(ClientError) as cm:
            self.client("sts", access_key="123456789012").assume_role(
                RoleArn="arn:aws:iam::111122223333:role/missing", RoleSessionName="s1")
        self.assertEqual(cm.exception.response["Error"],
                         {"Type": "Sender", "Code": "AccessDenied",
                          "Message": "User: arn:aws:iam::123456789012:root is not authorized to "
                                     "perform: sts:AssumeRole on resource: "
                                     "arn:aws:iam::111122223333:role/missing"})
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 403)

    def test_session_name_pattern_is_checked_by_the_model(self):
        with self.assertRaises(ClientError) as cm:
            self.client("sts").assume_role(RoleArn="arn:aws:iam::111122223333:role/r",
                                           RoleSessionName="bad name!")
        error = cm.exception.response["Error"]
        self.assertEqual(error["Code"], "ValidationError")
        self.assertEqual(
            error["Message"],
            "1 validation error detected: Value 'bad name!' at 'roleSessionName' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")

    def test_control_character_echoed_in_an_error_reads_as_replacement_character(self):
        # XML 1.0 cannot carry U+0001 (expat refuses even &#x1;): the echo shows U+FFFD instead.
        with self.assertRaises(ClientError) as cm:
            self.client("sts").assume_role(RoleArn="arn:aws:iam::111122223333:role/r",
                                           RoleSessionName="ab\x01cd")
        error = cm.exception.response["Error"]
        self.assertEqual(error["Code"], "ValidationError")
        self.assertEqual(
            error["Message"],
            "1 validation error detected: Value 'ab\ufffdcd' at 'roleSessionName' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")

    def test_get_session_token_keeps_the_caller_identity(self):
        sts = self.client("sts", access_key="444455556666")
        creds = sts.get_session_token(DurationSeconds=900)["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        identity = self.client("sts", access_key=creds["AccessKeyId"],
                               secret_key=creds["SecretAccessKey"],
                               session_token=creds["SessionToken"]).get_caller_identity()
        self.assertEqual(identity["Account"], "444455556666")
        self.assertEqual(identity["Arn"], "arn:aws:iam::444455556666:root")

    def test_get_session_token_with_session_credentials_is_access_denied(self):
        creds = self.client("sts").get_session_token()["Credentials"]
        temporary = self.client("sts", access_key=creds["AccessKeyId"],
                                secret_key=creds["SecretAccessKey"],
                                session_token=creds["SessionToken"])
        with self.assertRaises(ClientError) as cm:
            temporary.get_session_token()
        self.assertEqual(cm.exception.response["Error"],
                         {"Type": "Sender", "Code": "AccessDenied",
                          "Message": "Cannot call GetSessionToken with session credentials"})
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 403)

    def test_get_access_key_info_names_the_issuing_account(self):
        ensure_role(self.client("iam", access_key="777788889999"), "r")
        role = self.client("sts").assume_role(
            RoleArn="arn:aws:iam::777788889999:role/r", RoleSessionName="s1")
        info = self.client("sts").get_access_key_info(
            AccessKeyId=role["Credentials"]["AccessKeyId"])
        self.assertEqual(info["Account"], "777788889999")

    def test_cli_get_caller_identity(self):
        identity = self.aws("sts", "get-caller-identity", access_key="210987654321")
        self.assertEqual(identity["Account"], "210987654321")
        self.assertEqual(identity["Arn"], "arn:aws:iam::210987654321:root")

    def test_cli_assume_role(self):
        ensure_role(self.client("iam", access_key="123123123123"), "ci")
        out = self.aws("sts", "assume-role", "--role-arn", "arn:aws:iam::123123123123:role/ci",
                       "--role-session-name", "cli")
        self.assertEqual(out["AssumedRoleUser"]["Arn"],
                         "arn:aws:sts::123123123123:assumed-role/ci/cli")

    def test_requests_are_logged_with_id_operation_status_and_time(self):
        self.client("sts").get_caller_identity()
        logged = self.nimbus.wait_for(lambda line: " sts.GetCallerIdentity 200 " in line)
        self.assertTrue(logged, self.nimbus.lines[-5:])
        request_id, operation, status, millis = logged[-1].split(" ")
        self.assertEqual(len(request_id), 36)
        self.assertEqual(operation, "sts.GetCallerIdentity")
        self.assertTrue(millis.endswith("ms"))


class PartitionTest(EmulatorTestCase):
    """A client configured for a China region sees aws-cn ARNs, as it would in AWS."""

    def test_caller_identity_in_china_is_an_aws_cn_arn(self):
        identity = self.client("sts", region="cn-north-1",
                               access_key="123456789012").get_caller_identity()
        self.assertEqual(identity["Arn"], "arn:aws-cn:iam::123456789012:root")

    def test_assume_role_in_china_accepts_and_returns_aws_cn_arns(self):
        ensure_role(self.client("iam", region="cn-north-1", access_key="123456789012"), "x")
        role = self.client("sts", region="cn-north-1").assume_role(
            RoleArn="arn:aws-cn:iam::123456789012:role/x", RoleSessionName="cn")
        self.assertEqual(role["AssumedRoleUser"]["Arn"],
                         "arn:aws-cn:sts::123456789012:assumed-role/x/cn")

    def test_assumed_role_credentials_in_china_are_an_aws_cn_identity(self):
        ensure_role(self.client("iam", region="cn-north-1", access_key="123456789012"), "y")
        creds = self.client("sts", region="cn-north-1").assume_role(
            RoleArn="arn:aws-cn:iam::123456789012:role/y", RoleSessionName="cn")["Credentials"]
        identity = self.client("sts", region="cn-north-1", access_key=creds["AccessKeyId"],
                               secret_key=creds["SecretAccessKey"],
                               session_token=creds["SessionToken"]).get_caller_identity()
        self.assertEqual(identity["Arn"], "arn:aws-cn:sts::123456789012:assumed-role/y/cn")

    def test_kms_key_created_in_china_has_an_aws_cn_arn(self):
        kms = self.client("kms", region="cn-north-1", access_key="123456789012")
        metadata = kms.create_key()["KeyMetadata"]
        self.assertEqual(metadata["Arn"],
                         f"arn:aws-cn:kms:cn-north-1:123456789012:key/{metadata['KeyId']}")

    def test_kms_in_china_finds_a_key_by_its_aws_cn_arn(self):
        kms = self.client("kms", region="cn-north-1", access_key="123456789012")
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        described = kms.describe_key(
            KeyId=f"arn:aws-cn:kms:cn-north-1:123456789012:key/{key_id}")["KeyMetadata"]
        self.assertEqual(described["KeyId"], key_id)

    def test_organization_created_in_china_has_an_aws_cn_arn(self):
        orgs = self.client("organizations", region="cn-north-1", access_key="210987654321")
        org = orgs.create_organization(FeatureSet="ALL")["Organization"]
        self.assertEqual(org["Arn"],
                         f"arn:aws-cn:organizations::210987654321:organization/{org['Id']}")
