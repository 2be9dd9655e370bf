"""CloudFormation StackSets through boto3: the DeploymentTargets DescribeStackSetOperation shows
for the operations of a service-managed set (none for a self-managed one), and
ImportStacksToStackSet with OrganizationalUnitIds into a service-managed set: each instance gets
the OU its account is in, and a stack outside the OUs is refused.

Organizations is global, so each test makes an organization of its own, managed by a new
12-digit account (the access key id is the account).
"""
import itertools
import time

from botocore.exceptions import ClientError

from stackset_support import TARGETS, OrganizationMixin, StackSetCase

TEMPLATE = """
Resources:
  Marker:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /e2e/ops-targets-marker
      Type: String
      Value: deployed
"""
_accounts = itertools.count(330000000001)


class OperationTargetsTest(OrganizationMixin, StackSetCase):
    def setUp(self):
        """StackSetCase's roles, and a new organization with an OU `workloads` holding one member
        account, trusted access activated."""
        super().setUp()
        self.make_organization(str(next(_accounts)))
        self.ou = self.new_ou("workloads")
        self.member = self.new_member("member", self.ou)
        self.org_cfn = self.client("cloudformation", access_key=self.manager)
        self.org_cfn.activate_organizations_access()

    def create_org_set(self, name):
        return self.org_cfn.create_stack_set(
            StackSetName=name, TemplateBody=TEMPLATE, PermissionModel="SERVICE_MANAGED",
            AutoDeployment={"Enabled": True, "RetainStacksOnAccountRemoval": False})["StackSetId"]

    def wait_org_operation(self, name, operation_id, timeout=30):
        deadline = time.time() + timeout
        while True:
            operation = self.org_cfn.describe_stack_set_operation(
                StackSetName=name, OperationId=operation_id)["StackSetOperation"]
            if operation["Status"] not in ("RUNNING", "STOPPING", "QUEUED"):
                return operation
            if time.time() > deadline:
                raise AssertionError(f"operation {operation_id} still {operation['Status']}")
            time.sleep(0.05)

    def deploy_stack(self, account, name):
        """A stack of `account` made from TEMPLATE, CREATE_COMPLETE; its id."""
        cfn = self.client("cloudformation", access_key=account)
        stack_id = cfn.create_stack(StackName=name, TemplateBody=TEMPLATE)["StackId"]
        deadline = time.time() + 30
        while True:
            status = cfn.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"]
            if not status.endswith("_IN_PROGRESS"):
                self.assertEqual(status, "CREATE_COMPLETE")
                return stack_id
            if time.time() > deadline:
                raise AssertionError(f"stack {name} still {status}")
            time.sleep(0.05)

    def test_a_service_managed_create_operation_shows_its_deployment_targets(self):
        self.create_org_set("targets-create")
        operation_id = self.org_cfn.create_stack_instances(
            StackSetName="targets-create",
            DeploymentTargets={"OrganizationalUnitIds": [self.ou]},
            Regions=["us-east-1"])["OperationId"]
        operation = self.wait_org_operation("targets-create", operation_id)
        self.assertEqual(operation["Status"], "SUCCEEDED")
        self.assertEqual(operation["Action"], "CREATE")
        self.assertEqual(operation["DeploymentTargets"], {"OrganizationalUnitIds": [self.ou]})

    def test_a_service_managed_delete_operation_shows_its_deployment_targets(self):
        self.create_org_set("targets-delete")
        created = self.org_cfn.create_stack_instances(
            StackSetName="targets-delete",
            DeploymentTargets={"OrganizationalUnitIds": [self.ou]},
            Regions=["us-east-1"])["OperationId"]
        self.assertEqual(self.wait_org_operation("targets-delete", created)["Status"], "SUCCEEDED")
        targets = {"Accounts": [self.member], "OrganizationalUnitIds": [self.ou],
                   "AccountFilterType": "INTERSECTION"}
        operation_id = self.org_cfn.delete_stack_instances(
            StackSetName="targets-delete", DeploymentTargets=targets, Regions=["us-east-1"],
            RetainStacks=False)["OperationId"]
        operation = self.wait_org_operation("targets-delete", operation_id)
        self.assertEqual(operation["Status"], "SUCCEEDED")
        self.assertEqual(operation["Action"], "DELETE")
        self.assertEqual(operation["DeploymentTargets"], targets)
        self.assertEqual(
            self.org_cfn.list_stack_instances(StackSetName="targets-delete")["Summaries"], [])

    def test_a_self_managed_operation_has_no_deployment_targets(self):
        self.create_set("targets-self")
        operation_id = self.cfn().create_stack_instances(
            StackSetName="targets-self", Accounts=[TARGETS[0]],
            Regions=["us-east-1"])["OperationId"]
        operation = self.wait_operation("targets-self", operation_id)
        self.assertEqual(operation["Status"], "SUCCEEDED")
        self.assertNotIn("DeploymentTargets", operation)

    def test_an_import_by_ou_gives_the_instance_its_ou(self):
        stack_id = self.deploy_stack(self.member, "imported-by-ou")
        set_id = self.create_org_set("import-ou")
        operation_id = self.org_cfn.import_stacks_to_stack_set(
            StackSetName="import-ou", StackIds=[stack_id],
            OrganizationalUnitIds=[self.root, self.ou])["OperationId"]
        operation = self.wait_org_operation("import-ou", operation_id)
        self.assertEqual(operation["Status"], "SUCCEEDED")
        self.assertEqual(operation["Action"], "CREATE")
        self.assertEqual(operation["DeploymentTargets"],
                         {"OrganizationalUnitIds": [self.root, self.ou]})
        instance = self.org_cfn.describe_stack_instance(
            StackSetName="import-ou", StackInstanceAccount=self.member,
            StackInstanceRegion="us-east-1")["StackInstance"]
        self.assertEqual(instance, {
            "StackSetId": set_id,
            "Region": "us-east-1",
            "Account": self.member,
            "StackId": stack_id,
            "ParameterOverrides": [],
            "Status": "CURRENT",
            "StackInstanceStatus": {"DetailedStatus": "SUCCEEDED"},
            "OrganizationalUnitId": self.ou,
            "DriftStatus": "NOT_CHECKED",
            "LastOperationId": operation_id,
        })
        described = self.org_cfn.describe_stack_set(StackSetName="import-ou")["StackSet"]
        self.assertEqual(described["OrganizationalUnitIds"], [self.ou])

    def test_an_import_of_a_stack_outside_the_ous_is_stack_not_found(self):
        outsider = self.new_member("outsider")  # in the root, not in the OU
        stack_id = self.deploy_stack(outsider, "outside")
        self.create_org_set("import-outside")
        with self.assertRaises(ClientError) as cm:
            self.org_cfn.import_stacks_to_stack_set(
                StackSetName="import-outside", StackIds=[stack_id],
                OrganizationalUnitIds=[self.ou])
        self.assertEqual(cm.exception.response["Error"]["Code"], "StackNotFoundException")
        self.assertEqual(
            self.org_cfn.list_stack_instances(StackSetName="import-outside")["Summaries"], [])
        self.assertEqual(
            self.org_cfn.list_stack_set_operations(StackSetName="import-outside")["Summaries"],
            [])
