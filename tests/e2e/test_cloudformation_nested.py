"""Nested stacks (AWS::CloudFormation::Stack) against the real binary: templates uploaded to
nimbus's S3 with PutObject and read through TemplateURL; a parent with two children and a
grandchild, parameters in and outputs out, a failing child rolling the tree back, an update and
its rollback, child templates above the TemplateBody limit, and the deletion of the tree, driven
by boto3."""
import json
import pathlib
import time

from harness import EmulatorTestCase

TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "data" / "templates"
# Waiters poll every second here rather than AWS's 30.
FAST = {"Delay": 1, "MaxAttempts": 60}


class CloudFormationNestedTest(EmulatorTestCase):
    def setUp(self):
        self.cfn = self.client("cloudformation")
        self.ssm = self.client("ssm")
        self.s3 = self.client("s3")
        self.bucket = self.unique("nested")
        self.prefix = "/" + self.unique("e2e")
        self.s3.create_bucket(Bucket=self.bucket)
        for name in ("nested_leaf.yaml", "nested_middle.yaml"):
            self.s3.put_object(Bucket=self.bucket, Key=name,
                               Body=(TEMPLATES / name).read_bytes())

    def start(self, stack, template, **parameters):
        given = {"Prefix": self.prefix, "Bucket": self.bucket, **parameters}
        return self.cfn.create_stack(
            StackName=stack, TemplateBody=(TEMPLATES / template).read_text(),
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in given.items()],
            Tags=[{"Key": "team", "Value": "nested"}])["StackId"]

    def create(self, stack, template, **parameters):
        stack_id = self.start(stack, template, **parameters)
        self.cfn.get_waiter("stack_create_complete").wait(StackName=stack_id, WaiterConfig=FAST)
        return stack_id

    def settled(self, stack_id):
        """The stack once its operation is over (no longer _IN_PROGRESS)."""
        for _ in range(600):
            described = self.describe(stack_id)
            if not described["StackStatus"].endswith("_IN_PROGRESS"):
                return described
            time.sleep(0.1)
        self.fail(f"{stack_id} is still in progress")

    def child(self, stack, logical_id):
        return self.cfn.describe_stack_resource(
            StackName=stack, LogicalResourceId=logical_id,
        )["StackResourceDetail"]["PhysicalResourceId"]

    def describe(self, stack_id):
        return self.cfn.describe_stacks(StackName=stack_id)["Stacks"][0]

    def value(self, name):
        return self.ssm.get_parameter(Name=name)["Parameter"]["Value"]

    def test_outputs_come_out_of_children_and_grandchildren(self):
        stack = self.unique("parent")
        self.create(stack, "nested_parent.yaml", Value="v1")
        outputs = {o["OutputKey"]: o["OutputValue"] for o in self.describe(stack)["Outputs"]}
        self.assertEqual(outputs, {"FirstName": self.prefix + "/first/middle",
                                   "GrandchildName": self.prefix + "/first/grand/leaf",
                                   "SecondName": self.prefix + "/second/leaf"})

    def test_parameters_go_into_children_and_grandchildren(self):
        stack = self.unique("parent")
        self.create(stack, "nested_parent.yaml", Value="v1")
        self.assertEqual(self.value(self.prefix + "/first/grand/leaf"), "v1")
        self.assertEqual(self.value(self.prefix + "/second/leaf"), self.prefix + "/first/middle")

    def test_children_show_parent_id_and_root_id(self):
        stack = self.unique("parent")
        root = self.create(stack, "nested_parent.yaml")
        first = self.child(stack, "First")
        grandchild = self.describe(self.child(first, "Grandchild"))
        self.assertEqual((grandchild["ParentId"], grandchild["RootId"]), (first, root))
        self.assertEqual(self.describe(first)["ParentId"], root)
        self.assertNotIn("ParentId", self.describe(root))
        self.assertTrue(grandchild["StackName"].startswith(
            self.describe(first)["StackName"] + "-Grandchild-"))

    def test_children_take_the_parents_tags(self):
        stack = self.unique("parent")
        self.create(stack, "nested_parent.yaml")
        self.assertEqual(self.describe(self.child(stack, "Second"))["Tags"],
                         [{"Key": "team", "Value": "nested"}])

    def test_a_failing_child_rolls_the_tree_back(self):
        stack = self.unique("failing")
        self.assertEqual(self.settled(self.start(stack, "nested_failing.yaml"))["StackStatus"],
                         "ROLLBACK_COMPLETE")
        events = self.cfn.describe_stack_events(StackName=stack)["StackEvents"]
        failed = [e for e in events if e["ResourceStatus"] == "CREATE_FAILED"]
        bad = self.child(stack, "Bad")
        self.assertEqual([(e["LogicalResourceId"], e["ResourceStatusReason"]) for e in failed],
                         [("Bad", f"Embedded stack {bad} was not successfully created: The "
                                  "following resource(s) failed to create: [Leaf].")])
        self.assertEqual(self.describe(bad)["StackStatus"], "DELETE_COMPLETE")
        self.assertEqual(self.describe(self.child(stack, "Good"))["StackStatus"],
                         "DELETE_COMPLETE")
        with self.assertRaises(self.ssm.exceptions.ParameterNotFound):
            self.ssm.get_parameter(Name=self.prefix + "/good/leaf")

    def test_an_update_reaches_the_grandchild(self):
        stack = self.unique("parent")
        self.create(stack, "nested_parent.yaml", Value="v1")
        self.cfn.update_stack(
            StackName=stack, UsePreviousTemplate=True,
            Parameters=[{"ParameterKey": "Prefix", "UsePreviousValue": True},
                        {"ParameterKey": "Bucket", "UsePreviousValue": True},
                        {"ParameterKey": "Value", "ParameterValue": "v2"}])
        self.cfn.get_waiter("stack_update_complete").wait(StackName=stack, WaiterConfig=FAST)
        self.assertEqual(self.value(self.prefix + "/first/grand/leaf"), "v2")
        first = self.child(stack, "First")
        self.assertEqual(self.describe(first)["StackStatus"], "UPDATE_COMPLETE")

    def test_deleting_the_parent_deletes_the_tree(self):
        stack = self.unique("parent")
        root = self.create(stack, "nested_parent.yaml")
        first = self.child(stack, "First")
        grandchild = self.child(first, "Grandchild")
        self.cfn.delete_stack(StackName=stack)
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=root, WaiterConfig=FAST)
        self.assertEqual([self.describe(s)["StackStatus"] for s in (first, grandchild)],
                         ["DELETE_COMPLETE", "DELETE_COMPLETE"])
        with self.assertRaises(self.ssm.exceptions.ParameterNotFound):
            self.ssm.get_parameter(Name=self.prefix + "/first/grand/leaf")

    def test_an_update_rollback_ends_only_once_the_first_child_is_back(self):
        stack = self.unique("rollback")
        self.create(stack, "nested_update_rollback.yaml", Value="v1")
        self.cfn.update_stack(
            StackName=stack, UsePreviousTemplate=True,
            Parameters=[{"ParameterKey": "Prefix", "UsePreviousValue": True},
                        {"ParameterKey": "Bucket", "UsePreviousValue": True},
                        {"ParameterKey": "Value", "ParameterValue": "v2"},
                        {"ParameterKey": "SecondValue", "ParameterValue": ""}])
        for _ in range(600):
            status = self.describe(stack)["StackStatus"]
            if status.startswith("UPDATE_ROLLBACK_COMPLETE") or not status.endswith("PROGRESS"):
                break
            time.sleep(0.05)
        # Read as soon as the parent's resources are back: its first child must be back too.
        first = self.describe(self.child(stack, "First"))
        self.assertTrue(status.startswith("UPDATE_ROLLBACK_COMPLETE"), status)
        self.assertEqual(first["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(self.value(self.prefix + "/first/leaf"), "v1")

    def put_leaf_padded_to(self, key, size):
        body = (TEMPLATES / "nested_leaf.yaml").read_text()
        body += "#" * (size - len(body) - 1) + "\n"
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body.encode())

    def test_a_child_template_above_the_template_body_limit_is_created(self):
        self.put_leaf_padded_to("big_leaf.yaml", 60000)
        stack = self.unique("big")
        self.cfn.create_stack(StackName=stack, TemplateBody=json.dumps({"Resources": {
            "Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {
                "TemplateURL": f"https://{self.bucket}.s3.amazonaws.com/big_leaf.yaml",
                "Parameters": {"Prefix": self.prefix + "/big", "Value": "big"}}}}}))
        self.cfn.get_waiter("stack_create_complete").wait(StackName=stack, WaiterConfig=FAST)
        self.assertEqual(self.value(self.prefix + "/big/leaf"), "big")

    def test_a_child_template_above_460800_bytes_fails_the_resource(self):
        self.put_leaf_padded_to("huge_leaf.yaml", 460801)
        stack = self.unique("huge")
        stack_id = self.cfn.create_stack(StackName=stack, TemplateBody=json.dumps({"Resources": {
            "Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {
                "TemplateURL": f"https://{self.bucket}.s3.amazonaws.com/huge_leaf.yaml",
                "Parameters": {"Prefix": self.prefix + "/huge", "Value": "huge"}}}}}))["StackId"]
        self.assertEqual(self.settled(stack_id)["StackStatus"], "ROLLBACK_COMPLETE")
        events = self.cfn.describe_stack_events(StackName=stack_id)["StackEvents"]
        self.assertEqual([e["ResourceStatusReason"] for e in events
                          if e["ResourceStatus"] == "CREATE_FAILED"],
                         ["Template may not exceed 460800 bytes in size."])
