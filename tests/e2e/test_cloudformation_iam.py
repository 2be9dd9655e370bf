"""CloudFormation's native AWS::IAM::* resources against the real binary (boto3): a stack with a
role, policies, a user, groups, an instance profile and an access key, read back through IAM;
an update in place; a deletion that leaves nothing; the IAM capabilities; the RoleARN check."""
import itertools
import json
import pathlib

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "data" / "templates"
IAM_STACK = TEMPLATES / "iam_stack.yaml"
NAMED_ROLE = json.dumps({"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {
    "RoleName": "named", "AssumeRolePolicyDocument": {"Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"Service": "ec2.amazonaws.com"}}]}}}}})
PARAMETER = json.dumps({"Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {
    "Type": "String", "Value": "v"}}}})
CFN_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": "sts:AssumeRole",
    "Principal": {"Service": "cloudformation.amazonaws.com"}}]})
# Waiters poll every second here rather than AWS's 30.
FAST = {"Delay": 1, "MaxAttempts": 30}
# IAM is global per account: each test has an account of its own.
_accounts = itertools.count(240000000001)


class CloudFormationIamTest(EmulatorTestCase):
    def setUp(self):
        self.account = str(next(_accounts))
        self.cfn = self.client("cloudformation", access_key=self.account)
        self.iam = self.client("iam", access_key=self.account)
        self.name = self.unique("iam")

    def create(self, **extra):
        self.cfn.create_stack(StackName=self.name, TemplateBody=IAM_STACK.read_text(),
                              Capabilities=["CAPABILITY_IAM"], **extra)
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        return self.outputs()

    def outputs(self):
        stack = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]
        return {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        return caught.exception.response["Error"]

    def test_the_role_is_made_through_iam(self):
        out = self.create()
        role = self.iam.get_role(RoleName=out["RoleName"])["Role"]
        self.assertEqual(role["Arn"], out["RoleArn"])
        self.assertEqual(role["RoleId"], out["RoleId"])
        self.assertEqual(role["Description"], "first")
        self.assertTrue(out["RoleName"].startswith(self.name + "-AppRole-"))
        self.assertEqual(self.iam.list_role_policies(RoleName=out["RoleName"])["PolicyNames"],
                         ["queue", "shared"])
        attached = self.iam.list_attached_role_policies(RoleName=out["RoleName"])
        self.assertEqual(sorted(p["PolicyArn"] for p in attached["AttachedPolicies"]),
                         sorted(["arn:aws:iam::aws:policy/ReadOnlyAccess", out["PolicyArn"]]))

    def test_the_user_is_in_both_groups_with_its_key(self):
        out = self.create()
        groups = self.iam.list_groups_for_user(UserName=out["UserName"])["Groups"]
        self.assertEqual(sorted(g["GroupName"] for g in groups),
                         sorted([out["DevsName"], out["OpsName"]]))
        keys = self.iam.list_access_keys(UserName=out["UserName"])["AccessKeyMetadata"]
        self.assertEqual([k["AccessKeyId"] for k in keys], [out["AccessKeyId"]])
        self.assertEqual(len(out["SecretAccessKey"]), 40)
        self.assertEqual(self.iam.list_user_policies(UserName=out["UserName"])["PolicyNames"],
                         ["shared"])

    def test_the_instance_profile_holds_the_role(self):
        out = self.create()
        profile = self.iam.get_instance_profile(
            InstanceProfileName=out["ProfileName"])["InstanceProfile"]
        self.assertEqual(profile["Arn"], out["ProfileArn"])
        self.assertEqual([r["RoleName"] for r in profile["Roles"]], [out["RoleName"]])

    def test_an_update_changes_the_role_in_place(self):
        before = self.create()
        self.cfn.update_stack(StackName=self.name, UsePreviousTemplate=True,
                              Capabilities=["CAPABILITY_IAM"],
                              Parameters=[{"ParameterKey": "RoleDescription",
                                           "ParameterValue": "second"}])
        self.cfn.get_waiter("stack_update_complete").wait(StackName=self.name, WaiterConfig=FAST)
        role = self.iam.get_role(RoleName=before["RoleName"])["Role"]
        self.assertEqual(role["Description"], "second")
        self.assertEqual(role["RoleId"], before["RoleId"])

    def test_deleting_the_stack_leaves_nothing_in_iam(self):
        self.create()
        self.cfn.delete_stack(StackName=self.name)
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=self.name, WaiterConfig=FAST)
        self.assertEqual(self.iam.list_roles()["Roles"], [])
        self.assertEqual(self.iam.list_users()["Users"], [])
        self.assertEqual(self.iam.list_groups()["Groups"], [])
        self.assertEqual(self.iam.list_policies(Scope="Local")["Policies"], [])
        self.assertEqual(self.iam.list_instance_profiles()["InstanceProfiles"], [])

    def test_iam_resources_without_a_capability_are_refused(self):
        error = self.error(self.cfn.create_stack, StackName=self.name,
                           TemplateBody=IAM_STACK.read_text())
        self.assertEqual((error["Code"], error["Message"]),
                         ("InsufficientCapabilitiesException",
                          "Requires capabilities : [CAPABILITY_IAM]"))

    def test_a_named_role_needs_capability_named_iam(self):
        error = self.error(self.cfn.create_stack, StackName=self.name, TemplateBody=NAMED_ROLE,
                           Capabilities=["CAPABILITY_IAM"])
        self.assertEqual((error["Code"], error["Message"]),
                         ("InsufficientCapabilitiesException",
                          "Requires capabilities : [CAPABILITY_NAMED_IAM]"))

    def test_a_role_arn_iam_does_not_have_is_refused(self):
        arn = f"arn:aws:iam::{self.account}:role/role-fb405076"
        error = self.error(self.cfn.create_stack, StackName=self.name, TemplateBody=PARAMETER,
                           RoleARN=arn)
        self.assertEqual((error["Code"], error["Message"]),
                         ("ValidationError", f"Role {arn} is invalid or cannot be assumed"))

    def test_a_role_that_trusts_cloudformation_is_the_stacks_role(self):
        arn = self.iam.create_role(RoleName="cfn-service",
                                   AssumeRolePolicyDocument=CFN_TRUST)["Role"]["Arn"]
        self.cfn.create_stack(StackName=self.name, TemplateBody=PARAMETER, RoleARN=arn)
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        self.assertEqual(self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]["RoleARN"],
                         arn)
