"""CloudFormation StackSets drift through boto3: DetectStackSetDrift checks every instance's stack
in its account, a parameter changed there with PutParameter makes that instance and the set
DRIFTED, and ListStackInstanceResourceDrifts shows what changed."""
from botocore.exceptions import ClientError

from stackset_support import TARGETS, StackSetCase

REGION = "us-east-1"


class DriftCase(StackSetCase):
    def deploy(self, name):
        """A set of one SSM parameter (/e2e/<name>, v1) on both TARGETS; its id."""
        set_id = self.create_set(name)
        created = self.cfn().create_stack_instances(
            StackSetName=name, Accounts=TARGETS, Regions=[REGION],
            OperationPreferences={"MaxConcurrentCount": 2})["OperationId"]
        self.assertEqual(self.wait_operation(name, created)["Status"], "SUCCEEDED")
        return set_id

    def detect(self, name):
        """DetectStackSetDrift, waited for; the operation as DescribeStackSetOperation ends it."""
        operation_id = self.cfn().detect_stack_set_drift(
            StackSetName=name, OperationPreferences={"MaxConcurrentCount": 2})["OperationId"]
        return self.wait_operation(name, operation_id)

    def change_parameter(self, name, account):
        self.client("ssm", region=REGION, access_key=account).put_parameter(
            Name=f"/e2e/{name}", Value="changed", Type="String", Overwrite=True)

    def counts(self, details):
        return {key: details[key] for key in (
            "DriftStatus", "DriftDetectionStatus", "TotalStackInstancesCount",
            "DriftedStackInstancesCount", "InSyncStackInstancesCount",
            "InProgressStackInstancesCount", "FailedStackInstancesCount")}


