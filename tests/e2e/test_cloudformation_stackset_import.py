"""CloudFormation StackSets through boto3: existing stacks imported into a stack set
(ImportStacksToStackSet, CreateStackSet from a StackId) without being recreated, a failing import
(FAILED_IMPORT with its reason), the ResolvedValue of an SSM-typed parameter override, and
operations QUEUED behind another when ManagedExecution is active."""
import os
import time

from botocore.exceptions import ClientError

from stackset_support import ADMIN_ROLE, EXECUTION_ROLE, NO_ROLE, TARGETS, StackSetCase

TEMPLATES = os.path.join(os.path.dirname(__file__), "..", "data", "templates")


def template(name):
    with open(os.path.join(TEMPLATES, name), encoding="utf-8") as f:
        return f.read()


class StackSetImportCase(StackSetCase):
    """StackSetCase's roles and waits, with stacks of their own to import."""

    def deploy_stack(self, account, name, value):
        """A stack of its own in `account`, CREATE_COMPLETE; returns it as DescribeStacks does."""
        cfn = self.cfn(account)
        stack_id = cfn.create_stack(
            StackName=name, TemplateBody=template("stackset_import.yaml"),
            Parameters=[{"ParameterKey": "ParamName", "ParameterValue": f"/e2e/import/{name}"},
                        {"ParameterKey": "Value", "ParameterValue": value}])["StackId"]
        deadline = time.time() + 30
        while True:
            stack = cfn.describe_stacks(StackName=stack_id)["Stacks"][0]
            if not stack["StackStatus"].endswith("_IN_PROGRESS"):
                self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")
                return stack
            if time.time() > deadline:
                raise AssertionError(f"stack {name} still {stack['StackStatus']}")
            time.sleep(0.05)


class StackSetImportTest(StackSetImportCase):
    def test_import_two_stacks_from_two_accounts(self):
        stacks = [self.deploy_stack(TARGETS[0], "imported-a", "v1"),
                  self.deploy_stack(TARGETS[1], "imported-b", "mine")]
        # The set is made from the first stack's template, as the user guide's CLI example does.
        set_id = self.cfn().create_stack_set(
            StackSetName="adopted", StackId=stacks[0]["StackId"],
            Parameters=[{"ParameterKey": "ParamName", "ParameterValue": "/e2e/import/imported-a"},
                        {"ParameterKey": "Value", "ParameterValue": "v1"}])["StackSetId"]
        described = self.cfn().describe_stack_set(StackSetName="adopted")["StackSet"]
        self.assertEqual(described["TemplateBody"], template("stackset_import.yaml"))
        operation_id = self.cfn().import_stacks_to_stack_set(
            StackSetName="adopted", StackIds=[s["StackId"] for s in stacks],
            OperationPreferences={"MaxConcurrentCount": 2})["OperationId"]
        operation = self.wait_operation("adopted", operation_id)
        self.assertEqual(operation["Status"], "SUCCEEDED")
        self.assertEqual(operation["Action"], "CREATE")
        self.assertEqual(operation["StatusDetails"], {"FailedStackInstancesCount": 0})
        for account, stack in zip(TARGETS, stacks):
            instance = self.instance("adopted", account)
            self.assertEqual(instance["StackSetId"], set_id)
            self.assertEqual(instance["StackId"], stack["StackId"])
            self.assertEqual(instance["Status"], "CURRENT")
            self.assertEqual(instance["StackInstanceStatus"], {"DetailedStatus": "SUCCEEDED"})
            self.assertEqual(instance["LastOperationId"], operation_id)
            self.assertNotIn("StatusReason", instance)
            after = self.cfn(account).describe_stacks(StackName=stack["StackId"])["Stacks"][0]
            self.assertEqual(after["CreationTime"], stack["CreationTime"])
            self.assertEqual(after["StackStatus"], "CREATE_COMPLETE")
            self.assertNotIn("LastUpdatedTime", after)
        # Each stack keeps its values: the ones the set does not give are the overrides.
        self.assertEqual(self.instance("adopted", TARGETS[0])["ParameterOverrides"], [])
        overrides = self.instance("adopted", TARGETS[1])["ParameterOverrides"]
        self.assertEqual(
            sorted(overrides, key=lambda p: p["ParameterKey"]),
            [{"ParameterKey": "ParamName", "ParameterValue": "/e2e/import/imported-b"},
             {"ParameterKey": "Value", "ParameterValue": "mine"}])
        results = self.cfn().list_stack_set_operation_results(
            StackSetName="adopted", OperationId=operation_id)["Summaries"]
        self.assertEqual(sorted((r["Account"], r["Status"]) for r in results),
                         [(TARGETS[0], "SUCCEEDED"), (TARGETS[1], "SUCCEEDED")])

    def test_import_without_the_execution_role_is_failed_import(self):
        stack = self.deploy_stack(NO_ROLE, "roleless", "v1")
        self.cfn().create_stack_set(StackSetName="roleless",
                                    TemplateBody=template("stackset_import.yaml"))
        operation_id = self.cfn().import_stacks_to_stack_set(
            StackSetName="roleless", StackIds=[stack["StackId"]])["OperationId"]
        self.assertEqual(self.wait_operation("roleless", operation_id)["Status"], "FAILED")
        instance = self.instance("roleless", NO_ROLE)
        self.assertEqual(instance["Status"], "OUTDATED")
        self.assertEqual(instance["StackInstanceStatus"], {"DetailedStatus": "FAILED_IMPORT"})
        self.assertEqual(instance["StatusReason"],
                         f"Account {NO_ROLE} should have '{EXECUTION_ROLE}' role with trust "
                         f"relationship to Role '{ADMIN_ROLE}'.")
        self.assertNotIn("StackId", instance)

    def test_a_stack_of_another_set_is_failed_import(self):
        stack = self.deploy_stack(TARGETS[0], "owned", "v1")
        for name in ("owner", "latecomer"):
            self.cfn().create_stack_set(StackSetName=name,
                                        TemplateBody=template("stackset_import.yaml"))
        first = self.cfn().import_stacks_to_stack_set(
            StackSetName="owner", StackIds=[stack["StackId"]])["OperationId"]
        self.assertEqual(self.wait_operation("owner", first)["Status"], "SUCCEEDED")
        second = self.cfn().import_stacks_to_stack_set(
            StackSetName="latecomer", StackIds=[stack["StackId"]])["OperationId"]
        self.assertEqual(self.wait_operation("latecomer", second)["Status"], "FAILED")
        instance = self.instance("latecomer", TARGETS[0])
        self.assertEqual(instance["StackInstanceStatus"], {"DetailedStatus": "FAILED_IMPORT"})
        self.assertEqual(instance["StatusReason"],
                         f"Stack {stack['StackId']} already belongs to StackSet owner.")

    def test_import_of_an_unknown_stack_is_stack_not_found(self):
        self.cfn().create_stack_set(StackSetName="unknown-stack",
                                    TemplateBody=template("stackset_import.yaml"))
        missing = (f"arn:aws:cloudformation:us-east-1:{TARGETS[0]}:stack/missing/"
                   "f449b250-b969-11e0-a185-5081d0136786")
        with self.assertRaises(ClientError) as cm:
            self.cfn().import_stacks_to_stack_set(StackSetName="unknown-stack",
                                                  StackIds=[missing])
        self.assertEqual(cm.exception.response["Error"]["Code"], "StackNotFoundException")

    def test_ssm_typed_override_shows_its_resolved_value(self):
        self.client("ssm", access_key=TARGETS[0]).put_parameter(
            Name="/e2e/resolved/source", Value="resolved-in-target", Type="String")
        self.cfn().create_stack_set(StackSetName="resolved",
                                    TemplateBody=template("stackset_resolved.yaml"))
        operation_id = self.cfn().create_stack_instances(
            StackSetName="resolved", Accounts=[TARGETS[0]], Regions=["us-east-1"],
            ParameterOverrides=[{"ParameterKey": "Source",
                                 "ParameterValue": "/e2e/resolved/source"}])["OperationId"]
        self.assertEqual(self.wait_operation("resolved", operation_id)["Status"], "SUCCEEDED")
        instance = self.instance("resolved", TARGETS[0])
        self.assertEqual(instance["ParameterOverrides"],
                         [{"ParameterKey": "Source", "ParameterValue": "/e2e/resolved/source",
                           "ResolvedValue": "resolved-in-target"}])
        stack = self.cfn(TARGETS[0]).describe_stacks(StackName=instance["StackId"])["Stacks"][0]
        self.assertEqual(stack["Parameters"][0]["ResolvedValue"], "resolved-in-target")


