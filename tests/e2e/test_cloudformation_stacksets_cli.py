"""CloudFormation StackSets, self-managed, through the AWS CLI as users drive it: a set made from
a template file, instances on 2 accounts x 2 regions with operation preferences, each
instance's JSON as describe-stack-instance prints it, list-stack-instances with filters, an
update that makes instances OUTDATED then CURRENT, the teardown, and what the CLI shows for a
set that does not exist."""
import json
import os
import re
import time
import unittest

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

TEMPLATE = os.path.join(os.path.dirname(__file__), "..", "data", "templates",
                        "stackset_parameter.yaml")
ADMIN = "000000000000"  # the account of the harness's default key
TARGETS = ["111111111111", "222222222222"]
REGIONS = ["us-east-1", "eu-west-1"]
EXECUTION_ROLE = "AWSCloudFormationStackSetExecutionRole"
ADMIN_ROLE = "AWSCloudFormationStackSetAdministrationRole"


def trust(principal):
    return json.dumps({"Version": "2012-10-17",
                       "Statement": [{"Effect": "Allow", "Principal": principal,
                                      "Action": "sts:AssumeRole"}]})


class StackSetCliCase(EmulatorTestCase):
    """The roles a self-managed set needs, made with the CLI in each account once per server."""

    roles_made = False

    def setUp(self):
        if type(self).roles_made:
            return
        self.aws("iam", "create-role", "--role-name", ADMIN_ROLE, "--assume-role-policy-document",
                 trust({"Service": "cloudformation.amazonaws.com"}))
        for account in TARGETS:
            self.aws("iam", "create-role", "--role-name", EXECUTION_ROLE,
                     "--assume-role-policy-document",
                     trust({"AWS": f"arn:aws:iam::{ADMIN}:root"}), access_key=account)
        type(self).roles_made = True

    def cfn(self, *args, **kwargs):
        return self.aws("cloudformation", *args, **kwargs)

    def create_set(self, name):
        return self.cfn("create-stack-set", "--stack-set-name", name,
                        "--template-body", f"file://{TEMPLATE}",
                        "--description", "cli set",
                        "--parameters", f"ParameterKey=ParamName,ParameterValue=/cli/{name}",
                        "--tags", "Key=team,Value=cli")["StackSetId"]

    def create_instances(self, name, *preferences):
        return self.cfn("create-stack-instances", "--stack-set-name", name,
                        "--accounts", *TARGETS, "--regions", *REGIONS,
                        *preferences)["OperationId"]

    def wait_operation(self, name, operation_id, timeout=60):
        """describe-stack-set-operation until the operation has ended."""
        deadline = time.time() + timeout
        while True:
            operation = self.cfn("describe-stack-set-operation", "--stack-set-name", name,
                                 "--operation-id", operation_id)["StackSetOperation"]
            if operation["Status"] not in ("RUNNING", "STOPPING", "QUEUED"):
                return operation
            if time.time() > deadline:
                raise AssertionError(f"operation {operation_id} still {operation['Status']}")
            time.sleep(0.2)

    def instance(self, name, account, region):
        return self.cfn("describe-stack-instance", "--stack-set-name", name,
                        "--stack-instance-account", account,
                        "--stack-instance-region", region)["StackInstance"]

    def statuses(self, name):
        """(account, region) -> (Status, DetailedStatus) of every instance listed."""
        summaries = self.cfn("list-stack-instances", "--stack-set-name", name)["Summaries"]
        return {(s["Account"], s["Region"]):
                (s["Status"], s["StackInstanceStatus"]["DetailedStatus"]) for s in summaries}

    def parameter(self, name, account, region):
        return self.client("ssm", region=region, access_key=account).get_parameter(
            Name=name)["Parameter"]

    def assert_stack_id(self, stack_id, name, account, region):
        self.assertRegex(stack_id, rf"^arn:aws:cloudformation:{region}:{account}:stack/"
                                   rf"StackSet-{name}-[0-9a-f-]{{36}}/[0-9a-f-]{{36}}$")


