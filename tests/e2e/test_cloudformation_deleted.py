"""A deleted CloudFormation stack stays visible by its id, as AWS keeps it for 90 days: its
events, resources and summary, through boto3, and across a restart over the same --data-dir
(nimbus packs a deleted stack's events; the answers must not change)."""
import json
import re
import shutil
import tempfile

from harness import EmulatorTestCase, Nimbus

FAST = {"Delay": 1, "MaxAttempts": 60}


def template(prefix):
    return json.dumps({"Resources": {
        "First": {"Type": "AWS::SSM::Parameter",
                  "Properties": {"Name": f"{prefix}/first", "Type": "String", "Value": "1"}},
        "Second": {"Type": "AWS::SSM::Parameter", "DependsOn": "First",
                   "Properties": {"Name": f"{prefix}/second", "Type": "String", "Value": "2"}}}})


def create_and_delete(cfn, name):
    """Creates and deletes the stack `name` with request tokens; returns its id."""
    stack_id = cfn.create_stack(StackName=name, TemplateBody=template("/" + name),
                                ClientRequestToken=name + "-create")["StackId"]
    cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig=FAST)
    cfn.delete_stack(StackName=name, ClientRequestToken=name + "-delete")
    cfn.get_waiter("stack_delete_complete").wait(StackName=stack_id, WaiterConfig=FAST)
    return stack_id


def answers(cfn, stack_id):
    """Everything a client can read of a deleted stack, with the response metadata left out."""
    def strip(answer):
        answer.pop("ResponseMetadata", None)
        return answer
    summaries = [s for s in cfn.list_stacks()["StackSummaries"] if s["StackId"] == stack_id]
    return {"events": strip(cfn.describe_stack_events(StackName=stack_id)),
            "stacks": strip(cfn.describe_stacks(StackName=stack_id)),
            "resources": strip(cfn.describe_stack_resources(StackName=stack_id)),
            "summaries": summaries}


class DeletedStackTest(EmulatorTestCase):
    def test_the_events_of_a_deleted_stack_are_answered_newest_first_by_its_id(self):
        cfn = self.client("cloudformation")
        stack_id = create_and_delete(cfn, "deleted-events")
        events = cfn.describe_stack_events(StackName=stack_id)["StackEvents"]
        self.assertEqual([(e["LogicalResourceId"], e["ResourceStatus"]) for e in events], [
            ("deleted-events", "DELETE_COMPLETE"),
            ("First", "DELETE_COMPLETE"), ("First", "DELETE_IN_PROGRESS"),
            ("Second", "DELETE_COMPLETE"), ("Second", "DELETE_IN_PROGRESS"),
            ("deleted-events", "DELETE_IN_PROGRESS"),
            ("deleted-events", "CREATE_COMPLETE"),
            ("Second", "CREATE_COMPLETE"), ("Second", "CREATE_IN_PROGRESS"),
            ("Second", "CREATE_IN_PROGRESS"),
            ("First", "CREATE_COMPLETE"), ("First", "CREATE_IN_PROGRESS"),
            ("First", "CREATE_IN_PROGRESS"),
            ("deleted-events", "CREATE_IN_PROGRESS")])
        self.assertEqual([e["ClientRequestToken"] for e in events],
                         ["deleted-events-delete"] * 6 + ["deleted-events-create"] * 8)
        self.assertEqual(len({e["OperationId"] for e in events}), 2)
        self.assertRegex(events[1]["EventId"],
                         r"^First-DELETE_COMPLETE-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertRegex(events[0]["EventId"], r"^[0-9a-f]{8}-[0-9a-f]{4}-")
        self.assertEqual(events[-2]["ResourceProperties"],
                         '{"Name":"/deleted-events/first","Type":"String","Value":"1"}')
        self.assertEqual(events[-2]["PhysicalResourceId"], "")
        self.assertEqual(events[-3]["PhysicalResourceId"], "/deleted-events/first")
        self.assertEqual(events[-3]["ResourceStatusReason"], "Resource creation Initiated")

    def test_the_resources_of_a_deleted_stack_are_answered_by_its_id(self):
        cfn = self.client("cloudformation")
        stack_id = create_and_delete(cfn, "deleted-resources")
        resources = cfn.describe_stack_resources(StackName=stack_id)["StackResources"]
        self.assertEqual([(r["LogicalResourceId"], r["PhysicalResourceId"], r["ResourceStatus"])
                          for r in resources],
                         [("First", "/deleted-resources/first", "DELETE_COMPLETE"),
                          ("Second", "/deleted-resources/second", "DELETE_COMPLETE")])


class DeletedStackRestartTest(EmulatorTestCase):
    def test_a_restart_answers_a_deleted_stack_as_before(self):
        data = tempfile.mkdtemp(prefix="nimbus-cfn-deleted-")
        self.addCleanup(shutil.rmtree, data, ignore_errors=True)
        first = Nimbus("--data-dir", data)
        try:
            self.endpoint = first.endpoint
            cfn = self.client("cloudformation")
            stack_id = create_and_delete(cfn, "deleted-restart")
            before = answers(cfn, stack_id)
        finally:
            self.assertEqual(first.stop(), 0)
        second = Nimbus("--data-dir", data)
        try:
            self.endpoint = second.endpoint
            after = answers(self.client("cloudformation"), stack_id)
        finally:
            self.assertEqual(second.stop(), 0)
        self.assertEqual(len(before["events"]["StackEvents"]), 14)
        self.assertEqual(re.sub(r"/[0-9a-f-]{36}$", "", stack_id).rsplit("/", 1)[1],
                         "deleted-restart")
        self.assertEqual(after, before)
