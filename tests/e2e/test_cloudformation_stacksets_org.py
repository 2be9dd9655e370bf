"""CloudFormation StackSets, service-managed, through boto3: a set on an OU of nimbus's
Organizations with automatic deployment, its instances in the OU's member accounts (stacks the
members see with their own credentials), accounts moved into and out of the OU, CallAs
DELEGATED_ADMIN, and the refusals AWS documents.

Organizations is global, so each test makes an organization of its own, managed by a new
12-digit account (the access key id is the account).
"""
import itertools
import time

from botocore.exceptions import ClientError

from harness import EmulatorTestCase
from stackset_support import OrganizationMixin

PRINCIPAL = "member.org.stacksets.cloudformation.amazonaws.com"
NOT_ADMIN = ("You must be the management account or delegated admin account of an organization "
             "before operating a SERVICE_MANAGED stack set")
NO_ACCESS = "You must enable organizations access to operate a service managed stack set"
TEMPLATE = """
Resources:
  Marker:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /e2e/org-marker
      Type: String
      Value: deployed
"""
_accounts = itertools.count(320000000001)


def new_account():
    return str(next(_accounts))


class ServiceManagedStackSetTest(OrganizationMixin, EmulatorTestCase):
    def setUp(self):
        """A new organization with an OU `workloads` holding one member account."""
        self.make_organization(new_account())
        self.ou = self.new_ou("workloads")
        self.member = self.new_member("member", self.ou)
        self.cfn = self.client("cloudformation", access_key=self.manager)

    def create_set(self, name, retain=False, **kwargs):
        self.cfn.activate_organizations_access()
        return self.cfn.create_stack_set(
            StackSetName=name, TemplateBody=TEMPLATE, PermissionModel="SERVICE_MANAGED",
            AutoDeployment={"Enabled": True, "RetainStacksOnAccountRemoval": retain},
            **kwargs)["StackSetId"]

    def deploy_to_ou(self, name):
        operation = self.cfn.create_stack_instances(
            StackSetName=name, DeploymentTargets={"OrganizationalUnitIds": [self.ou]},
            Regions=["us-east-1"])["OperationId"]
        self.assertEqual(self.wait_operation(name, operation)["Status"], "SUCCEEDED")
        return operation

    def wait_operation(self, name, operation_id, timeout=30):
        deadline = time.time() + timeout
        while True:
            operation = self.cfn.describe_stack_set_operation(
                StackSetName=name, OperationId=operation_id)["StackSetOperation"]
            if operation["Status"] not in ("RUNNING", "STOPPING", "QUEUED"):
                return operation
            if time.time() > deadline:
                raise AssertionError(f"operation {operation_id} still {operation['Status']}")
            time.sleep(0.05)

    def wait_operations(self, name, count, timeout=30):
        """The set's operations once there are `count` and none runs."""
        deadline = time.time() + timeout
        while True:
            operations = self.cfn.list_stack_set_operations(StackSetName=name)["Summaries"]
            if len(operations) >= count and all(
                    o["Status"] not in ("RUNNING", "STOPPING", "QUEUED") for o in operations):
                return operations
            if time.time() > deadline:
                raise AssertionError(f"{name}: operations {operations}")
            time.sleep(0.05)

    def instances(self, name):
        return self.cfn.list_stack_instances(StackSetName=name)["Summaries"]

    def stacks_of(self, account):
        stacks = self.client("cloudformation", access_key=account).describe_stacks()["Stacks"]
        return [s for s in stacks if s["StackStatus"] != "DELETE_COMPLETE"]

    def assert_refused(self, code, message, call, *args, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(*args, **kwargs)
        self.assertEqual(cm.exception.response["Error"]["Code"], code)
        if message is not None:
            self.assertEqual(cm.exception.response["Error"]["Message"], message)

    def test_describe_stack_set_shows_the_service_managed_members(self):
        set_id = self.create_set("org-describe", retain=True)
        self.deploy_to_ou("org-describe")
        described = self.cfn.describe_stack_set(StackSetName="org-describe")["StackSet"]
        self.assertEqual(described["StackSetId"], set_id)
        self.assertEqual(described["PermissionModel"], "SERVICE_MANAGED")
        self.assertEqual(described["AutoDeployment"],
                         {"Enabled": True, "RetainStacksOnAccountRemoval": True})
        self.assertEqual(described["OrganizationalUnitIds"], [self.ou])
        self.assertEqual(described["Regions"], ["us-east-1"])
        self.assertNotIn("AdministrationRoleARN", described)
        self.assertNotIn("ExecutionRoleName", described)

    def test_every_describe_stack_instance_field_of_an_ou_instance(self):
        set_id = self.create_set("org-fields")
        operation = self.deploy_to_ou("org-fields")
        instance = self.cfn.describe_stack_instance(
            StackSetName="org-fields", StackInstanceAccount=self.member,
            StackInstanceRegion="us-east-1")["StackInstance"]
        stacks = self.stacks_of(self.member)
        self.assertEqual(len(stacks), 1)
        self.assertEqual(instance, {
            "StackSetId": set_id,
            "Region": "us-east-1",
            "Account": self.member,
            "StackId": stacks[0]["StackId"],
            "ParameterOverrides": [],
            "Status": "CURRENT",
            "StackInstanceStatus": {"DetailedStatus": "SUCCEEDED"},
            "OrganizationalUnitId": self.ou,
            "DriftStatus": "NOT_CHECKED",
            "LastOperationId": operation,
        })
        self.assertTrue(stacks[0]["StackName"].startswith("StackSet-org-fields-"))
        self.assertEqual(stacks[0]["StackStatus"], "CREATE_COMPLETE")
        value = self.client("ssm", access_key=self.member).get_parameter(
            Name="/e2e/org-marker")["Parameter"]["Value"]
        self.assertEqual(value, "deployed")

    def test_list_stack_instances_names_the_ou(self):
        self.create_set("org-list")
        self.deploy_to_ou("org-list")
        summaries = self.instances("org-list")
        self.assertEqual([(s["Account"], s["OrganizationalUnitId"]) for s in summaries],
                         [(self.member, self.ou)])

    def test_the_management_account_in_accounts_is_refused(self):
        self.create_set("org-management")
        self.assert_refused("ValidationError", None, self.cfn.create_stack_instances,
                            StackSetName="org-management",
                            DeploymentTargets={"Accounts": [self.manager]},
                            Regions=["us-east-1"])

    def test_without_trusted_access_create_stack_set_is_refused(self):
        self.assert_refused("ValidationError", NO_ACCESS, self.cfn.create_stack_set,
                            StackSetName="org-no-access", TemplateBody=TEMPLATE,
                            PermissionModel="SERVICE_MANAGED",
                            AutoDeployment={"Enabled": True,
                                            "RetainStacksOnAccountRemoval": False})

    def test_delegated_admin_is_refused_before_registration(self):
        self.cfn.activate_organizations_access()
        delegate = self.client("cloudformation", access_key=self.member)
        self.assert_refused("ValidationError", NOT_ADMIN, delegate.create_stack_set,
                            StackSetName="org-delegated", TemplateBody=TEMPLATE,
                            PermissionModel="SERVICE_MANAGED", CallAs="DELEGATED_ADMIN",
                            AutoDeployment={"Enabled": False})

    def test_delegated_admin_manages_a_set_of_the_management_account(self):
        self.cfn.activate_organizations_access()
        other = self.new_member("other", self.ou)
        self.orgs.register_delegated_administrator(AccountId=self.member,
                                                   ServicePrincipal=PRINCIPAL)
        delegate = self.client("cloudformation", access_key=self.member)
        delegate.create_stack_set(StackSetName="org-delegated", TemplateBody=TEMPLATE,
                                  PermissionModel="SERVICE_MANAGED", CallAs="DELEGATED_ADMIN",
                                  AutoDeployment={"Enabled": False})
        operation = delegate.create_stack_instances(
            StackSetName="org-delegated", CallAs="DELEGATED_ADMIN",
            DeploymentTargets={"OrganizationalUnitIds": [self.ou]},
            Regions=["us-east-1"])["OperationId"]
        self.assertEqual(self.wait_operation("org-delegated", operation)["Status"], "SUCCEEDED")
        listed = delegate.list_stack_sets(CallAs="DELEGATED_ADMIN")["Summaries"]
        self.assertEqual([s["StackSetName"] for s in listed], ["org-delegated"])
        # The set is the management account's: the delegate's own account has none.
        self.assertEqual(delegate.list_stack_sets()["Summaries"], [])
        accounts = sorted(s["Account"] for s in self.instances("org-delegated"))
        self.assertEqual(accounts, sorted([self.member, other]))

    def test_an_account_moved_into_the_ou_gets_the_instance(self):
        self.create_set("org-move-in")
        self.deploy_to_ou("org-move-in")
        newcomer = self.new_member("newcomer")
        self.orgs.move_account(AccountId=newcomer, SourceParentId=self.root,
                               DestinationParentId=self.ou)
        operations = self.wait_operations("org-move-in", 2)
        self.assertEqual([(o["Action"], o["Status"]) for o in operations],
                         [("CREATE", "SUCCEEDED"), ("CREATE", "SUCCEEDED")])
        instance = self.cfn.describe_stack_instance(
            StackSetName="org-move-in", StackInstanceAccount=newcomer,
            StackInstanceRegion="us-east-1")["StackInstance"]
        self.assertEqual(instance["OrganizationalUnitId"], self.ou)
        self.assertEqual(instance["Status"], "CURRENT")
        self.assertEqual(instance["LastOperationId"], operations[1]["OperationId"])
        self.assertEqual([s["StackId"] for s in self.stacks_of(newcomer)], [instance["StackId"]])
        results = self.cfn.list_stack_set_operation_results(
            StackSetName="org-move-in", OperationId=operations[1]["OperationId"])["Summaries"]
        self.assertEqual([(r["Account"], r["Region"], r["Status"], r["OrganizationalUnitId"])
                          for r in results], [(newcomer, "us-east-1", "SUCCEEDED", self.ou)])

    def test_an_account_moved_out_of_the_ou_loses_instance_and_stack(self):
        self.create_set("org-move-out")
        self.deploy_to_ou("org-move-out")
        self.orgs.move_account(AccountId=self.member, SourceParentId=self.ou,
                               DestinationParentId=self.root)
        operations = self.wait_operations("org-move-out", 2)
        self.assertEqual([(o["Action"], o["Status"]) for o in operations],
                         [("CREATE", "SUCCEEDED"), ("DELETE", "SUCCEEDED")])
        self.assertEqual(self.instances("org-move-out"), [])
        self.assertEqual(self.stacks_of(self.member), [])

    def test_retain_stacks_on_account_removal_keeps_the_stack(self):
        self.create_set("org-retain", retain=True)
        self.deploy_to_ou("org-retain")
        self.orgs.move_account(AccountId=self.member, SourceParentId=self.ou,
                               DestinationParentId=self.root)
        operations = self.wait_operations("org-retain", 2)
        self.assertEqual(operations[1]["Action"], "DELETE")
        described = self.cfn.describe_stack_set_operation(
            StackSetName="org-retain", OperationId=operations[1]["OperationId"])
        self.assertTrue(described["StackSetOperation"]["RetainStacks"])
        self.assertEqual(self.instances("org-retain"), [])
        self.assertEqual([s["StackStatus"] for s in self.stacks_of(self.member)],
                         ["CREATE_COMPLETE"])

    def test_auto_deployment_targets_are_the_ou_and_its_regions(self):
        self.create_set("org-targets")
        self.deploy_to_ou("org-targets")
        summaries = self.cfn.list_stack_set_auto_deployment_targets(
            StackSetName="org-targets")["Summaries"]
        self.assertEqual(summaries, [{"OrganizationalUnitId": self.ou, "Regions": ["us-east-1"]}])