class StackSetsCliTest(StackSetCliCase):
    def test_create_stack_instances_reaches_two_accounts_in_two_regions(self):
        set_id = self.create_set("cli-grid")
        self.assertRegex(set_id, r"^cli-grid:[0-9a-f-]{36}$")
        operation_id = self.create_instances(
            "cli-grid", "--operation-preferences",
            "RegionConcurrencyType=SEQUENTIAL,MaxConcurrentCount=2,FailureToleranceCount=1,"
            "RegionOrder=[eu-west-1,us-east-1]")
        operation = self.wait_operation("cli-grid", operation_id)
        self.assertEqual(operation["Status"], "SUCCEEDED")
        self.assertEqual(operation["Action"], "CREATE")
        self.assertEqual(operation["OperationPreferences"],
                         {"RegionConcurrencyType": "SEQUENTIAL", "MaxConcurrentCount": 2,
                          "FailureToleranceCount": 1, "RegionOrder": ["eu-west-1", "us-east-1"]})
        self.assertEqual(operation["StatusDetails"], {"FailedStackInstancesCount": 0})
        created_at = {}
        for account in TARGETS:
            for region in REGIONS:
                instance = self.instance("cli-grid", account, region)
                stack_id = instance.pop("StackId")
                self.assert_stack_id(stack_id, "cli-grid", account, region)
                self.assertEqual(instance, {
                    "StackSetId": set_id, "Region": region, "Account": account,
                    "ParameterOverrides": [], "Status": "CURRENT",
                    "StackInstanceStatus": {"DetailedStatus": "SUCCEEDED"},
                    "DriftStatus": "NOT_CHECKED", "LastOperationId": operation_id})
                # What the instance made, seen with boto3 in its account and region.
                stack = self.client("cloudformation", region=region, access_key=account
                                    ).describe_stacks(StackName=stack_id)["Stacks"][0]
                self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")
                created_at[account, region] = stack["CreationTime"]
                self.assertEqual(self.parameter("/cli/cli-grid", account, region)["Value"], "v1")
        # SEQUENTIAL in RegionOrder: eu-west-1's stacks were made before us-east-1's.
        self.assertLessEqual(max(created_at[a, "eu-west-1"] for a in TARGETS),
                             min(created_at[a, "us-east-1"] for a in TARGETS))
        results = self.cfn("list-stack-set-operation-results", "--stack-set-name", "cli-grid",
                           "--operation-id", operation_id)["Summaries"]
        self.assertEqual(sorted((r["Account"], r["Region"], r["Status"]) for r in results),
                         sorted((a, r, "SUCCEEDED") for a in TARGETS for r in REGIONS))

    def test_list_stack_instances_filters_by_region_and_detailed_status(self):
        self.create_set("cli-filters")
        operation_id = self.create_instances("cli-filters", "--operation-preferences",
                                             "MaxConcurrentCount=2")
        self.assertEqual(self.wait_operation("cli-filters", operation_id)["Status"], "SUCCEEDED")
        in_region = self.cfn("list-stack-instances", "--stack-set-name", "cli-filters",
                             "--stack-instance-region", "eu-west-1")["Summaries"]
        self.assertEqual(sorted((s["Account"], s["Region"]) for s in in_region),
                         [(TARGETS[0], "eu-west-1"), (TARGETS[1], "eu-west-1")])
        succeeded = self.cfn("list-stack-instances", "--stack-set-name", "cli-filters",
                             "--filters", "Name=DETAILED_STATUS,Values=SUCCEEDED",
                             f"Name=LAST_OPERATION_ID,Values={operation_id}")["Summaries"]
        self.assertEqual(len(succeeded), 4)
        self.assertEqual({s["StackInstanceStatus"]["DetailedStatus"] for s in succeeded},
                         {"SUCCEEDED"})
        failed = self.cfn("list-stack-instances", "--stack-set-name", "cli-filters",
                          "--filters", "Name=DETAILED_STATUS,Values=FAILED")["Summaries"]
        self.assertEqual(failed, [])

    def test_delete_stack_instances_without_retaining_stacks_then_the_set(self):
        set_id = self.create_set("cli-teardown")
        created = self.create_instances("cli-teardown", "--operation-preferences",
                                        "MaxConcurrentPercentage=100")
        self.assertEqual(self.wait_operation("cli-teardown", created)["Status"], "SUCCEEDED")
        stack_id = self.instance("cli-teardown", TARGETS[1], "eu-west-1")["StackId"]
        deleted = self.cfn("delete-stack-instances", "--stack-set-name", "cli-teardown",
                           "--accounts", *TARGETS, "--regions", *REGIONS,
                           "--no-retain-stacks")["OperationId"]
        operation = self.wait_operation("cli-teardown", deleted)
        self.assertEqual((operation["Status"], operation["Action"], operation["RetainStacks"]),
                         ("SUCCEEDED", "DELETE", False))
        self.assertEqual(self.statuses("cli-teardown"), {})
        cfn = self.client("cloudformation", region="eu-west-1", access_key=TARGETS[1])
        stack = cfn.describe_stacks(StackName=stack_id)["Stacks"][0]
        self.assertEqual(stack["StackStatus"], "DELETE_COMPLETE")
        with self.assertRaises(ClientError) as cm:
            self.parameter("/cli/cli-teardown", TARGETS[1], "eu-west-1")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ParameterNotFound")
        self.assertIsNone(self.cfn("delete-stack-set", "--stack-set-name", "cli-teardown"))
        deleted_sets = self.cfn("list-stack-sets", "--status", "DELETED")["Summaries"]
        self.assertEqual([s["StackSetId"] for s in deleted_sets], [set_id])

    def test_a_missing_stack_set_exits_255_with_aws_message(self):
        # CLI v1 exits 255 on a service error (v2: 254) and prints the code and message.
        calls = [
            ("DescribeStackSet", ["describe-stack-set", "--stack-set-name", "cli-missing"]),
            ("DescribeStackInstance",
             ["describe-stack-instance", "--stack-set-name", "cli-missing",
              "--stack-instance-account", TARGETS[0], "--stack-instance-region", "us-east-1"]),
            ("CreateStackInstances",
             ["create-stack-instances", "--stack-set-name", "cli-missing",
              "--accounts", TARGETS[0], "--regions", "us-east-1"]),
        ]
        for operation, args in calls:
            with self.subTest(operation):
                result = self.cfn(*args, check=False)
                self.assertEqual(result.returncode, 255)
                self.assertEqual(result.stdout, "")
                self.assertEqual(result.stderr.strip(),
                                 f"An error occurred (StackSetNotFoundException) when calling "
                                 f"the {operation} operation: StackSet cli-missing not found")

    def test_a_missing_stack_instance_names_account_and_region(self):
        self.create_set("cli-lonely")
        result = self.cfn("describe-stack-instance", "--stack-set-name", "cli-lonely",
                          "--stack-instance-account", TARGETS[0], "--stack-instance-region",
                          "eu-west-1", check=False)
        self.assertEqual(result.returncode, 255)
        self.assertEqual(result.stderr.strip(),
                         "An error occurred (StackInstanceNotFoundException) when calling the "
                         f"DescribeStackInstance operation: Stack instance [{TARGETS[0]}, "
                         "eu-west-1] not found in StackSet cli-lonely")


