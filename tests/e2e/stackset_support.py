"""What the StackSets e2e suites share: the set's template, the accounts and roles of a
self-managed set (the administration role, and the execution role in each target account but
NO_ROLE, made once per server), waiting on operations, and an organization of a test's own for
the service-managed suites."""
import json
import os
import time

from harness import EmulatorTestCase

TEMPLATE = os.path.join(os.path.dirname(__file__), "..", "data", "templates",
                        "stackset_parameter.yaml")
ADMIN = "000000000000"  # the account of the harness's default key
TARGETS = ["111111111111", "222222222222"]
NO_ROLE = "333333333333"  # an account without the execution role
REGIONS = ["us-east-1", "eu-west-1"]
EXECUTION_ROLE = "AWSCloudFormationStackSetExecutionRole"
ADMIN_ROLE = "AWSCloudFormationStackSetAdministrationRole"


def body():
    with open(TEMPLATE, encoding="utf-8") as f:
        return f.read()


class StackSetCase(EmulatorTestCase):
    roles_made = False

    def setUp(self):
        # The administration role in the caller's account, the execution role (trusting it) in
        # each target account but NO_ROLE, once per server.
        if type(self).roles_made:
            return
        self.make_role(ADMIN, ADMIN_ROLE, {"Service": "cloudformation.amazonaws.com"})
        for account in TARGETS:
            self.make_role(account, EXECUTION_ROLE, {"AWS": f"arn:aws:iam::{ADMIN}:root"})
        type(self).roles_made = True

    def make_role(self, account, name, principal):
        trust = {"Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow", "Principal": principal,
                                "Action": "sts:AssumeRole"}]}
        self.client("iam", access_key=account).create_role(
            RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))

    def cfn(self, account=None, region="us-east-1"):
        if account is None:
            return self.client("cloudformation", region=region)
        return self.client("cloudformation", region=region, access_key=account)

    def create_set(self, name):
        return self.cfn().create_stack_set(
            StackSetName=name, TemplateBody=body(), Description="e2e set",
            Parameters=[{"ParameterKey": "ParamName", "ParameterValue": f"/e2e/{name}"}],
            Tags=[{"Key": "team", "Value": "e2e"}])["StackSetId"]

    def wait_operation(self, name, operation_id, timeout=30):
        deadline = time.time() + timeout
        while True:
            operation = self.cfn().describe_stack_set_operation(
                StackSetName=name, OperationId=operation_id)["StackSetOperation"]
            if operation["Status"] not in ("RUNNING", "STOPPING", "QUEUED"):
                return operation
            if time.time() > deadline:
                raise AssertionError(f"operation {operation_id} still {operation['Status']}")
            time.sleep(0.05)

    def instance(self, name, account, region="us-east-1"):
        return self.cfn().describe_stack_instance(
            StackSetName=name, StackInstanceAccount=account,
            StackInstanceRegion=region)["StackInstance"]

    def assert_instance(self, instance, set_id, account, region, status, detailed,
                        operation_id, reason=None, overrides=()):
        self.assertEqual(instance["StackSetId"], set_id)
        self.assertEqual(instance["Account"], account)
        self.assertEqual(instance["Region"], region)
        self.assertEqual(instance["Status"], status)
        self.assertEqual(instance["StackInstanceStatus"], {"DetailedStatus": detailed})
        self.assertEqual(instance["DriftStatus"], "NOT_CHECKED")
        self.assertEqual(instance["LastOperationId"], operation_id)
        self.assertEqual(instance["ParameterOverrides"], list(overrides))
        if reason is None:
            self.assertNotIn("StatusReason", instance)
        else:
            self.assertEqual(instance["StatusReason"], reason)


class OrganizationMixin:
    """A new organization per test (Organizations is global, so tests share none), managed by a
    new 12-digit account: the access key id is the account."""

    def make_organization(self, manager):
        self.manager = manager
        self.orgs = self.client("organizations", access_key=manager)
        self.orgs.create_organization(FeatureSet="ALL")
        self.root = self.orgs.list_roots()["Roots"][0]["Id"]

    def new_ou(self, name):
        return self.orgs.create_organizational_unit(
            ParentId=self.root, Name=name)["OrganizationalUnit"]["Id"]

    def new_member(self, name, parent=None):
        """CreateAccount `name`, waited for, then moved under `parent` when given."""
        request = self.orgs.create_account(Email=f"{name}-{self.manager}@example.com",
                                           AccountName=name)["CreateAccountStatus"]["Id"]
        for _ in range(400):
            status = self.orgs.describe_create_account_status(
                CreateAccountRequestId=request)["CreateAccountStatus"]
            if status["State"] == "SUCCEEDED":
                account = status["AccountId"]
                if parent:
                    self.orgs.move_account(AccountId=account, SourceParentId=self.root,
                                           DestinationParentId=parent)
                return account
            time.sleep(0.05)
        raise AssertionError("CreateAccount did not succeed")
