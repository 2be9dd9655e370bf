"""CloudFormation StackSets, self-managed, through boto3: a set whose instances are real stacks
in their target accounts and regions, the operations that make, update and delete them, and
every DescribeStackInstance field in each state."""
from botocore.exceptions import ClientError

from stackset_support import (ADMIN, ADMIN_ROLE, EXECUTION_ROLE, NO_ROLE, REGIONS, TARGETS,
                              StackSetCase, body)


class StackSetsTest(StackSetCase):
    def test_set_on_two_accounts_and_two_regions(self):
        set_id = self.create_set("grid")
        self.assertTrue(set_id.startswith("grid:"))
        operation_id = self.cfn().create_stack_instances(
            StackSetName="grid", Accounts=TARGETS, Regions=REGIONS,
            OperationPreferences={"MaxConcurrentCount": 2, "FailureToleranceCount": 1,
                                  "RegionConcurrencyType": "PARALLEL"})["OperationId"]
        operation = self.wait_operation("grid", operation_id)
        self.assertEqual(operation["Status"], "SUCCEEDED")
        self.assertEqual(operation["Action"], "CREATE")
        self.assertEqual(operation["StackSetId"], set_id)
        self.assertEqual(operation["StatusDetails"], {"FailedStackInstancesCount": 0})
        self.assertEqual(operation["ExecutionRoleName"], EXECUTION_ROLE)
        self.assertEqual(operation["AdministrationRoleARN"],
                         f"arn:aws:iam::{ADMIN}:role/{ADMIN_ROLE}")
        self.assertEqual(operation["OperationPreferences"]["RegionConcurrencyType"], "PARALLEL")
        self.assertIn("EndTimestamp", operation)
        for account in TARGETS:
            for region in REGIONS:
                instance = self.instance("grid", account, region)
                self.assert_instance(instance, set_id, account, region, "CURRENT", "SUCCEEDED",
                                     operation_id)
                stack = self.cfn(account, region).describe_stacks(
                    StackName=instance["StackId"])["Stacks"][0]
                self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")
                self.assertTrue(stack["StackName"].startswith("StackSet-grid-"))
                self.assertEqual(stack["Tags"], [{"Key": "team", "Value": "e2e"}])
                ssm = self.client("ssm", region=region, access_key=account)
                self.assertEqual(ssm.get_parameter(Name="/e2e/grid")["Parameter"]["Value"], "v1")
        with self.assertRaises(ClientError) as cm:
            self.client("ssm").get_parameter(Name="/e2e/grid")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ParameterNotFound")
        described = self.cfn().describe_stack_set(StackSetName="grid")["StackSet"]
        self.assertEqual(sorted(described["Regions"]), sorted(REGIONS))
        self.assertEqual(described["Status"], "ACTIVE")
        self.assertEqual(described["Description"], "e2e set")
        self.assertEqual(described["StackSetARN"],
                         f"arn:aws:cloudformation:us-east-1:{ADMIN}:stackset/{set_id}")
        summaries = self.cfn().list_stack_instances(StackSetName="grid")["Summaries"]
        self.assertEqual(len(summaries), 4)
        results = self.cfn().list_stack_set_operation_results(
            StackSetName="grid", OperationId=operation_id)["Summaries"]
        self.assertEqual(sorted((r["Account"], r["Region"], r["Status"]) for r in results),
                         sorted((a, r, "SUCCEEDED") for a in TARGETS for r in REGIONS))

    def test_parameter_overrides_are_kept_and_deployed(self):
        set_id = self.create_set("overrides")
        overrides = [{"ParameterKey": "Value", "ParameterValue": "v9"}]
        operation_id = self.cfn().create_stack_instances(
            StackSetName="overrides", Accounts=TARGETS[:1], Regions=REGIONS[:1],
            ParameterOverrides=overrides)["OperationId"]
        self.assertEqual(self.wait_operation("overrides", operation_id)["Status"], "SUCCEEDED")
        self.assert_instance(self.instance("overrides", TARGETS[0]), set_id, TARGETS[0],
                             "us-east-1", "CURRENT", "SUCCEEDED", operation_id,
                             overrides=overrides)
        ssm = self.client("ssm", access_key=TARGETS[0])
        self.assertEqual(ssm.get_parameter(Name="/e2e/overrides")["Parameter"]["Value"], "v9")

    def test_missing_execution_role_fails_the_instance(self):
        set_id = self.create_set("norole")
        operation_id = self.cfn().create_stack_instances(
            StackSetName="norole", Accounts=[NO_ROLE], Regions=["us-east-1"])["OperationId"]
        self.assertEqual(self.wait_operation("norole", operation_id)["Status"], "FAILED")
        reason = (f"Account {NO_ROLE} should have '{EXECUTION_ROLE}' role with trust "
                  f"relationship to Role '{ADMIN_ROLE}'.")
        instance = self.instance("norole", NO_ROLE)
        self.assert_instance(instance, set_id, NO_ROLE, "us-east-1", "OUTDATED", "FAILED",
                             operation_id, reason=reason)
        self.assertNotIn("StackId", instance)
        results = self.cfn().list_stack_set_operation_results(
            StackSetName="norole", OperationId=operation_id)["Summaries"]
        self.assertEqual([(r["Account"], r["Status"], r["StatusReason"]) for r in results],
                         [(NO_ROLE, "FAILED", reason)])

    def test_failure_tolerance_exceeded_cancels_the_rest(self):
        set_id = self.create_set("tolerance")
        operation_id = self.cfn().create_stack_instances(
            StackSetName="tolerance", Accounts=[NO_ROLE, TARGETS[0]],
            Regions=["us-east-1"])["OperationId"]
        operation = self.wait_operation("tolerance", operation_id)
        self.assertEqual(operation["Status"], "FAILED")
        self.assertEqual(operation["StatusDetails"], {"FailedStackInstancesCount": 1})
        self.assert_instance(self.instance("tolerance", TARGETS[0]), set_id, TARGETS[0],
                             "us-east-1", "OUTDATED", "CANCELLED", operation_id,
                             reason="Cancelled since failure tolerance has exceeded")
        filtered = self.cfn().list_stack_instances(
            StackSetName="tolerance",
            Filters=[{"Name": "DETAILED_STATUS", "Values": "CANCELLED"}])["Summaries"]
        self.assertEqual([s["Account"] for s in filtered], [TARGETS[0]])

    def test_delete_instances_then_the_set(self):
        set_id = self.create_set("teardown")
        created = self.cfn().create_stack_instances(
            StackSetName="teardown", Accounts=TARGETS, Regions=["us-east-1"])["OperationId"]
        self.assertEqual(self.wait_operation("teardown", created)["Status"], "SUCCEEDED")
        stack_id = self.instance("teardown", TARGETS[0])["StackId"]
        with self.assertRaises(ClientError) as cm:
            self.cfn().delete_stack_set(StackSetName="teardown")
        self.assertEqual(cm.exception.response["Error"]["Code"], "StackSetNotEmptyException")
        self.assertEqual(cm.exception.response["Error"]["Message"], "StackSet is not empty")
        deleted = self.cfn().delete_stack_instances(
            StackSetName="teardown", Accounts=TARGETS, Regions=["us-east-1"],
            RetainStacks=False)["OperationId"]
        operation = self.wait_operation("teardown", deleted)
        self.assertEqual(operation["Status"], "SUCCEEDED")
        self.assertEqual(operation["RetainStacks"], False)
        self.assertEqual(self.cfn().list_stack_instances(StackSetName="teardown")["Summaries"],
                         [])
        stack = self.cfn(TARGETS[0]).describe_stacks(StackName=stack_id)["Stacks"][0]
        self.assertEqual(stack["StackStatus"], "DELETE_COMPLETE")
        with self.assertRaises(ClientError) as cm:
            self.client("ssm", access_key=TARGETS[0]).get_parameter(Name="/e2e/teardown")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ParameterNotFound")
        self.cfn().delete_stack_set(StackSetName="teardown")
        listed = self.cfn().list_stack_sets(Status="DELETED")["Summaries"]
        self.assertIn(set_id, [s["StackSetId"] for s in listed])
        with self.assertRaises(ClientError) as cm:
            self.cfn().describe_stack_set(StackSetName="teardown")
        self.assertEqual(cm.exception.response["Error"]["Code"], "StackSetNotFoundException")
        self.assertEqual(cm.exception.response["Error"]["Message"], "StackSet teardown not found")

    def test_unknown_instance_is_stack_instance_not_found(self):
        self.create_set("lonely")
        with self.assertRaises(ClientError) as cm:
            self.instance("lonely", TARGETS[0])
        self.assertEqual(cm.exception.response["Error"]["Code"],
                         "StackInstanceNotFoundException")

    def test_taken_name_is_name_already_exists(self):
        self.create_set("twice")
        with self.assertRaises(ClientError) as cm:
            self.create_set("twice")
        self.assertEqual(cm.exception.response["Error"]["Code"], "NameAlreadyExistsException")


