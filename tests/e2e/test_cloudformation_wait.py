"""Wait conditions against the real binary: the handle's presigned URL is served by nimbus, curl
signals it as the user guide shows, and the stack completes, rolls back or times out. Custom
resources and macros, which need Lambda, fail at once."""
import json
import pathlib
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from botocore.exceptions import ClientError

from harness import EmulatorTestCase, Nimbus

TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "data" / "templates"
WAIT = TEMPLATES / "wait_condition.yaml"
CUSTOM = TEMPLATES / "custom_resource.yaml"
FAST = {"Delay": 1, "MaxAttempts": 30}


def signal(status, unique_id, data="", reason=""):
    return json.dumps({"Status": status, "Reason": reason, "UniqueId": unique_id, "Data": data})


class WaitConditionTest(EmulatorTestCase):
    def setUp(self):
        self.cfn = self.client("cloudformation")
        self.name = self.unique("wait")

    def create(self, **parameters):
        self.cfn.create_stack(
            StackName=self.name, TemplateBody=WAIT.read_text(),
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()])

    def handle_url(self):
        """The handle's URL, its physical id, once the handle is created."""
        for _ in range(100):
            try:  # until the deployment has started the handle, it does not exist
                detail = self.cfn.describe_stack_resource(
                    StackName=self.name, LogicalResourceId="Handle")["StackResourceDetail"]
            except ClientError as e:
                self.assertEqual(e.response["Error"]["Message"],
                                 f"Resource Handle does not exist for stack {self.name}")
                detail = {"ResourceStatus": ""}
            if detail["ResourceStatus"] == "CREATE_COMPLETE":
                return detail["PhysicalResourceId"]
            time.sleep(0.05)
        self.fail("the handle was not created")

    def curl(self, *args):
        result = subprocess.run(["curl", "-sS", "-o", "/dev/stdout", "-w", "\n%{http_code}", *args],
                                capture_output=True, text=True, timeout=30, check=True)
        body, _, code = result.stdout.rpartition("\n")
        return int(code), body

    def failed_reason(self, logical_id):
        """The reason of the resource's CREATE_FAILED event (rollback deletes it afterwards)."""
        for event in self.cfn.describe_stack_events(StackName=self.name)["StackEvents"]:
            if (event["LogicalResourceId"], event["ResourceStatus"]) == (logical_id,
                                                                         "CREATE_FAILED"):
                return event["ResourceStatusReason"]
        return None

    def stack(self):
        return self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]

    def wait_status(self, *statuses):
        for _ in range(200):
            status = self.stack()["StackStatus"]
            if status in statuses:
                return status
            time.sleep(0.05)
        return self.stack()["StackStatus"]

    def test_the_handle_url_is_on_the_endpoint_nimbus_listens_on(self):
        self.create()
        url = self.handle_url()
        stack_id = self.stack()["StackId"]
        self.assertTrue(url.startswith(
            f"{self.endpoint}/cloudformation-waitcondition-us-east-1/"
            f"{urllib.parse.quote(stack_id, safe='')}/Handle?X-Amz-Algorithm=AWS4-HMAC-SHA256&"),
            url)

    def test_a_curl_put_signal_completes_the_stack_and_its_data_is_read_back(self):
        self.create()
        code, body = self.curl("-X", "PUT", "-H", "Content-Type:", "--data-binary",
                               signal("SUCCESS", "ID1234", "Application has completed "
                                      "configuration.", "Configuration Complete"),
                               self.handle_url())
        self.assertEqual((code, body), (200, ""))
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        outputs = {o["OutputKey"]: o["OutputValue"] for o in self.stack()["Outputs"]}
        self.assertEqual(json.loads(outputs["Data"]),
                         {"ID1234": "Application has completed configuration."})
        self.assertEqual(outputs["HandleUrl"], self.handle_url())

    def test_a_signal_uploaded_with_curl_dash_t_counts(self):
        self.create(Count="2")
        url = self.handle_url()
        with tempfile.NamedTemporaryFile("w", suffix=".json") as file:
            for unique_id in ("a", "b"):
                file.seek(0)
                file.truncate()
                file.write(signal("SUCCESS", unique_id, "from " + unique_id))
                file.flush()
                self.assertEqual(self.curl("-T", file.name, url)[0], 200)
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)

    def test_a_failure_signal_rolls_the_stack_back_with_its_reason(self):
        self.create()
        self.curl("-X", "PUT", "-d", signal("FAILURE", "i-7", reason="Configuration failed"),
                  self.handle_url())
        self.assertEqual(self.wait_status("ROLLBACK_COMPLETE", "ROLLBACK_FAILED"),
                         "ROLLBACK_COMPLETE")
        self.assertEqual(self.failed_reason("Wait"),
                         "WaitCondition received failed message: 'Configuration failed' for "
                         "uniqueId: i-7")

    def test_a_short_timeout_fails_the_stack(self):
        self.create(Timeout="1")
        self.assertEqual(self.wait_status("ROLLBACK_COMPLETE", "ROLLBACK_FAILED"),
                         "ROLLBACK_COMPLETE")
        self.assertEqual(self.failed_reason("Wait"),
                         "WaitCondition timed out. Received 0 conditions when expecting 1")

    def test_a_url_with_a_wrong_signature_is_access_denied(self):
        self.create()
        url = self.handle_url()
        url = url[:-1] + ("1" if url[-1] == "0" else "0")
        code, body = self.curl("-X", "PUT", "-d", signal("SUCCESS", "x"), url)
        self.assertEqual(code, 403)
        self.assertIn("<Code>AccessDenied</Code>", body)
        self.assertEqual(self.stack()["StackStatus"], "CREATE_IN_PROGRESS")

    def test_a_custom_resource_fails_at_once_saying_lambda_is_not_emulated(self):
        self.cfn.create_stack(StackName=self.name, TemplateBody=CUSTOM.read_text())
        self.assertEqual(self.wait_status("ROLLBACK_COMPLETE"), "ROLLBACK_COMPLETE")
        self.assertEqual(self.failed_reason("Thing"),
                         "nimbus cannot invoke the ServiceToken "
                         "arn:aws:lambda:us-east-1:000000000000:function:thing of custom resource "
                         "Thing: it is a Lambda function, and nimbus does not emulate Lambda")

    def test_a_macro_transform_fails_create_stack_naming_it(self):
        with self.assertRaises(ClientError) as cm:
            self.cfn.create_stack(StackName=self.name, Capabilities=["CAPABILITY_AUTO_EXPAND"],
                                  TemplateBody=json.dumps({
                                      "Transform": "Upper",
                                      "Resources": {"H": {
                                          "Type": "AWS::CloudFormation::WaitConditionHandle"}}}))
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationError")
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         "Transform 000000000000::Upper failed with: nimbus cannot run macros: a "
                         "macro is a Lambda function, and nimbus does not emulate Lambda.")


