"""IAM against the real binary: boto3 and the AWS CLI."""
import json
import os
import shutil
import tempfile

from botocore.exceptions import ClientError

from harness import EmulatorTestCase
from verified_support import VerifiedTestCase

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})


class IamTest(EmulatorTestCase):
    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        return (cm.exception.response["ResponseMetadata"]["HTTPStatusCode"],
                cm.exception.response["Error"]["Code"], cm.exception.response["Error"]["Message"])

    def test_create_user_then_get_user(self):
        iam = self.client("iam")
        name = self.unique("user")
        iam.create_user(UserName=name, Path="/e2e/")
        user = iam.get_user(UserName=name)["User"]
        self.assertEqual(user["Arn"], f"arn:aws:iam::000000000000:user/e2e/{name}")
        self.assertTrue(user["UserId"].startswith("AIDA"))

    def test_create_user_twice_is_entity_already_exists(self):
        iam = self.client("iam")
        name = self.unique("dup")
        iam.create_user(UserName=name)
        self.assertEqual(self.error(iam.create_user, UserName=name),
                         (409, "EntityAlreadyExists", f"User with name {name} already exists."))

    def test_get_unknown_user_is_no_such_entity(self):
        self.assertEqual(self.error(self.client("iam").get_user, UserName="nobody-e2e"),
                         (404, "NoSuchEntity", "The user with name nobody-e2e cannot be found."))

    def test_get_user_without_a_name_answers_the_root(self):
        user = self.client("iam", access_key="123456789012").get_user()["User"]
        self.assertEqual(user["Arn"], "arn:aws:iam::123456789012:root")

    def test_access_key_of_a_user_acts_as_that_user(self):
        iam = self.client("iam")
        name = self.unique("keyed")
        user = iam.create_user(UserName=name)["User"]
        key = iam.create_access_key(UserName=name)["AccessKey"]
        identity = self.client("sts", access_key=key["AccessKeyId"],
                               secret_key=key["SecretAccessKey"]).get_caller_identity()
        self.assertEqual(identity["Arn"], user["Arn"])
        self.assertEqual(identity["UserId"], user["UserId"])

    def test_create_role_returns_the_trust_policy_decoded_by_boto3(self):
        iam = self.client("iam")
        name = self.unique("role")
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST, Description="d")
        role = iam.get_role(RoleName=name)["Role"]
        self.assertEqual(role["AssumeRolePolicyDocument"], json.loads(TRUST))
        self.assertEqual(role["MaxSessionDuration"], 3600)
        self.assertEqual(role["Description"], "d")

    def test_trust_policy_with_a_resource_is_malformed(self):
        self.assertEqual(self.error(self.client("iam").create_role, RoleName=self.unique("bad"),
                                    AssumeRolePolicyDocument=POLICY),
                         (400, "MalformedPolicyDocument", "Has prohibited field Resource"))

    def test_role_inline_policy_round_trips(self):
        iam = self.client("iam")
        name = self.unique("inline")
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=POLICY)
        got = iam.get_role_policy(RoleName=name, PolicyName="p")
        self.assertEqual(got["PolicyDocument"], json.loads(POLICY))
        self.assertEqual(iam.list_role_policies(RoleName=name)["PolicyNames"], ["p"])

    def test_managed_policy_versions(self):
        iam = self.client("iam")
        arn = iam.create_policy(PolicyName=self.unique("pol"), PolicyDocument=POLICY)["Policy"]["Arn"]
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=POLICY, SetAsDefault=True)
        self.assertEqual(iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"], "v2")
        versions = iam.list_policy_versions(PolicyArn=arn)["Versions"]
        self.assertEqual([v["VersionId"] for v in versions], ["v2", "v1"])
        document = iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]["Document"]
        self.assertEqual(document, json.loads(POLICY))

    def test_attach_aws_managed_policy_to_a_role(self):
        iam = self.client("iam")
        name = self.unique("admin")
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
        iam.attach_role_policy(RoleName=name,
                               PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        attached = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
        self.assertEqual(attached, [{"PolicyName": "AdministratorAccess",
                                     "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}])
        self.assertEqual(self.error(iam.delete_role, RoleName=name),
                         (409, "DeleteConflict",
                          "Cannot delete entity, must detach all policies first."))

    def test_attach_unknown_policy_is_no_such_entity(self):
        iam = self.client("iam")
        name = self.unique("r")
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
        arn = "arn:aws:iam::000000000000:policy/none"
        self.assertEqual(self.error(iam.attach_role_policy, RoleName=name, PolicyArn=arn),
                         (404, "NoSuchEntity", f"Policy {arn} does not exist or is not attachable."))

    def test_assume_role_of_a_created_role(self):
        iam = self.client("iam", access_key="111122223333")
        name = self.unique("assumable")
        role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)["Role"]
        out = self.client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="s1")
        self.assertEqual(out["AssumedRoleUser"]["AssumedRoleId"], role["RoleId"] + ":s1")

    def test_group_with_a_user(self):
        iam = self.client("iam")
        group, user = self.unique("g"), self.unique("u")
        iam.create_group(GroupName=group)
        iam.create_user(UserName=user)
        iam.add_user_to_group(GroupName=group, UserName=user)
        self.assertEqual([u["UserName"] for u in iam.get_group(GroupName=group)["Users"]], [user])
        self.assertEqual(self.error(iam.delete_group, GroupName=group),
                         (409, "DeleteConflict",
                          "Cannot delete entity, must remove users from group first."))

    def test_account_authorization_details_list_the_role_and_its_policies(self):
        iam = self.client("iam", access_key="444455556666")
        iam.create_role(RoleName="detailed", AssumeRolePolicyDocument=TRUST)
        iam.put_role_policy(RoleName="detailed", PolicyName="p", PolicyDocument=POLICY)
        details = iam.get_account_authorization_details()
        role = details["RoleDetailList"][0]
        self.assertEqual(role["RoleName"], "detailed")
        self.assertEqual(role["RolePolicyList"],
                         [{"PolicyName": "p", "PolicyDocument": json.loads(POLICY)}])
        self.assertEqual(role["AssumeRolePolicyDocument"], json.loads(TRUST))

    def test_cli_create_user_and_list_users(self):
        name = self.unique("cli")
        self.aws("iam", "create-user", "--user-name", name)
        users = self.aws("iam", "list-users")["Users"]
        self.assertIn(name, [u["UserName"] for u in users])

    def test_cli_create_role_from_a_file(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "trust.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(TRUST)
        name = self.unique("clirole")
        role = self.aws("iam", "create-role", "--role-name", name,
                        "--assume-role-policy-document", f"file://{path}")["Role"]
        self.assertEqual(role["Arn"], f"arn:aws:iam::000000000000:role/{name}")


class IamSignedKeyTest(VerifiedTestCase):
    """Under --sigv4 verify, a key IAM created signs requests as its user."""

    def test_created_key_signs_and_get_caller_identity_answers_the_user(self):
        iam = self.client("iam")
        iam.create_user(UserName="signer", Path="/ci/")
        key = iam.create_access_key(UserName="signer")["AccessKey"]
        identity = self.aws("sts", "get-caller-identity", access_key=key["AccessKeyId"],
                            secret_key=key["SecretAccessKey"])
        self.assertEqual(identity["Arn"], "arn:aws:iam::123456789012:user/ci/signer")
        self.assertEqual(identity["Account"], "123456789012")

    def test_deactivated_key_is_refused(self):
        iam = self.client("iam")
        iam.create_user(UserName="off")
        key = iam.create_access_key(UserName="off")["AccessKey"]
        iam.update_access_key(UserName="off", AccessKeyId=key["AccessKeyId"], Status="Inactive")
        with self.assertRaises(ClientError) as cm:
            self.client("sts", access_key=key["AccessKeyId"],
                        secret_key=key["SecretAccessKey"]).get_caller_identity()
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidClientTokenId")

    def test_assume_role_needs_the_trust_policy_to_allow_the_caller(self):
        iam = self.client("iam")
        service_only = iam.create_role(RoleName="service-only",
                                       AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        account_trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": "sts:AssumeRole"}]})
        trusted = iam.create_role(RoleName="trusted",
                                  AssumeRolePolicyDocument=account_trust)["Role"]["Arn"]
        sts = self.client("sts")
        with self.assertRaises(ClientError) as cm:
            sts.assume_role(RoleArn=service_only, RoleSessionName="s1")
        self.assertEqual(cm.exception.response["Error"]["Code"], "AccessDenied")
        out = sts.assume_role(RoleArn=trusted, RoleSessionName="s1")
        self.assertEqual(out["AssumedRoleUser"]["Arn"],
                         "arn:aws:sts::123456789012:assumed-role/trusted/s1")