class SlowStackSetsTest(StackSetCase):
    """Each step of an operation waits, so that its intermediate states can be seen."""
    nimbus_args = ("--async-delay-ms", "300")

    def test_update_makes_instances_outdated_then_current(self):
        set_id = self.create_set("update")
        created = self.cfn().create_stack_instances(
            StackSetName="update", Accounts=TARGETS[:1], Regions=["us-east-1"])["OperationId"]
        pending = self.instance("update", TARGETS[0])
        self.assert_instance(pending, set_id, TARGETS[0], "us-east-1", "OUTDATED", "PENDING",
                             created)
        self.assertEqual(self.wait_operation("update", created)["Status"], "SUCCEEDED")
        updated = self.cfn().update_stack_set(
            StackSetName="update", TemplateBody=body(),
            Parameters=[{"ParameterKey": "ParamName", "ParameterValue": "/e2e/update"},
                        {"ParameterKey": "Value", "ParameterValue": "v2"}])["OperationId"]
        self.assert_instance(self.instance("update", TARGETS[0]), set_id, TARGETS[0],
                             "us-east-1", "OUTDATED", "PENDING", updated)
        with self.assertRaises(ClientError) as cm:
            self.cfn().create_stack_instances(StackSetName="update", Accounts=TARGETS[1:],
                                              Regions=["us-east-1"])
        self.assertEqual(cm.exception.response["Error"]["Code"], "OperationInProgressException")
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         f"Another Operation on StackSet arn:aws:cloudformation:us-east-1:"
                         f"{ADMIN}:stackset/{set_id} is in progress")
        operation = self.wait_operation("update", updated)
        self.assertEqual(operation["Status"], "SUCCEEDED")
        self.assertEqual(operation["Action"], "UPDATE")
        self.assert_instance(self.instance("update", TARGETS[0]), set_id, TARGETS[0],
                             "us-east-1", "CURRENT", "SUCCEEDED", updated)
        ssm = self.client("ssm", access_key=TARGETS[0])
        self.assertEqual(ssm.get_parameter(Name="/e2e/update")["Parameter"]["Value"], "v2")

    def test_stopped_operation_cancels_what_had_not_started(self):
        set_id = self.create_set("stop")
        operation_id = self.cfn().create_stack_instances(
            StackSetName="stop", Accounts=TARGETS, Regions=REGIONS)["OperationId"]
        self.cfn().stop_stack_set_operation(StackSetName="stop", OperationId=operation_id)
        operation = self.wait_operation("stop", operation_id)
        self.assertEqual(operation["Status"], "STOPPED")
        for account in TARGETS:
            for region in REGIONS:
                self.assert_instance(self.instance("stop", account, region), set_id, account,
                                     region, "OUTDATED", "CANCELLED", operation_id,
                                     reason="Cancelled since operation was stopped")
        listed = self.cfn().list_stack_set_operations(StackSetName="stop")["Summaries"]
        self.assertEqual([(o["OperationId"], o["Status"]) for o in listed],
                         [(operation_id, "STOPPED")])

    def test_reused_operation_id_is_operation_id_already_exists(self):
        self.create_set("reuse")
        self.cfn().create_stack_instances(StackSetName="reuse", Accounts=TARGETS[:1],
                                          Regions=["us-east-1"], OperationId="fixed-op")
        self.wait_operation("reuse", "fixed-op")
        with self.assertRaises(ClientError) as cm:
            self.cfn().create_stack_instances(StackSetName="reuse", Accounts=TARGETS[1:],
                                              Regions=["us-east-1"], OperationId="fixed-op")
        self.assertEqual(cm.exception.response["Error"]["Code"],
                         "OperationIdAlreadyExistsException")