class StackSetDriftTest(DriftCase):
    def test_unchanged_set_is_in_sync(self):
        self.deploy("calm")
        operation = self.detect("calm")
        self.assertEqual(operation["Action"], "DETECT_DRIFT")
        self.assertEqual(operation["Status"], "SUCCEEDED")
        self.assertEqual(self.counts(operation["StackSetDriftDetectionDetails"]),
                         {"DriftStatus": "IN_SYNC", "DriftDetectionStatus": "COMPLETED",
                          "TotalStackInstancesCount": 2, "DriftedStackInstancesCount": 0,
                          "InSyncStackInstancesCount": 2, "InProgressStackInstancesCount": 0,
                          "FailedStackInstancesCount": 0})
        for account in TARGETS:
            instance = self.instance("calm", account)
            self.assertEqual(instance["DriftStatus"], "IN_SYNC")
            self.assertEqual(instance["Status"], "CURRENT")
            self.assertGreaterEqual(instance["LastDriftCheckTimestamp"],
                                    operation["CreationTimestamp"])
        details = self.cfn().describe_stack_set(
            StackSetName="calm")["StackSet"]["StackSetDriftDetectionDetails"]
        self.assertEqual(details["DriftStatus"], "IN_SYNC")
        self.assertEqual(details["InSyncStackInstancesCount"], 2)

    def test_parameter_changed_in_one_account_drifts_that_instance_and_the_set(self):
        self.deploy("moved")
        self.assertEqual(self.detect("moved")["Status"], "SUCCEEDED")
        self.change_parameter("moved", TARGETS[0])
        operation = self.detect("moved")
        self.assertEqual(operation["Status"], "SUCCEEDED")
        drifted = self.instance("moved", TARGETS[0])
        self.assertEqual(drifted["DriftStatus"], "DRIFTED")
        self.assertGreaterEqual(drifted["LastDriftCheckTimestamp"], operation["CreationTimestamp"])
        self.assertLessEqual(drifted["LastDriftCheckTimestamp"], operation["EndTimestamp"])
        self.assertEqual(self.instance("moved", TARGETS[1])["DriftStatus"], "IN_SYNC")
        expected = {"DriftStatus": "DRIFTED", "DriftDetectionStatus": "COMPLETED",
                    "TotalStackInstancesCount": 2, "DriftedStackInstancesCount": 1,
                    "InSyncStackInstancesCount": 1, "InProgressStackInstancesCount": 0,
                    "FailedStackInstancesCount": 0}
        self.assertEqual(self.counts(operation["StackSetDriftDetectionDetails"]), expected)
        details = self.cfn().describe_stack_set(
            StackSetName="moved")["StackSet"]["StackSetDriftDetectionDetails"]
        self.assertEqual(self.counts(details), expected)
        # The set's last check is its latest instance's.
        self.assertEqual(details["LastDriftCheckTimestamp"],
                         max(self.instance("moved", a)["LastDriftCheckTimestamp"]
                             for a in TARGETS))

    def test_drifted_instance_shows_in_its_own_stack(self):
        self.deploy("ownstack")
        self.change_parameter("ownstack", TARGETS[0])
        self.detect("ownstack")
        stack_id = self.instance("ownstack", TARGETS[0])["StackId"]
        stack = self.cfn(TARGETS[0]).describe_stacks(StackName=stack_id)["Stacks"][0]
        self.assertEqual(stack["DriftInformation"]["StackDriftStatus"], "DRIFTED")
        drifts = self.cfn(TARGETS[0]).describe_stack_resource_drifts(
            StackName=stack_id)["StackResourceDrifts"]
        self.assertEqual([d["StackResourceDriftStatus"] for d in drifts], ["MODIFIED"])

    def test_resource_drifts_show_the_modified_parameter(self):
        self.deploy("diff")
        self.change_parameter("diff", TARGETS[0])
        operation = self.detect("diff")
        stack_id = self.instance("diff", TARGETS[0])["StackId"]
        summaries = self.cfn().list_stack_instance_resource_drifts(
            StackSetName="diff", StackInstanceAccount=TARGETS[0], StackInstanceRegion=REGION,
            OperationId=operation["OperationId"])["Summaries"]
        self.assertEqual(len(summaries), 1)
        summary = summaries[0]
        self.assertEqual(summary["StackId"], stack_id)
        self.assertEqual(summary["LogicalResourceId"], "Param")
        self.assertEqual(summary["PhysicalResourceId"], "/e2e/diff")
        self.assertEqual(summary["ResourceType"], "AWS::SSM::Parameter")
        self.assertEqual(summary["StackResourceDriftStatus"], "MODIFIED")
        self.assertEqual(summary["PropertyDifferences"],
                         [{"PropertyPath": "/Value", "ExpectedValue": "v1",
                           "ActualValue": "changed", "DifferenceType": "NOT_EQUAL"}])
        self.assertIn("Timestamp", summary)

    def test_resource_drifts_filter_by_status(self):
        self.deploy("filtered")
        self.change_parameter("filtered", TARGETS[0])
        operation_id = self.detect("filtered")["OperationId"]
        listed = self.cfn().list_stack_instance_resource_drifts(
            StackSetName="filtered", StackInstanceAccount=TARGETS[0], StackInstanceRegion=REGION,
            OperationId=operation_id, StackInstanceResourceDriftStatuses=["IN_SYNC"])
        self.assertEqual(listed["Summaries"], [])
        in_sync = self.cfn().list_stack_instance_resource_drifts(
            StackSetName="filtered", StackInstanceAccount=TARGETS[1], StackInstanceRegion=REGION,
            OperationId=operation_id, StackInstanceResourceDriftStatuses=["IN_SYNC"])
        self.assertEqual([s["LogicalResourceId"] for s in in_sync["Summaries"]], ["Param"])

    def test_drift_status_filter_lists_the_drifted_instance(self):
        self.deploy("pick")
        self.change_parameter("pick", TARGETS[1])
        self.detect("pick")
        drifted = self.cfn().list_stack_instances(
            StackSetName="pick", Filters=[{"Name": "DRIFT_STATUS", "Values": "DRIFTED"}])
        self.assertEqual([s["Account"] for s in drifted["Summaries"]], [TARGETS[1]])
        self.assertEqual(drifted["Summaries"][0]["DriftStatus"], "DRIFTED")
        self.assertIn("LastDriftCheckTimestamp", drifted["Summaries"][0])
        in_sync = self.cfn().list_stack_instances(
            StackSetName="pick", Filters=[{"Name": "DRIFT_STATUS", "Values": "IN_SYNC"}])
        self.assertEqual([s["Account"] for s in in_sync["Summaries"]], [TARGETS[0]])

    def test_set_never_checked_is_not_checked(self):
        self.deploy("fresh")
        details = self.cfn().describe_stack_set(
            StackSetName="fresh")["StackSet"]["StackSetDriftDetectionDetails"]
        self.assertEqual(details["DriftStatus"], "NOT_CHECKED")
        self.assertNotIn("LastDriftCheckTimestamp", details)
        self.assertEqual(self.instance("fresh", TARGETS[0])["DriftStatus"], "NOT_CHECKED")

    def test_resource_drifts_of_unknown_operation_is_operation_not_found(self):
        self.deploy("noop")
        with self.assertRaises(ClientError) as cm:
            self.cfn().list_stack_instance_resource_drifts(
                StackSetName="noop", StackInstanceAccount=TARGETS[0], StackInstanceRegion=REGION,
                OperationId="no-such-operation")
        self.assertEqual(cm.exception.response["Error"]["Code"], "OperationNotFoundException")

    def test_resource_drifts_of_unknown_instance_is_stack_instance_not_found(self):
        self.deploy("noinstance")
        operation_id = self.detect("noinstance")["OperationId"]
        with self.assertRaises(ClientError) as cm:
            self.cfn().list_stack_instance_resource_drifts(
                StackSetName="noinstance", StackInstanceAccount=TARGETS[0],
                StackInstanceRegion="eu-west-1", OperationId=operation_id)
        self.assertEqual(cm.exception.response["Error"]["Code"],
                         "StackInstanceNotFoundException")

    def test_drift_of_unknown_set_is_stack_set_not_found(self):
        with self.assertRaises(ClientError) as cm:
            self.cfn().detect_stack_set_drift(StackSetName="nosuchset")
        self.assertEqual(cm.exception.response["Error"]["Code"], "StackSetNotFoundException")
        self.assertEqual(cm.exception.response["Error"]["Message"], "StackSet nosuchset not found")