class QueuedOperationsTest(StackSetImportCase):
    """Each step of an operation waits, so that a second one comes while the first runs."""
    nimbus_args = ("--async-delay-ms", "300")

    def test_managed_execution_queues_an_operation_and_runs_it_after(self):
        self.cfn().create_stack_set(
            StackSetName="managed", TemplateBody=template("stackset_import.yaml"),
            Parameters=[{"ParameterKey": "ParamName", "ParameterValue": "/e2e/queued"}],
            ManagedExecution={"Active": True})
        first = self.cfn().create_stack_instances(
            StackSetName="managed", Accounts=[TARGETS[0]], Regions=["us-east-1"])["OperationId"]
        second = self.cfn().create_stack_instances(
            StackSetName="managed", Accounts=[TARGETS[1]], Regions=["us-east-1"])["OperationId"]
        queued = self.cfn().describe_stack_set_operation(
            StackSetName="managed", OperationId=second)["StackSetOperation"]
        self.assertEqual(queued["Status"], "QUEUED")
        self.assertNotIn("EndTimestamp", queued)
        done_first = self.wait_operation("managed", first)
        done_second = self.wait_operation("managed", second)
        self.assertEqual((done_first["Status"], done_second["Status"]), ("SUCCEEDED", "SUCCEEDED"))
        self.assertLessEqual(done_first["EndTimestamp"], done_second["EndTimestamp"])
        self.assertEqual(self.instance("managed", TARGETS[1])["StackInstanceStatus"],
                         {"DetailedStatus": "SUCCEEDED"})

    def test_without_managed_execution_a_second_operation_is_in_progress(self):
        self.cfn().create_stack_set(
            StackSetName="unmanaged", TemplateBody=template("stackset_import.yaml"),
            Parameters=[{"ParameterKey": "ParamName", "ParameterValue": "/e2e/unmanaged"}])
        first = self.cfn().create_stack_instances(
            StackSetName="unmanaged", Accounts=[TARGETS[0]], Regions=["us-east-1"])["OperationId"]
        with self.assertRaises(ClientError) as cm:
            self.cfn().create_stack_instances(
                StackSetName="unmanaged", Accounts=[TARGETS[1]], Regions=["us-east-1"])
        self.assertEqual(cm.exception.response["Error"]["Code"], "OperationInProgressException")
        self.assertEqual(self.wait_operation("unmanaged", first)["Status"], "SUCCEEDED")