class SlowStackSetsCliTest(StackSetCliCase):
    """Each step of an operation waits, so that the instances' states can be seen between CLI
    calls (each of which takes seconds on a busy machine)."""
    nimbus_args = ("--async-delay-ms", "1500")

    def test_update_stack_set_makes_instances_outdated_then_current(self):
        set_id = self.create_set("cli-update")
        created = self.create_instances("cli-update", "--operation-preferences",
                                        "RegionConcurrencyType=PARALLEL,MaxConcurrentCount=2")
        self.assertEqual(self.wait_operation("cli-update", created)["Status"], "SUCCEEDED")
        self.assertEqual(self.statuses("cli-update"),
                         {(a, r): ("CURRENT", "SUCCEEDED") for a in TARGETS for r in REGIONS})
        # One target at a time, in this order: the last waits while three others are updated.
        updated = self.cfn("update-stack-set", "--stack-set-name", "cli-update",
                           "--use-previous-template",
                           "--parameters", "ParameterKey=ParamName,UsePreviousValue=true",
                           "ParameterKey=Value,ParameterValue=v2",
                           "--operation-preferences",
                           "RegionConcurrencyType=SEQUENTIAL,MaxConcurrentCount=1,"
                           "RegionOrder=[us-east-1,eu-west-1]")["OperationId"]
        outdated = self.instance("cli-update", TARGETS[1], "eu-west-1")
        outdated.pop("StackId")
        self.assertEqual(outdated, {
            "StackSetId": set_id, "Region": "eu-west-1", "Account": TARGETS[1],
            "ParameterOverrides": [], "Status": "OUTDATED",
            "StackInstanceStatus": {"DetailedStatus": "PENDING"},
            "DriftStatus": "NOT_CHECKED", "LastOperationId": updated})
        operation = self.wait_operation("cli-update", updated)
        self.assertEqual((operation["Status"], operation["Action"]), ("SUCCEEDED", "UPDATE"))
        for account in TARGETS:
            for region in REGIONS:
                instance = self.instance("cli-update", account, region)
                instance.pop("StackId")
                self.assertEqual(instance, {
                    "StackSetId": set_id, "Region": region, "Account": account,
                    "ParameterOverrides": [], "Status": "CURRENT",
                    "StackInstanceStatus": {"DetailedStatus": "SUCCEEDED"},
                    "DriftStatus": "NOT_CHECKED", "LastOperationId": updated})
                parameter = self.parameter("/cli/cli-update", account, region)
                self.assertEqual((parameter["Value"], parameter["Version"]), ("v2", 2))
        described = self.cfn("describe-stack-set", "--stack-set-name", "cli-update")["StackSet"]
        self.assertEqual(described["Parameters"],
                         [{"ParameterKey": "ParamName", "ParameterValue": "/cli/cli-update"},
                          {"ParameterKey": "Value", "ParameterValue": "v2"}])


if __name__ == "__main__":
    unittest.main()
