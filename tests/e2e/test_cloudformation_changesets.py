"""Change sets against the real binary: boto3's create/describe/execute/delete/list and the
change_set_create_complete waiter, and the AWS CLI's `cloudformation deploy` creating, updating
and leaving alone a stack of one SSM parameter."""
import time

from botocore.exceptions import ClientError, WaiterError

from cfn_support import FAST, SSM_UPDATE, SsmUpdateStackCase
from harness import EmulatorTestCase
NO_CHANGES = ("The submitted information didn't contain changes. Submit different information "
              "to create a change set.")


class CloudFormationChangeSetTest(SsmUpdateStackCase):
    def change_set(self, change_set, name="/p", value="v1", kind="UPDATE"):
        """Creates a change set and waits for it to be created; returns its id."""
        got = self.cfn.create_change_set(StackName=self.name, ChangeSetName=change_set,
                                         ChangeSetType=kind, TemplateBody=SSM_UPDATE.read_text(),
                                         Parameters=self.parameters(name, value))
        self.cfn.get_waiter("change_set_create_complete").wait(
            StackName=self.name, ChangeSetName=change_set, WaiterConfig=FAST)
        return got["Id"]

    def deployed(self, value="v1"):
        """The stack created from a change set and executed."""
        self.change_set("initial", value=value, kind="CREATE")
        self.cfn.execute_change_set(StackName=self.name, ChangeSetName="initial")
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)

    def value(self, name):
        return self.ssm.get_parameter(Name=self.prefix + name)["Parameter"]["Value"]

    def test_a_create_change_set_leaves_the_new_stack_in_review(self):
        got = self.change_set("initial", kind="CREATE")
        stack = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]
        self.assertEqual(stack["StackStatus"], "REVIEW_IN_PROGRESS")
        self.assertEqual(stack["StackStatusReason"], "User Initiated")
        self.assertEqual(got.split(":")[5].split("/")[:2], ["changeSet", "initial"])
        events = self.cfn.describe_stack_events(StackName=self.name)["StackEvents"]
        self.assertEqual([(e["ResourceStatus"], e["ResourceStatusReason"]) for e in events],
                         [("REVIEW_IN_PROGRESS", "User Initiated")])

    def test_describe_change_set_lists_an_add_for_a_new_stack(self):
        self.change_set("initial", kind="CREATE")
        described = self.cfn.describe_change_set(StackName=self.name, ChangeSetName="initial")
        self.assertEqual(described["Status"], "CREATE_COMPLETE")
        self.assertEqual(described["ExecutionStatus"], "AVAILABLE")
        self.assertEqual(described["StackName"], self.name)
        self.assertEqual([(c["ResourceChange"]["Action"], c["ResourceChange"]["LogicalResourceId"])
                          for c in described["Changes"]], [("Add", "Param")])

    def test_executing_a_create_change_set_creates_the_stack(self):
        self.deployed()
        stack = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(self.value("/p"), "v1")
        self.assertTrue(stack["ChangeSetId"].split(":")[5].startswith("changeSet/initial/"))

    def test_an_unchanged_update_fails_and_cannot_be_executed(self):
        self.deployed()
        self.cfn.create_change_set(StackName=self.name, ChangeSetName="same",
                                   TemplateBody=SSM_UPDATE.read_text(),
                                   Parameters=self.parameters("/p", "v1"))
        with self.assertRaises(WaiterError):
            self.cfn.get_waiter("change_set_create_complete").wait(
                StackName=self.name, ChangeSetName="same", WaiterConfig=FAST)
        described = self.cfn.describe_change_set(StackName=self.name, ChangeSetName="same")
        self.assertEqual((described["Status"], described["ExecutionStatus"],
                          described["StatusReason"]), ("FAILED", "UNAVAILABLE", NO_CHANGES))
        with self.assertRaises(ClientError) as cm:
            self.cfn.execute_change_set(StackName=self.name, ChangeSetName="same")
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidChangeSetStatus")

    def test_a_changed_parameter_name_is_a_replacement(self):
        self.deployed()
        self.change_set("rename", name="/q")
        change = self.cfn.describe_change_set(StackName=self.name, ChangeSetName="rename")[
            "Changes"][0]["ResourceChange"]
        self.assertEqual((change["Action"], change["Replacement"], change["PhysicalResourceId"]),
                         ("Modify", "True", self.prefix + "/p"))
        self.assertEqual(change["Details"][0]["Target"]["Name"], "Name")
        self.assertEqual(change["Details"][0]["Target"]["RequiresRecreation"], "Always")

    def test_include_property_values_shows_the_values_before_and_after(self):
        self.deployed()
        self.change_set("value", value="v2")
        change = self.cfn.describe_change_set(StackName=self.name, ChangeSetName="value",
                                              IncludePropertyValues=True)["Changes"][0]
        target = change["ResourceChange"]["Details"][0]["Target"]
        self.assertEqual((target["Name"], target["BeforeValue"], target["AfterValue"]),
                         ("Value", "v1", "v2"))

    def test_executing_an_update_change_set_updates_the_parameter(self):
        self.deployed()
        self.change_set("value", value="v2")
        self.cfn.execute_change_set(StackName=self.name, ChangeSetName="value")
        self.cfn.get_waiter("stack_update_complete").wait(StackName=self.name, WaiterConfig=FAST)
        self.assertEqual(self.value("/p"), "v2")

    def test_list_and_delete_change_sets(self):
        self.deployed()
        first = self.change_set("one", value="v2")
        self.change_set("two", value="v3")
        listed = [(s["ChangeSetName"], s["ExecutionStatus"])
                  for s in self.cfn.list_change_sets(StackName=self.name)["Summaries"]]
        self.assertEqual(listed, [("initial", "EXECUTE_COMPLETE"), ("one", "AVAILABLE"),
                                  ("two", "AVAILABLE")])
        self.cfn.delete_change_set(ChangeSetName=first)
        with self.assertRaises(ClientError) as cm:
            self.cfn.describe_change_set(ChangeSetName=first)
        self.assertEqual(cm.exception.response["Error"]["Code"], "ChangeSetNotFound")
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         f"ChangeSet [{first}] does not exist")
        with self.assertRaises(ClientError) as cm:
            self.cfn.delete_change_set(ChangeSetName=first)
        self.assertEqual(cm.exception.response["Error"]["Code"], "ChangeSetNotFound")
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)

    def test_a_stack_in_review_is_deleted_by_delete_stack(self):
        self.change_set("initial", kind="CREATE")
        stack_id = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]["StackId"]
        self.cfn.delete_stack(StackName=self.name)
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=stack_id, WaiterConfig=FAST)
        self.assertEqual(self.cfn.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"],
                         "DELETE_COMPLETE")


