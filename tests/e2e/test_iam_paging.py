"""IAM listings through boto3's paginators and the AWS CLI's auto-paging (MaxItems, Marker,
IsTruncated), tags of policies and instance profiles, and login profiles through the CLI."""
import json

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})


class IamPagingTest(EmulatorTestCase):
    def pages(self, iam, operation, key, **kwargs):
        """The `key` lists of every page of `operation`, two items a page."""
        paginator = iam.get_paginator(operation)
        return [page[key] for page in
                paginator.paginate(PaginationConfig={"PageSize": 2}, **kwargs)]

    def test_paginator_walks_attached_role_policies(self):
        iam = self.client("iam")
        role = self.unique("paged")
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
        names = sorted(self.unique("pol") for _ in range(3))
        for name in names:
            arn = iam.create_policy(PolicyName=name, PolicyDocument=POLICY)["Policy"]["Arn"]
            iam.attach_role_policy(RoleName=role, PolicyArn=arn)
        pages = self.pages(iam, "list_attached_role_policies", "AttachedPolicies", RoleName=role)
        self.assertEqual([[p["PolicyName"] for p in page] for page in pages],
                         [names[:2], names[2:]])

    def test_paginator_walks_group_members(self):
        iam = self.client("iam")
        group = self.unique("group")
        iam.create_group(GroupName=group)
        users = sorted(self.unique("member") for _ in range(3))
        for user in users:
            iam.create_user(UserName=user)
            iam.add_user_to_group(GroupName=group, UserName=user)
        pages = self.pages(iam, "get_group", "Users", GroupName=group)
        self.assertEqual([[u["UserName"] for u in page] for page in pages],
                         [users[:2], users[2:]])

    def test_cli_lists_every_user_policy_across_pages(self):
        iam = self.client("iam")
        user = self.unique("cliuser")
        iam.create_user(UserName=user)
        for name in ("a", "b", "c"):
            iam.put_user_policy(UserName=user, PolicyName=name, PolicyDocument=POLICY)
        out = self.aws("iam", "list-user-policies", "--user-name", user, "--page-size", "1")
        self.assertEqual(out["PolicyNames"], ["a", "b", "c"])

    def test_policy_tags_round_trip(self):
        iam = self.client("iam")
        arn = iam.create_policy(PolicyName=self.unique("tagged"),
                                PolicyDocument=POLICY)["Policy"]["Arn"]
        iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "env", "Value": "e2e"}])
        self.assertEqual(iam.list_policy_tags(PolicyArn=arn)["Tags"],
                         [{"Key": "env", "Value": "e2e"}])
        self.assertEqual(iam.get_policy(PolicyArn=arn)["Policy"]["Tags"],
                         [{"Key": "env", "Value": "e2e"}])

    def test_instance_profile_tags_round_trip(self):
        iam = self.client("iam")
        name = self.unique("profile")
        iam.create_instance_profile(InstanceProfileName=name)
        iam.tag_instance_profile(InstanceProfileName=name, Tags=[{"Key": "team", "Value": "ops"}])
        self.assertEqual(iam.list_instance_profile_tags(InstanceProfileName=name)["Tags"],
                         [{"Key": "team", "Value": "ops"}])

    def test_cli_login_profile_blocks_delete_user_until_removed(self):
        user = self.unique("console")
        self.aws("iam", "create-user", "--user-name", user)
        profile = self.aws("iam", "create-login-profile", "--user-name", user,
                           "--password", "E2e-Passw0rd!", "--password-reset-required")
        self.assertEqual((profile["LoginProfile"]["UserName"],
                          profile["LoginProfile"]["PasswordResetRequired"]), (user, True))
        refused = self.aws("iam", "delete-user", "--user-name", user, check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("DeleteConflict", refused.stderr)
        self.assertIn("Cannot delete entity, must delete login profile first.", refused.stderr)
        self.aws("iam", "delete-login-profile", "--user-name", user)
        self.aws("iam", "delete-user", "--user-name", user)
        with self.assertRaises(ClientError) as cm:
            self.client("iam").get_user(UserName=user)
        self.assertEqual(cm.exception.response["Error"]["Code"], "NoSuchEntity")

    def test_weak_password_is_password_policy_violation(self):
        iam = self.client("iam")
        user = self.unique("weak")
        iam.create_user(UserName=user)
        with self.assertRaises(ClientError) as cm:
            iam.create_login_profile(UserName=user, Password="password")
        self.assertEqual((cm.exception.response["Error"]["Code"],
                          cm.exception.response["Error"]["Message"]),
                         ("PasswordPolicyViolation",
                          "Password does not conform to the account password policy."))