class WaitConditionRestartTest(EmulatorTestCase):
    """A stack waiting for a signal when nimbus stops goes on waiting after a restart over the
    same --data-dir, and the handle's URL (on the new port) still completes it."""

    def test_a_signal_after_a_restart_completes_the_stack(self):
        data = tempfile.mkdtemp(prefix="nimbus-cfn-wait-")
        self.addCleanup(shutil.rmtree, data, ignore_errors=True)
        first = Nimbus("--data-dir", data)
        try:
            self.endpoint = first.endpoint
            cfn = self.client("cloudformation")
            cfn.create_stack(StackName="waiting", TemplateBody=WAIT.read_text())
            url = ""
            for _ in range(100):
                try:  # until the deployment has started the handle, it does not exist
                    url = cfn.describe_stack_resource(
                        StackName="waiting", LogicalResourceId="Handle"
                    )["StackResourceDetail"].get("PhysicalResourceId", "")
                except ClientError as e:
                    self.assertEqual(e.response["Error"]["Message"],
                                     "Resource Handle does not exist for stack waiting")
                if url:
                    break
                time.sleep(0.05)
            self.assertTrue(url.startswith(first.endpoint), url)
        finally:
            self.assertEqual(first.stop(), 0)
        second = Nimbus("--data-dir", data)
        try:
            self.endpoint = second.endpoint
            cfn = self.client("cloudformation")
            self.assertEqual(cfn.describe_stacks(StackName="waiting")["Stacks"][0]["StackStatus"],
                             "CREATE_IN_PROGRESS")
            moved = urllib.parse.urlsplit(url)._replace(
                netloc=urllib.parse.urlsplit(second.endpoint).netloc).geturl()
            request = urllib.request.Request(moved, data=signal("SUCCESS", "r").encode(),
                                             method="PUT")
            with urllib.request.urlopen(request, timeout=10) as response:
                self.assertEqual(response.status, 200)
            cfn.get_waiter("stack_create_complete").wait(StackName="waiting", WaiterConfig=FAST)
        finally:
            self.assertEqual(second.stop(), 0)
