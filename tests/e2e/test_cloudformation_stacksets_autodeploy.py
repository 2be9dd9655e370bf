"""CloudFormation StackSets automatic deployment through boto3: AutoDeployment.DependsOn orders
the automatic deployments of one change (the dependent set's operation is QUEUED until the one
it depends on has succeeded, and does not start if that one failed), the refusals of an invalid
DependsOn, and an account moved between two OUs of a set.

Each test makes an organization of its own (Organizations is global), managed by a new 12-digit
account. The server runs with --async-delay-ms 300 so that the QUEUED state can be seen.
"""
import itertools
import time

from botocore.exceptions import ClientError

from harness import EmulatorTestCase
from stackset_support import OrganizationMixin

TEMPLATE = """
Parameters:
  Name:
    Type: String
Resources:
  Marker:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Ref Name
      Type: String
      Value: deployed
"""
DONE = ("SUCCEEDED", "FAILED", "STOPPED")
_accounts = itertools.count(330000000001)


def new_account():
    return str(next(_accounts))


class AutoDeploymentOrderTest(OrganizationMixin, EmulatorTestCase):
    nimbus_args = ("--async-delay-ms", "300")

    def setUp(self):
        """A new organization with an OU `workloads` holding one member account."""
        self.make_organization(new_account())
        self.ou = self.new_ou("workloads")
        self.member = self.new_member("member", self.ou)
        self.cfn = self.client("cloudformation", access_key=self.manager)
        self.cfn.activate_organizations_access()

    def create_set(self, name, depends_on=()):
        auto_deployment = {"Enabled": True, "RetainStacksOnAccountRemoval": False}
        if depends_on:
            auto_deployment["DependsOn"] = list(depends_on)
        self.cfn.create_stack_set(
            StackSetName=name, TemplateBody=TEMPLATE, PermissionModel="SERVICE_MANAGED",
            Parameters=[{"ParameterKey": "Name", "ParameterValue": f"/e2e/{name}"}],
            AutoDeployment=auto_deployment)
        return self.cfn.describe_stack_set(StackSetName=name)["StackSet"]["StackSetARN"]

    def deploy_to(self, name, *ous):
        operation = self.cfn.create_stack_instances(
            StackSetName=name, DeploymentTargets={"OrganizationalUnitIds": list(ous)},
            Regions=["us-east-1"])["OperationId"]
        self.assertEqual(self.wait_operation(name, operation)["Status"], "SUCCEEDED")

    def operation(self, name, operation_id):
        return self.cfn.describe_stack_set_operation(
            StackSetName=name, OperationId=operation_id)["StackSetOperation"]

    def wait_operation(self, name, operation_id, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            operation = self.operation(name, operation_id)
            if operation["Status"] in DONE:
                return operation
            time.sleep(0.05)
        raise AssertionError(f"operation {operation_id} of {name} did not end")

    def second_operation(self, name, timeout=60):
        """The id of the set's second operation (the first automatic deployment), once made."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            summaries = self.cfn.list_stack_set_operations(StackSetName=name)["Summaries"]
            if len(summaries) >= 2:
                return summaries[1]["OperationId"]
            time.sleep(0.05)
        raise AssertionError(f"{name} has no automatic deployment")

    def move_in(self, name="newcomer"):
        newcomer = self.new_member(name)
        self.orgs.move_account(AccountId=newcomer, SourceParentId=self.root,
                               DestinationParentId=self.ou)
        return newcomer

    def assert_refused(self, message, call, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationError")
        self.assertEqual(cm.exception.response["Error"]["Message"], message)

    def test_a_dependent_set_is_queued_until_the_set_it_depends_on_succeeded(self):
        base = self.create_set("dep-base")
        self.deploy_to("dep-base", self.ou)
        self.create_set("dep-app", depends_on=[base])
        self.deploy_to("dep-app", self.ou)
        newcomer = self.move_in()
        base_op = self.second_operation("dep-base")
        app_op = self.second_operation("dep-app")
        # Each look reads the dependent set first: once it runs, the base must have ended.
        seen = []
        deadline = time.time() + 60
        while time.time() < deadline:
            app = self.operation("dep-app", app_op)
            base_now = self.operation("dep-base", base_op)
            seen.append((app["Status"], base_now["Status"]))
            if app["Status"] in DONE:
                break
            time.sleep(0.05)
        self.assertIn(("QUEUED", "RUNNING"), seen)
        self.assertEqual([pair for pair in seen if pair[0] != "QUEUED" and pair[1] != "SUCCEEDED"],
                         [])
        base_done = self.operation("dep-base", base_op)
        app_done = self.operation("dep-app", app_op)
        self.assertEqual((base_done["Action"], base_done["Status"]), ("CREATE", "SUCCEEDED"))
        self.assertEqual((app_done["Action"], app_done["Status"]), ("CREATE", "SUCCEEDED"))
        # The dependent set's stack in the account was made after the base's operation ended.
        instance = self.cfn.describe_stack_instance(
            StackSetName="dep-app", StackInstanceAccount=newcomer,
            StackInstanceRegion="us-east-1")["StackInstance"]
        stack = self.client("cloudformation", access_key=newcomer).describe_stacks(
            StackName=instance["StackId"])["Stacks"][0]
        self.assertGreaterEqual(stack["CreationTime"], base_done["EndTimestamp"])
        self.assertGreaterEqual(app_done["EndTimestamp"], base_done["EndTimestamp"])
        self.assertEqual(instance["Status"], "CURRENT")

    def test_a_failed_dependency_fails_the_dependent_operation_without_starting_it(self):
        base = self.create_set("fail-base")
        self.deploy_to("fail-base", self.ou)
        self.create_set("fail-app", depends_on=[base])
        self.deploy_to("fail-app", self.ou)
        newcomer = self.new_member("taken")
        # The base set's parameter already exists there: its stack fails.
        self.client("ssm", access_key=newcomer).put_parameter(
            Name="/e2e/fail-base", Value="mine", Type="String")
        self.orgs.move_account(AccountId=newcomer, SourceParentId=self.root,
                               DestinationParentId=self.ou)
        base_op = self.second_operation("fail-base")
        app_op = self.second_operation("fail-app")
        self.assertEqual(self.wait_operation("fail-base", base_op)["Status"], "FAILED")
        app = self.wait_operation("fail-app", app_op)
        base_id = self.cfn.describe_stack_set(StackSetName="fail-base")["StackSet"]["StackSetId"]
        self.assertEqual(app["Status"], "FAILED")
        self.assertEqual(app["StatusReason"],
                         f"Not started: the automatic deployment of StackSet {base_id} "
                         f"(operation {base_op}) ended FAILED.")
        reason = ("Cancelled since the automatic deployment of a StackSet it depends on did "
                  "not succeed")
        results = self.cfn.list_stack_set_operation_results(
            StackSetName="fail-app", OperationId=app_op)["Summaries"]
        self.assertEqual([(r["Account"], r["Status"], r["StatusReason"]) for r in results],
                         [(newcomer, "CANCELLED", reason)])
        instance = self.cfn.describe_stack_instance(
            StackSetName="fail-app", StackInstanceAccount=newcomer,
            StackInstanceRegion="us-east-1")["StackInstance"]
        self.assertEqual((instance["Status"], instance["StackInstanceStatus"]["DetailedStatus"]),
                         ("OUTDATED", "CANCELLED"))
        self.assertNotIn("StackId", instance)

    def test_an_account_back_before_its_removal_ended_is_deployed_again(self):
        self.create_set("back-again")
        self.deploy_to("back-again", self.ou)
        self.orgs.move_account(AccountId=self.member, SourceParentId=self.ou,
                               DestinationParentId=self.root)
        self.orgs.move_account(AccountId=self.member, SourceParentId=self.root,
                               DestinationParentId=self.ou)
        deadline = time.time() + 60
        while time.time() < deadline:
            operations = self.cfn.list_stack_set_operations(StackSetName="back-again")["Summaries"]
            if len(operations) == 3 and all(o["Status"] in DONE for o in operations):
                break
            time.sleep(0.05)
        self.assertEqual([(o["Action"], o["Status"]) for o in operations],
                         [("CREATE", "SUCCEEDED"), ("DELETE", "SUCCEEDED"),
                          ("CREATE", "SUCCEEDED")])
        instance = self.cfn.describe_stack_instance(
            StackSetName="back-again", StackInstanceAccount=self.member,
            StackInstanceRegion="us-east-1")["StackInstance"]
        self.assertEqual(
            (instance["Status"], instance["LastOperationId"], instance["OrganizationalUnitId"]),
            ("CURRENT", operations[2]["OperationId"], self.ou))
        stacks = self.client("cloudformation", access_key=self.member).describe_stacks(
            StackName=instance["StackId"])["Stacks"]
        self.assertEqual(stacks[0]["StackStatus"], "CREATE_COMPLETE")

    def test_depends_on_an_unknown_stack_set_is_refused(self):
        arn = (f"arn:aws:cloudformation:us-east-1:{self.manager}:stackset/"
               "missing:00000000-0000-0000-0000-000000000000")
        self.assert_refused(
            f"AutoDeployment DependsOn: {arn} is not a SERVICE_MANAGED stack set of this "
            "account and Region.",
            self.cfn.create_stack_set, StackSetName="dep-unknown", TemplateBody=TEMPLATE,
            PermissionModel="SERVICE_MANAGED",
            AutoDeployment={"Enabled": True, "DependsOn": [arn]})

    def test_a_circular_dependency_is_refused(self):
        first = self.create_set("cycle-a")
        second = self.create_set("cycle-b", depends_on=[first])
        self.assert_refused(
            f"AutoDeployment DependsOn: {second} depends on stack set cycle-a, which would be "
            "a circular dependency.",
            self.cfn.update_stack_set, StackSetName="cycle-a", UsePreviousTemplate=True,
            AutoDeployment={"Enabled": True, "DependsOn": [second]})
        described = self.cfn.describe_stack_set(StackSetName="cycle-a")["StackSet"]
        self.assertEqual(described["AutoDeployment"],
                         {"Enabled": True, "RetainStacksOnAccountRemoval": False})

    def test_an_account_moved_between_two_targeted_ous_keeps_its_instance_and_first_ou(self):
        second_ou = self.new_ou("platform")
        self.create_set("two-ous")
        self.deploy_to("two-ous", self.ou, second_ou)
        before = self.cfn.describe_stack_instance(
            StackSetName="two-ous", StackInstanceAccount=self.member,
            StackInstanceRegion="us-east-1")["StackInstance"]
        self.orgs.move_account(AccountId=self.member, SourceParentId=self.ou,
                               DestinationParentId=second_ou)
        time.sleep(1)  # more than the delay an automatic deployment would start after
        operations = self.cfn.list_stack_set_operations(StackSetName="two-ous")["Summaries"]
        self.assertEqual([o["Action"] for o in operations], ["CREATE"])
        after = self.cfn.describe_stack_instance(
            StackSetName="two-ous", StackInstanceAccount=self.member,
            StackInstanceRegion="us-east-1")["StackInstance"]
        self.assertEqual(after, before)
        self.assertEqual(after["OrganizationalUnitId"], self.ou)
