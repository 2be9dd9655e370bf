"""CloudFormation's IAM Identity Center types against the real binary, with boto3: stacks that make
an instance, a permission set, a group, a membership and an assignment, read back through the SSO
Admin and Identity Store APIs, and gone from them once the stack is deleted.

Each test acts in an account of its own (a 12-digit access key id is that account), since an
account has at most one instance.
"""
import json
import pathlib
import random
import time

from harness import EmulatorTestCase

TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "data" / "templates"
DIRECTORY = TEMPLATES / "sso_directory.yaml"
INSTANCE = TEMPLATES / "sso_instance.yaml"
# Waiters poll every second here rather than AWS's 30.
FAST = {"Delay": 1, "MaxAttempts": 30}


def new_account():
    return "".join(random.choice("123456789") for _ in range(12))


class CloudFormationSsoTest(EmulatorTestCase):
    def setUp(self):
        self.account = new_account()
        self.cfn = self.client("cloudformation", access_key=self.account)
        self.sso = self.client("sso-admin", access_key=self.account)
        self.ids = self.client("identitystore", access_key=self.account)
        self.name = self.unique("sso")

    def new_instance(self):
        """An ACTIVE instance made through SSO Admin: its ARN and identity store id."""
        arn = self.sso.create_instance()["InstanceArn"]
        deadline = time.time() + 15
        while True:
            described = self.sso.describe_instance(InstanceArn=arn)
            if described["Status"] == "ACTIVE":
                return arn, described["IdentityStoreId"]
            self.assertLess(time.time(), deadline, described)
            time.sleep(0.02)

    def new_user(self, store):
        return self.ids.create_user(IdentityStoreId=store, UserName="alice", DisplayName="Alice",
                                    Name={"GivenName": "Alice", "FamilyName": "X"})["UserId"]

    def outputs(self, stack):
        described = self.cfn.describe_stacks(StackName=stack)["Stacks"][0]
        return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}

    def create_directory(self, **parameters):
        instance, store = self.new_instance()
        user = self.new_user(store)
        values = {"InstanceArn": instance, "IdentityStoreId": store, "UserId": user, **parameters}
        stack_id = self.cfn.create_stack(
            StackName=self.name, TemplateBody=DIRECTORY.read_text(),
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()],
        )["StackId"]
        return instance, store, user, stack_id

    def test_a_stack_makes_an_instance_that_sso_admin_describes(self):
        self.cfn.create_stack(StackName=self.name, TemplateBody=INSTANCE.read_text())
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        out = self.outputs(self.name)
        described = self.sso.describe_instance(InstanceArn=out["InstanceArn"])
        self.assertEqual(described["Status"], "ACTIVE")
        self.assertEqual(described["Name"], "main")
        self.assertEqual(out["InstanceRef"], out["InstanceArn"])
        self.assertEqual(out["IdentityStoreId"], described["IdentityStoreId"])
        self.assertEqual(out["OwnerAccountId"], self.account)
        self.assertEqual(out["Status"], "ACTIVE")
        tags = self.sso.list_tags_for_resource(InstanceArn=out["InstanceArn"],
                                               ResourceArn=out["InstanceArn"])["Tags"]
        self.assertIn({"Key": "team", "Value": "platform"}, tags)
        self.assertIn({"Key": "aws:cloudformation:logical-id", "Value": "Instance"}, tags)

    def test_deleting_the_instance_stack_removes_the_instance(self):
        stack_id = self.cfn.create_stack(StackName=self.name,
                                         TemplateBody=INSTANCE.read_text())["StackId"]
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        self.cfn.delete_stack(StackName=self.name)
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=stack_id, WaiterConfig=FAST)
        self.assertEqual(self.sso.list_instances()["Instances"], [])

    def test_the_directory_is_read_back_through_sso_admin_and_identity_store(self):
        instance, store, user, _ = self.create_directory()
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        out = self.outputs(self.name)
        arn = out["PermissionSetArn"]
        self.assertEqual(out["PermissionSetRef"], f"{instance}|{arn}")
        ps = self.sso.describe_permission_set(InstanceArn=instance,
                                              PermissionSetArn=arn)["PermissionSet"]
        self.assertEqual((ps["Name"], ps["Description"], ps["SessionDuration"]),
                         ("Admins", "Administrators of the account", "PT8H"))
        managed = self.sso.list_managed_policies_in_permission_set(
            InstanceArn=instance, PermissionSetArn=arn)["AttachedManagedPolicies"]
        self.assertEqual([p["Arn"] for p in managed], ["arn:aws:iam::aws:policy/ReadOnlyAccess"])
        inline = self.sso.get_inline_policy_for_permission_set(
            InstanceArn=instance, PermissionSetArn=arn)["InlinePolicy"]
        self.assertEqual(json.loads(inline)["Statement"][0]["Action"], "s3:ListAllMyBuckets")

        group = self.ids.describe_group(IdentityStoreId=store, GroupId=out["GroupId"])
        self.assertEqual(group["DisplayName"], f"{self.name}-admins")
        self.assertEqual(out["GroupRef"], f"{out['GroupId']}|{store}")
        membership = self.ids.describe_group_membership(IdentityStoreId=store,
                                                        MembershipId=out["MembershipId"])
        self.assertEqual(membership["MemberId"], {"UserId": user})

        assignments = self.sso.list_account_assignments(
            InstanceArn=instance, AccountId=self.account, PermissionSetArn=arn)["AccountAssignments"]
        self.assertEqual(assignments, [{"AccountId": self.account, "PermissionSetArn": arn,
                                        "PrincipalType": "GROUP", "PrincipalId": out["GroupId"]}])
        self.assertEqual(out["AssignmentRef"], "|".join(
            [instance, self.account, "AWS_ACCOUNT", arn, "GROUP", out["GroupId"]]))

    def test_deleting_the_directory_stack_removes_everything_it_made(self):
        instance, store, _, stack_id = self.create_directory()
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        self.cfn.delete_stack(StackName=self.name)
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=stack_id, WaiterConfig=FAST)
        self.assertEqual(self.sso.list_permission_sets(InstanceArn=instance)["PermissionSets"], [])
        self.assertEqual(self.ids.list_groups(IdentityStoreId=store)["Groups"], [])
        statuses = self.sso.list_account_assignment_deletion_status(
            InstanceArn=instance)["AccountAssignmentsDeletionStatus"]
        self.assertEqual([s["Status"] for s in statuses], ["SUCCEEDED"])

    def test_a_taken_permission_set_name_fails_the_stack_and_rolls_it_back(self):
        instance, store = self.new_instance()
        self.sso.create_permission_set(InstanceArn=instance, Name="Taken")
        user = self.new_user(store)
        stack_id = self.cfn.create_stack(
            StackName=self.name, TemplateBody=DIRECTORY.read_text(),
            Parameters=[{"ParameterKey": "InstanceArn", "ParameterValue": instance},
                        {"ParameterKey": "IdentityStoreId", "ParameterValue": store},
                        {"ParameterKey": "UserId", "ParameterValue": user},
                        {"ParameterKey": "PermissionSetName", "ParameterValue": "Taken"}],
        )["StackId"]
        self.wait_for_status(stack_id, "ROLLBACK_COMPLETE")
        failed = [e for e in self.cfn.describe_stack_events(StackName=stack_id)["StackEvents"]
                  if e["ResourceStatus"] == "CREATE_FAILED" and e["LogicalResourceId"] != self.name]
        self.assertEqual([(e["LogicalResourceId"], e["ResourceStatusReason"]) for e in failed],
                         [("PermissionSet", "PermissionSet with name Taken already exists.")])
        self.assertEqual(self.ids.list_groups(IdentityStoreId=store)["Groups"], [])

    def wait_for_status(self, stack_id, status):
        deadline = time.time() + 30
        while True:
            current = self.cfn.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"]
            if current == status:
                return
            self.assertFalse(current.endswith("_COMPLETE") or current.endswith("_FAILED"), current)
            self.assertLess(time.time(), deadline, current)
            time.sleep(0.1)
