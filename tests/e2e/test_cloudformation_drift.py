"""Drift detection of a stack against the real binary (boto3 and the AWS CLI): an SSM parameter,
a KMS key, an IAM role and a simulated topic read back through their services; changes made
outside the stack (PutParameter, DeleteParameter, PutRolePolicy) show as drift."""
import itertools
import json
import pathlib
import time

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

TEMPLATE = pathlib.Path(__file__).resolve().parents[1] / "data" / "templates" / "drift_stack.yaml"
# Waiters poll every second here rather than AWS's 30.
FAST = {"Delay": 1, "MaxAttempts": 30}
# IAM is global per account: each test has an account of its own.
_accounts = itertools.count(250000000001)


class CloudFormationDriftTest(EmulatorTestCase):
    def setUp(self):
        self.account = str(next(_accounts))
        self.cfn = self.client("cloudformation", access_key=self.account)
        self.name = self.unique("drift")
        self.cfn.create_stack(StackName=self.name, TemplateBody=TEMPLATE.read_text(),
                              Capabilities=["CAPABILITY_IAM"])
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        stack = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]
        self.out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}

    def detect(self):
        """DetectStackDrift, then DescribeStackDriftDetectionStatus until it is done."""
        detection = self.cfn.detect_stack_drift(StackName=self.name)["StackDriftDetectionId"]
        for _ in range(100):
            status = self.cfn.describe_stack_drift_detection_status(
                StackDriftDetectionId=detection)
            if status["DetectionStatus"] != "DETECTION_IN_PROGRESS":
                return status
            time.sleep(0.05)
        self.fail("drift detection did not finish")

    def drifts(self, *filters):
        kwargs = {"StackResourceDriftStatusFilters": list(filters)} if filters else {}
        listed = self.cfn.describe_stack_resource_drifts(StackName=self.name, **kwargs)
        return {d["LogicalResourceId"]: d for d in listed["StackResourceDrifts"]}

    def test_an_untouched_stack_is_in_sync(self):
        status = self.detect()
        self.assertEqual(status["DetectionStatus"], "DETECTION_COMPLETE")
        self.assertEqual(status["StackDriftStatus"], "IN_SYNC")
        self.assertEqual(status["DriftedStackResourceCount"], 0)
        self.assertEqual({k: d["StackResourceDriftStatus"] for k, d in self.drifts().items()},
                         {"Param": "IN_SYNC", "Key": "IN_SYNC", "Role": "IN_SYNC",
                          "Topic": "IN_SYNC"})

    def test_a_parameter_changed_with_put_parameter_is_modified(self):
        self.client("ssm", access_key=self.account).put_parameter(
            Name=self.out["ParamName"], Value="v2", Type="String", Overwrite=True)
        detection = self.aws("cloudformation", "detect-stack-drift", "--stack-name", self.name,
                             access_key=self.account)["StackDriftDetectionId"]
        for _ in range(100):
            status = self.aws("cloudformation", "describe-stack-drift-detection-status",
                              "--stack-drift-detection-id", detection, access_key=self.account)
            if status["DetectionStatus"] != "DETECTION_IN_PROGRESS":
                break
            time.sleep(0.05)
        self.assertEqual(status["StackDriftStatus"], "DRIFTED")
        self.assertEqual(status["DriftedStackResourceCount"], 1)
        drifts = self.aws("cloudformation", "describe-stack-resource-drifts", "--stack-name",
                          self.name, "--stack-resource-drift-status-filters", "MODIFIED",
                          access_key=self.account)["StackResourceDrifts"]
        self.assertEqual([d["LogicalResourceId"] for d in drifts], ["Param"])
        self.assertEqual(drifts[0]["PropertyDifferences"], [{
            "PropertyPath": "/Value", "ExpectedValue": "v1", "ActualValue": "v2",
            "DifferenceType": "NOT_EQUAL"}])
        self.assertEqual(json.loads(drifts[0]["ActualProperties"])["Value"], "v2")
        self.assertEqual(json.loads(drifts[0]["ExpectedProperties"])["Value"], "v1")

    def test_a_deleted_parameter_is_deleted(self):
        self.client("ssm", access_key=self.account).delete_parameter(Name=self.out["ParamName"])
        status = self.detect()
        self.assertEqual(status["StackDriftStatus"], "DRIFTED")
        self.assertEqual(list(self.drifts("DELETED")), ["Param"])

    def test_a_changed_role_policy_shows_its_difference(self):
        self.client("iam", access_key=self.account).put_role_policy(
            RoleName=self.out["RoleName"], PolicyName="read", PolicyDocument=json.dumps({
                "Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        drift = self.cfn.detect_stack_resource_drift(
            StackName=self.name, LogicalResourceId="Role")["StackResourceDrift"]
        self.assertEqual(drift["StackResourceDriftStatus"], "MODIFIED")
        self.assertEqual(drift["PropertyDifferences"], [{
            "PropertyPath": "/Policies/0/PolicyDocument/Statement/0/Action",
            "ExpectedValue": "s3:GetObject", "ActualValue": "s3:*",
            "DifferenceType": "NOT_EQUAL"}])

    def test_a_changed_key_description_shows_its_difference(self):
        self.client("kms", access_key=self.account).update_key_description(
            KeyId=self.out["KeyId"], Description="changed")
        drift = self.cfn.detect_stack_resource_drift(
            StackName=self.name, LogicalResourceId="Key")["StackResourceDrift"]
        self.assertEqual(drift["PropertyDifferences"], [{
            "PropertyPath": "/Description", "ExpectedValue": "drift key",
            "ActualValue": "changed", "DifferenceType": "NOT_EQUAL"}])

    def test_a_simulated_resource_is_in_sync(self):
        drift = self.cfn.detect_stack_resource_drift(
            StackName=self.name, LogicalResourceId="Topic")["StackResourceDrift"]
        self.assertEqual(drift["StackResourceDriftStatus"], "IN_SYNC")
        self.assertEqual(drift["ResourceType"], "AWS::SNS::Topic")

    def test_describe_stacks_shows_the_drift_once_detected(self):
        stack = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]
        self.assertEqual(stack["DriftInformation"], {"StackDriftStatus": "NOT_CHECKED"})
        self.client("ssm", access_key=self.account).put_parameter(
            Name=self.out["ParamName"], Value="v3", Type="String", Overwrite=True)
        status = self.detect()
        info = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]["DriftInformation"]
        self.assertEqual(info["StackDriftStatus"], "DRIFTED")
        self.assertEqual(info["LastCheckTimestamp"], status["Timestamp"])
        resource = self.cfn.describe_stack_resource(
            StackName=self.name, LogicalResourceId="Param")["StackResourceDetail"]
        self.assertEqual(resource["DriftInformation"]["StackResourceDriftStatus"], "MODIFIED")

    def test_detect_stack_drift_of_an_unknown_stack_is_a_validation_error(self):
        with self.assertRaises(ClientError) as caught:
            self.cfn.detect_stack_drift(StackName="no-such-stack")
        self.assertEqual(caught.exception.response["Error"]["Code"], "ValidationError")
        self.assertEqual(caught.exception.response["Error"]["Message"],
                         "Stack with id no-such-stack does not exist")
