"""CreationPolicy against the real binary: an SSM parameter held CREATE_IN_PROGRESS until boto3's
SignalResource (or the CLI's signal-resource) has sent Count SUCCESS signals; a FAILURE signal
and the Timeout roll the stack back with AWS's reasons."""
import pathlib
import shutil
import tempfile
import time

from botocore.exceptions import ClientError

from harness import EmulatorTestCase, Nimbus

TEMPLATE = (pathlib.Path(__file__).resolve().parents[1] / "data" / "templates" /
            "creation_policy.yaml")


class CreationPolicyTest(EmulatorTestCase):
    def setUp(self):
        self.cfn = self.client("cloudformation")
        self.name = self.unique("signals")

    def create(self, **parameters):
        self.cfn.create_stack(
            StackName=self.name, TemplateBody=TEMPLATE.read_text(),
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()])

    def status(self):
        return self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]["StackStatus"]

    def wait_status(self, *statuses, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            status = self.status()
            if status in statuses:
                return status
            time.sleep(0.05)
        return self.status()

    def wait_until_held(self):
        """Until the parameter is created and waits for its signals (its `Initiated` event)."""
        for _ in range(200):
            events = self.cfn.describe_stack_events(StackName=self.name)["StackEvents"]
            if any(e.get("ResourceStatusReason") == "Resource creation Initiated" for e in events):
                return
            time.sleep(0.05)
        self.fail("the parameter was not created")

    def signal(self, unique_id, status="SUCCESS"):
        self.cfn.signal_resource(StackName=self.name, LogicalResourceId="Param",
                                 UniqueId=unique_id, Status=status)

    def reasons(self, status):
        return [e.get("ResourceStatusReason")
                for e in self.cfn.describe_stack_events(StackName=self.name)["StackEvents"]
                if e["LogicalResourceId"] == "Param" and e["ResourceStatus"] == status]

    def test_count_success_signals_complete_the_stack(self):
        self.create()
        self.wait_until_held()
        self.signal("i-1")
        self.assertEqual(self.status(), "CREATE_IN_PROGRESS")
        self.signal("i-2")
        self.assertEqual(self.wait_status("CREATE_COMPLETE", "ROLLBACK_COMPLETE"),
                         "CREATE_COMPLETE")
        self.assertEqual(self.reasons("CREATE_IN_PROGRESS")[:2],
                         ["Received SUCCESS signal with UniqueId i-2",
                          "Received SUCCESS signal with UniqueId i-1"])

    def test_a_failure_signal_rolls_the_stack_back_with_its_reason(self):
        self.create()
        self.wait_until_held()
        self.signal("i-1", "FAILURE")
        self.assertEqual(self.wait_status("ROLLBACK_COMPLETE", "CREATE_COMPLETE"),
                         "ROLLBACK_COMPLETE")
        self.assertEqual(self.reasons("CREATE_FAILED"),
                         ["Received FAILURE signal with UniqueId i-1"])

    def test_the_timeout_fails_the_resource(self):
        self.create(Count="1", Timeout="PT1S")
        self.assertEqual(self.wait_status("ROLLBACK_COMPLETE", "CREATE_COMPLETE"),
                         "ROLLBACK_COMPLETE")
        self.assertEqual(self.reasons("CREATE_FAILED"),
                         ["Failed to receive 1 resource signal(s) within the specified duration"])

    def test_a_complete_stack_cannot_be_signaled(self):
        self.create(Count="1")
        self.wait_until_held()
        self.signal("i-1")
        self.wait_status("CREATE_COMPLETE")
        stack_id = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]["StackId"]
        with self.assertRaises(ClientError) as cm:
            self.signal("i-2")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationError")
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         f"Stack {stack_id} is in CREATE_COMPLETE state and cannot be signaled")

    def test_the_cli_signal_resource_completes_the_stack(self):
        self.create(Count="1")
        self.wait_until_held()
        self.aws("cloudformation", "signal-resource", "--stack-name", self.name,
                 "--logical-resource-id", "Param", "--unique-id", "cli-1", "--status", "SUCCESS")
        self.aws("cloudformation", "wait", "stack-create-complete", "--stack-name", self.name)
        self.assertEqual(self.status(), "CREATE_COMPLETE")

    def test_a_signal_before_a_restart_still_counts(self):
        data = tempfile.mkdtemp(prefix="nimbus-cfn-signals-")
        self.addCleanup(shutil.rmtree, data, ignore_errors=True)
        first = Nimbus("--data-dir", data)
        try:
            self.endpoint = first.endpoint
            self.cfn = self.client("cloudformation")
            self.create()
            self.wait_until_held()
            self.signal("i-1")
        finally:
            self.assertEqual(first.stop(), 0)
        second = Nimbus("--data-dir", data)
        try:
            self.endpoint = second.endpoint
            self.cfn = self.client("cloudformation")
            self.assertEqual(self.status(), "CREATE_IN_PROGRESS")
            self.signal("i-2")
            self.assertEqual(self.wait_status("CREATE_COMPLETE", "ROLLBACK_COMPLETE"),
                             "CREATE_COMPLETE")
        finally:
            self.assertEqual(second.stop(), 0)