class SlowStackSetDriftTest(DriftCase):
    """Each step of an operation waits, so that a detection under way can be seen."""
    nimbus_args = ("--async-delay-ms", "300")

    def test_detection_under_way_is_in_progress_and_not_yet_the_sets(self):
        self.deploy("slow")
        operation_id = self.cfn().detect_stack_set_drift(StackSetName="slow")["OperationId"]
        operation = self.cfn().describe_stack_set_operation(
            StackSetName="slow", OperationId=operation_id)["StackSetOperation"]
        self.assertEqual(operation["Status"], "RUNNING")
        self.assertEqual(self.counts(operation["StackSetDriftDetectionDetails"]),
                         {"DriftStatus": "NOT_CHECKED", "DriftDetectionStatus": "IN_PROGRESS",
                          "TotalStackInstancesCount": 2, "DriftedStackInstancesCount": 0,
                          "InSyncStackInstancesCount": 0, "InProgressStackInstancesCount": 2,
                          "FailedStackInstancesCount": 0})
        details = self.cfn().describe_stack_set(
            StackSetName="slow")["StackSet"]["StackSetDriftDetectionDetails"]
        self.assertEqual(details["DriftStatus"], "NOT_CHECKED")
        self.assertEqual(self.wait_operation("slow", operation_id)["Status"], "SUCCEEDED")

    def test_detection_while_another_operation_runs_is_operation_in_progress(self):
        self.create_set("busy")
        self.cfn().create_stack_instances(StackSetName="busy", Accounts=TARGETS,
                                          Regions=[REGION])
        with self.assertRaises(ClientError) as cm:
            self.cfn().detect_stack_set_drift(StackSetName="busy")
        self.assertEqual(cm.exception.response["Error"]["Code"], "OperationInProgressException")