class CloudFormationDeployTest(EmulatorTestCase):
    """`aws cloudformation deploy` as users run it."""

    def setUp(self):
        self.name = self.unique("deploy")
        self.prefix = "/" + self.unique("e2e")

    def deploy(self, value, *extra, check=True):
        """Runs deploy; with `check`, asserts that it succeeded."""
        # The CLI names its change set after the current second, and the stack's earlier change
        # sets (the executed one, a FAILED one) stay: a deploy in the same second as the last
        # would reuse a name. Each one starts in a second of its own.
        time.sleep(1.0 - time.time() % 1.0 + 0.05)
        result = self.aws("cloudformation", "deploy", "--template-file", str(SSM_UPDATE),
                          "--stack-name", self.name, "--parameter-overrides",
                          f"ParamName={self.prefix}/p", f"ParamValue={value}", *extra,
                          check=False)
        if check:
            self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def value(self):
        got = self.aws("ssm", "get-parameter", "--name", self.prefix + "/p")
        return got["Parameter"]["Value"]

    def test_deploy_creates_updates_and_leaves_an_unchanged_stack_alone(self):
        self.deploy("v1")
        self.assertEqual(self.value(), "v1")
        self.deploy("v2")
        self.assertEqual(self.value(), "v2")
        stack = self.aws("cloudformation", "describe-stacks", "--stack-name", self.name)
        self.assertEqual(stack["Stacks"][0]["StackStatus"], "UPDATE_COMPLETE")

        unchanged = self.deploy("v2", "--no-fail-on-empty-changeset", check=False)
        self.assertEqual(unchanged.returncode, 0)
        self.assertIn(f"No changes to deploy. Stack {self.name} is up to date", unchanged.stdout)
        failing = self.deploy("v2", check=False)
        self.assertNotEqual(failing.returncode, 0)
        self.assertIn(f"No changes to deploy. Stack {self.name} is up to date", failing.stderr)

    def test_deploy_without_executing_leaves_a_change_set_to_review(self):
        result = self.deploy("v1", "--no-execute-changeset")
        self.assertIn("Changeset created successfully.", result.stdout)
        stack = self.aws("cloudformation", "describe-stacks", "--stack-name", self.name)
        self.assertEqual(stack["Stacks"][0]["StackStatus"], "REVIEW_IN_PROGRESS")
        listed = self.aws("cloudformation", "list-change-sets", "--stack-name", self.name)
        self.assertEqual([s["ExecutionStatus"] for s in listed["Summaries"]], ["AVAILABLE"])
