"""CloudFormation StackSets through boto3: the points of issue 12 that the other StackSets suites
left without an end-to-end test (STACK_SETS.md, "StackSets: tests"): FailureTolerancePercentage,
ConcurrencyMode, MaxConcurrentPercentage and PARALLEL regions seen as the instances that run at
once, RUNNING, INOPERABLE after a failed deletion, an instance whose stack failed, DriftStatus
UNKNOWN, UpdateStackInstances' overrides, RetainStacks, the roles' refusals, the account and
region patterns, paging, ClientRequestToken and DescribeStackInstance as a delegated
administrator."""
import os
import time

from botocore.exceptions import ClientError

from stackset_support import (ADMIN, ADMIN_ROLE, EXECUTION_ROLE, NO_ROLE, REGIONS, TARGETS,
                              StackSetCase, body)

BUCKET_TEMPLATE = os.path.join(os.path.dirname(__file__), "..", "data", "templates",
                               "stackset_bucket.yaml")
NO_ROLE_REASON = (f"Account {NO_ROLE} should have '{EXECUTION_ROLE}' role with trust "
                  f"relationship to Role '{ADMIN_ROLE}'.")


class AuditCase(StackSetCase):
    def create_instances(self, name, accounts, regions=("us-east-1",), **preferences):
        """CreateStackInstances on the set `name`; its OperationId."""
        return self.cfn().create_stack_instances(
            StackSetName=name, Accounts=list(accounts), Regions=list(regions),
            OperationPreferences=preferences)["OperationId"]

    def detailed_statuses(self, name):
        """(account, region) -> DetailedStatus of every instance, from one ListStackInstances."""
        summaries = self.cfn().list_stack_instances(StackSetName=name)["Summaries"]
        return {(s["Account"], s["Region"]): s["StackInstanceStatus"]["DetailedStatus"]
                for s in summaries}

    def first_running(self, name, timeout=10):
        """The instances' DetailedStatus when one of them is first seen RUNNING."""
        deadline = time.time() + timeout
        while True:
            statuses = self.detailed_statuses(name)
            if "RUNNING" in statuses.values():
                return statuses
            if time.time() > deadline:
                raise AssertionError(f"{name}: no instance RUNNING: {statuses}")
            time.sleep(0.02)

    def assert_error(self, code, message, call, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        self.assertEqual(cm.exception.response["Error"]["Code"], code)
        self.assertEqual(cm.exception.response["Error"]["Message"], message)


class StackSetToleranceTest(AuditCase):
    def test_a_failure_within_the_tolerance_percentage_lets_the_operation_succeed(self):
        set_id = self.create_set("pct-within")
        # 50 % of 3 accounts rounds down to 1 failure tolerated.
        operation_id = self.create_instances("pct-within", [NO_ROLE] + TARGETS,
                                             FailureTolerancePercentage=50)
        operation = self.wait_operation("pct-within", operation_id)
        self.assertEqual(operation["Status"], "SUCCEEDED")
        self.assertEqual(operation["StatusDetails"], {"FailedStackInstancesCount": 1})
        self.assertEqual(operation["OperationPreferences"]["FailureTolerancePercentage"], 50)
        self.assert_instance(self.instance("pct-within", NO_ROLE), set_id, NO_ROLE, "us-east-1",
                             "OUTDATED", "FAILED", operation_id, reason=NO_ROLE_REASON)
        for account in TARGETS:
            self.assert_instance(self.instance("pct-within", account), set_id, account,
                                 "us-east-1", "CURRENT", "SUCCEEDED", operation_id)

    def test_a_tolerance_percentage_that_rounds_down_to_zero_stops_at_the_first_failure(self):
        set_id = self.create_set("pct-beyond")
        # 40 % of 2 accounts is 0.8, rounded down to 0.
        operation_id = self.create_instances("pct-beyond", [NO_ROLE, TARGETS[0]],
                                             FailureTolerancePercentage=40)
        operation = self.wait_operation("pct-beyond", operation_id)
        self.assertEqual(operation["Status"], "FAILED")
        self.assertEqual(operation["StatusDetails"], {"FailedStackInstancesCount": 1})
        self.assert_instance(self.instance("pct-beyond", TARGETS[0]), set_id, TARGETS[0],
                             "us-east-1", "OUTDATED", "CANCELLED", operation_id,
                             reason="Cancelled since failure tolerance has exceeded")

    def test_strict_failure_tolerance_runs_one_more_than_the_failures_tolerated(self):
        set_id = self.create_set("strict")
        operation_id = self.create_instances("strict", [NO_ROLE, TARGETS[0]],
                                             MaxConcurrentCount=2, FailureToleranceCount=0,
                                             ConcurrencyMode="STRICT_FAILURE_TOLERANCE")
        self.assertEqual(self.wait_operation("strict", operation_id)["Status"], "FAILED")
        self.assert_instance(self.instance("strict", TARGETS[0]), set_id, TARGETS[0],
                             "us-east-1", "OUTDATED", "CANCELLED", operation_id,
                             reason="Cancelled since failure tolerance has exceeded")

    def test_soft_failure_tolerance_runs_max_concurrent_accounts_at_once(self):
        set_id = self.create_set("soft")
        operation_id = self.create_instances("soft", [NO_ROLE, TARGETS[0]],
                                             MaxConcurrentCount=2, FailureToleranceCount=0,
                                             ConcurrencyMode="SOFT_FAILURE_TOLERANCE")
        operation = self.wait_operation("soft", operation_id)
        self.assertEqual(operation["Status"], "FAILED")
        self.assertEqual(operation["StatusDetails"], {"FailedStackInstancesCount": 1})
        self.assertEqual(operation["OperationPreferences"]["ConcurrencyMode"],
                         "SOFT_FAILURE_TOLERANCE")
        # TARGETS[0] ran beside the failing account: deployed, not cancelled.
        self.assert_instance(self.instance("soft", TARGETS[0]), set_id, TARGETS[0],
                             "us-east-1", "CURRENT", "SUCCEEDED", operation_id)
        self.assert_instance(self.instance("soft", NO_ROLE), set_id, NO_ROLE, "us-east-1",
                             "OUTDATED", "FAILED", operation_id, reason=NO_ROLE_REASON)


class StackSetInstanceStatesTest(AuditCase):
    def test_an_instance_whose_stack_failed_names_the_failed_resource(self):
        set_id = self.create_set("taken")
        # The parameter the set's stack would create is there already.
        self.client("ssm", access_key=TARGETS[0]).put_parameter(
            Name="/e2e/taken", Value="mine", Type="String")
        operation_id = self.create_instances("taken", TARGETS[:1])
        self.assertEqual(self.wait_operation("taken", operation_id)["Status"], "FAILED")
        instance = self.instance("taken", TARGETS[0])
        stack = self.cfn(TARGETS[0]).describe_stacks(StackName=instance["StackId"])["Stacks"][0]
        self.assertEqual(stack["StackStatus"], "ROLLBACK_COMPLETE")
        self.assert_instance(instance, set_id, TARGETS[0], "us-east-1", "OUTDATED", "FAILED",
                             operation_id,
                             reason="ResourceLogicalId:Param, ResourceType:AWS::SSM::Parameter, "
                                    "ResourceStatusReason:The parameter already exists. To "
                                    "overwrite this value, set the overwrite option in the "
                                    "request to true..")

    def test_drift_of_an_instance_whose_stack_was_deleted_is_unknown(self):
        self.create_set("vanished")
        created = self.create_instances("vanished", TARGETS, MaxConcurrentCount=2)
        self.assertEqual(self.wait_operation("vanished", created)["Status"], "SUCCEEDED")
        stack_id = self.instance("vanished", TARGETS[0])["StackId"]
        self.cfn(TARGETS[0]).delete_stack(StackName=stack_id)
        detection = self.cfn().detect_stack_set_drift(
            StackSetName="vanished", OperationPreferences={"FailureToleranceCount": 1,
                                                           "MaxConcurrentCount": 2})
        operation = self.wait_operation("vanished", detection["OperationId"])
        self.assertEqual(operation["Status"], "SUCCEEDED")
        self.assertEqual(operation["StackSetDriftDetectionDetails"]["DriftDetectionStatus"],
                         "PARTIAL_SUCCESS")
        gone = self.instance("vanished", TARGETS[0])
        self.assertEqual(gone["DriftStatus"], "UNKNOWN")
        self.assertEqual((gone["Status"], gone["StackInstanceStatus"]["DetailedStatus"],
                          gone["LastOperationId"]), ("CURRENT", "SUCCEEDED", created))
        self.assertGreaterEqual(gone["LastDriftCheckTimestamp"], operation["CreationTimestamp"])
        self.assertEqual(self.instance("vanished", TARGETS[1])["DriftStatus"], "IN_SYNC")
        results = self.cfn().list_stack_set_operation_results(
            StackSetName="vanished", OperationId=detection["OperationId"])["Summaries"]
        self.assertEqual(sorted((r["Account"], r["Status"], r.get("StatusReason", ""))
                                for r in results),
                         [(TARGETS[0], "FAILED", f"Stack with id {stack_id} does not exist"),
                          (TARGETS[1], "SUCCEEDED", "")])


class StackSetOperationsTest(AuditCase):
    def test_update_stack_instances_deploys_its_parameter_overrides(self):
        set_id = self.create_set("override-later")
        created = self.create_instances("override-later", TARGETS)
        self.assertEqual(self.wait_operation("override-later", created)["Status"], "SUCCEEDED")
        overrides = [{"ParameterKey": "Value", "ParameterValue": "v5"}]
        updated = self.cfn().update_stack_instances(
            StackSetName="override-later", Accounts=TARGETS[:1], Regions=["us-east-1"],
            ParameterOverrides=overrides)["OperationId"]
        operation = self.wait_operation("override-later", updated)
        self.assertEqual((operation["Action"], operation["Status"]), ("UPDATE", "SUCCEEDED"))
        self.assert_instance(self.instance("override-later", TARGETS[0]), set_id, TARGETS[0],
                             "us-east-1", "CURRENT", "SUCCEEDED", updated, overrides=overrides)
        parameter = self.client("ssm", access_key=TARGETS[0]).get_parameter(
            Name="/e2e/override-later")["Parameter"]
        self.assertEqual((parameter["Value"], parameter["Version"]), ("v5", 2))
        # The other account was not part of the operation.
        self.assert_instance(self.instance("override-later", TARGETS[1]), set_id, TARGETS[1],
                             "us-east-1", "CURRENT", "SUCCEEDED", created)

    def test_delete_stack_instances_retaining_stacks_keeps_the_stack(self):
        self.create_set("keep")
        created = self.create_instances("keep", TARGETS[:1])
        self.assertEqual(self.wait_operation("keep", created)["Status"], "SUCCEEDED")
        stack_id = self.instance("keep", TARGETS[0])["StackId"]
        deleted = self.cfn().delete_stack_instances(
            StackSetName="keep", Accounts=TARGETS[:1], Regions=["us-east-1"],
            RetainStacks=True)["OperationId"]
        operation = self.wait_operation("keep", deleted)
        self.assertEqual((operation["Status"], operation["RetainStacks"]), ("SUCCEEDED", True))
        self.assertEqual(self.cfn().list_stack_instances(StackSetName="keep")["Summaries"], [])
        stack = self.cfn(TARGETS[0]).describe_stacks(StackName=stack_id)["Stacks"][0]
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")
        value = self.client("ssm", access_key=TARGETS[0]).get_parameter(
            Name="/e2e/keep")["Parameter"]["Value"]
        self.assertEqual(value, "v1")

    def test_an_execution_role_that_trusts_another_account_fails_the_instance(self):
        untrusting = "444444444444"
        self.make_role(untrusting, EXECUTION_ROLE, {"AWS": "arn:aws:iam::999999999999:root"})
        set_id = self.create_set("untrusted")
        operation_id = self.create_instances("untrusted", [untrusting])
        self.assertEqual(self.wait_operation("untrusted", operation_id)["Status"], "FAILED")
        self.assert_instance(self.instance("untrusted", untrusting), set_id, untrusting,
                             "us-east-1", "OUTDATED", "FAILED", operation_id,
                             reason=f"Account {untrusting} should have '{EXECUTION_ROLE}' role "
                                    f"with trust relationship to Role '{ADMIN_ROLE}'.")

    def test_a_missing_administration_role_fails_the_instance(self):
        set_id = self.cfn().create_stack_set(
            StackSetName="noadmin", TemplateBody=body(),
            AdministrationRoleARN=f"arn:aws:iam::{ADMIN}:role/NoSuchAdministrationRole",
            Parameters=[{"ParameterKey": "ParamName",
                         "ParameterValue": "/e2e/noadmin"}])["StackSetId"]
        operation_id = self.create_instances("noadmin", TARGETS[:1])
        self.assertEqual(self.wait_operation("noadmin", operation_id)["Status"], "FAILED")
        self.assert_instance(self.instance("noadmin", TARGETS[0]), set_id, TARGETS[0],
                             "us-east-1", "OUTDATED", "FAILED", operation_id,
                             reason=f"Account {ADMIN} should have 'NoSuchAdministrationRole' "
                                    f"role with trust relationship to CloudFormation service.")


class StackSetInoperableTest(AuditCase):
    """An instance whose stack could not be deleted (an S3 bucket that still holds an object)."""

    def deploy_bucket(self, name):
        """A set of one bucket, deployed to TARGETS[0]; an object put into the bucket there."""
        with open(BUCKET_TEMPLATE, encoding="utf-8") as f:
            template = f.read()
        set_id = self.cfn().create_stack_set(
            StackSetName=name, TemplateBody=template,
            Parameters=[{"ParameterKey": "BucketName",
                         "ParameterValue": f"audit-{name}"}])["StackSetId"]
        created = self.create_instances(name, TARGETS[:1])
        self.assertEqual(self.wait_operation(name, created)["Status"], "SUCCEEDED")
        self.client("s3", access_key=TARGETS[0]).put_object(
            Bucket=f"audit-{name}", Key="keep.txt", Body=b"keep")
        deleted = self.cfn().delete_stack_instances(
            StackSetName=name, Accounts=TARGETS[:1], Regions=["us-east-1"],
            RetainStacks=False)["OperationId"]
        return set_id, deleted

    def test_a_failed_deletion_leaves_the_instance_inoperable(self):
        set_id, deleted = self.deploy_bucket("inoperable")
        operation = self.wait_operation("inoperable", deleted)
        self.assertEqual(operation["Status"], "FAILED")
        self.assertEqual(operation["StatusDetails"], {"FailedStackInstancesCount": 1})
        instance = self.instance("inoperable", TARGETS[0])
        stack = self.cfn(TARGETS[0]).describe_stacks(StackName=instance["StackId"])["Stacks"][0]
        self.assertEqual(stack["StackStatus"], "DELETE_FAILED")
        reason = ("ResourceLogicalId:Bucket, ResourceType:AWS::S3::Bucket, "
                  "ResourceStatusReason:The bucket you tried to delete is not empty.")
        self.assertEqual(instance, {
            "StackSetId": set_id, "Region": "us-east-1", "Account": TARGETS[0],
            "StackId": stack["StackId"], "ParameterOverrides": [], "Status": "INOPERABLE",
            "StackInstanceStatus": {"DetailedStatus": "INOPERABLE"}, "StatusReason": reason,
            "DriftStatus": "NOT_CHECKED", "LastOperationId": deleted})
        listed = self.cfn().list_stack_instances(
            StackSetName="inoperable",
            Filters=[{"Name": "DETAILED_STATUS", "Values": "INOPERABLE"}])["Summaries"]
        self.assertEqual([(s["Account"], s["Status"]) for s in listed],
                         [(TARGETS[0], "INOPERABLE")])

    def test_update_stack_set_leaves_an_inoperable_instance_out(self):
        _, deleted = self.deploy_bucket("excluded")
        self.assertEqual(self.wait_operation("excluded", deleted)["Status"], "FAILED")
        updated = self.cfn().update_stack_set(
            StackSetName="excluded", UsePreviousTemplate=True, Description="changed",
            Parameters=[{"ParameterKey": "BucketName", "UsePreviousValue": True}])["OperationId"]
        self.assertEqual(self.wait_operation("excluded", updated)["Status"], "SUCCEEDED")
        results = self.cfn().list_stack_set_operation_results(
            StackSetName="excluded", OperationId=updated)["Summaries"]
        self.assertEqual(results, [])
        instance = self.instance("excluded", TARGETS[0])
        self.assertEqual((instance["Status"], instance["StackInstanceStatus"]["DetailedStatus"],
                          instance["LastOperationId"]), ("INOPERABLE", "INOPERABLE", deleted))

    def test_deleting_an_inoperable_instance_with_retain_stacks_removes_it(self):
        _, deleted = self.deploy_bucket("retained")
        self.assertEqual(self.wait_operation("retained", deleted)["Status"], "FAILED")
        stack_id = self.instance("retained", TARGETS[0])["StackId"]
        retained = self.cfn().delete_stack_instances(
            StackSetName="retained", Accounts=TARGETS[:1], Regions=["us-east-1"],
            RetainStacks=True)["OperationId"]
        self.assertEqual(self.wait_operation("retained", retained)["Status"], "SUCCEEDED")
        self.assertEqual(self.cfn().list_stack_instances(StackSetName="retained")["Summaries"],
                         [])
        stack = self.cfn(TARGETS[0]).describe_stacks(StackName=stack_id)["Stacks"][0]
        self.assertEqual(stack["StackStatus"], "DELETE_FAILED")


class StackSetRequestChecksTest(AuditCase):
    def test_an_account_that_is_not_twelve_digits_is_a_validation_error(self):
        self.create_set("pattern-account")
        with self.assertRaises(ClientError) as cm:
            self.instance("pattern-account", "12345")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationError")

    def test_a_region_outside_its_pattern_is_a_validation_error(self):
        self.create_set("pattern-region")
        with self.assertRaises(ClientError) as cm:
            self.instance("pattern-region", TARGETS[0], "us_east_1")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationError")

    def test_create_stack_instances_checks_each_account_against_its_pattern(self):
        self.create_set("pattern-accounts")
        with self.assertRaises(ClientError) as cm:
            self.create_instances("pattern-accounts", [TARGETS[0], "not-an-account"])
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationError")

    def test_a_repeated_client_request_token_answers_the_same_set(self):
        first = self.cfn().create_stack_set(StackSetName="token", TemplateBody=body(),
                                            ClientRequestToken="token-1")
        again = self.cfn().create_stack_set(StackSetName="token", TemplateBody=body(),
                                            ClientRequestToken="token-1")
        self.assertEqual(again["StackSetId"], first["StackSetId"])

    def test_another_client_request_token_for_a_taken_name_is_name_already_exists(self):
        self.cfn().create_stack_set(StackSetName="token-taken", TemplateBody=body(),
                                    ClientRequestToken="token-a")
        self.assert_error("NameAlreadyExistsException", "StackSet token-taken already exists",
                          self.cfn().create_stack_set, StackSetName="token-taken",
                          TemplateBody=body(), ClientRequestToken="token-b")


class StackSetPagingTest(AuditCase):
    def test_list_stack_instances_pages_by_max_results(self):
        self.create_set("paged")
        created = self.create_instances("paged", TARGETS, REGIONS, MaxConcurrentCount=2,
                                        RegionConcurrencyType="PARALLEL")
        self.assertEqual(self.wait_operation("paged", created)["Status"], "SUCCEEDED")
        first = self.cfn().list_stack_instances(StackSetName="paged", MaxResults=3)
        self.assertEqual(len(first["Summaries"]), 3)
        second = self.cfn().list_stack_instances(StackSetName="paged", MaxResults=3,
                                                 NextToken=first["NextToken"])
        self.assertNotIn("NextToken", second)
        listed = [(s["Account"], s["Region"]) for s in first["Summaries"] + second["Summaries"]]
        self.assertEqual(sorted(listed), sorted((a, r) for a in TARGETS for r in REGIONS))

    def test_list_stack_instances_filters_by_account(self):
        self.create_set("by-account")
        created = self.create_instances("by-account", TARGETS, REGIONS, MaxConcurrentCount=2)
        self.assertEqual(self.wait_operation("by-account", created)["Status"], "SUCCEEDED")
        listed = self.cfn().list_stack_instances(
            StackSetName="by-account", StackInstanceAccount=TARGETS[1])["Summaries"]
        self.assertEqual(sorted((s["Account"], s["Region"]) for s in listed),
                         sorted((TARGETS[1], r) for r in REGIONS))

    def test_list_stack_instances_filters_by_last_operation_id(self):
        self.create_set("by-operation")
        first = self.create_instances("by-operation", TARGETS[:1])
        self.assertEqual(self.wait_operation("by-operation", first)["Status"], "SUCCEEDED")
        second = self.create_instances("by-operation", TARGETS[1:])
        self.assertEqual(self.wait_operation("by-operation", second)["Status"], "SUCCEEDED")
        listed = self.cfn().list_stack_instances(
            StackSetName="by-operation",
            Filters=[{"Name": "LAST_OPERATION_ID", "Values": second}])["Summaries"]
        self.assertEqual([(s["Account"], s["LastOperationId"]) for s in listed],
                         [(TARGETS[1], second)])

    def test_list_stack_sets_pages_and_filters_by_status(self):
        # A region of its own: the sets of the other tests are not there.
        cfn = self.cfn(region="ap-south-1")
        for name in ("page-a", "page-b", "page-c"):
            cfn.create_stack_set(StackSetName=name, TemplateBody=body())
        cfn.delete_stack_set(StackSetName="page-b")
        first = cfn.list_stack_sets(MaxResults=2)
        self.assertEqual(len(first["Summaries"]), 2)
        second = cfn.list_stack_sets(MaxResults=2, NextToken=first["NextToken"])
        self.assertNotIn("NextToken", second)
        every = [(s["StackSetName"], s["Status"])
                 for s in first["Summaries"] + second["Summaries"]]
        self.assertEqual(sorted(every),
                         [("page-a", "ACTIVE"), ("page-b", "DELETED"), ("page-c", "ACTIVE")])
        active = cfn.list_stack_sets(Status="ACTIVE")["Summaries"]
        self.assertEqual(sorted(s["StackSetName"] for s in active), ["page-a", "page-c"])
        deleted = cfn.list_stack_sets(Status="DELETED")["Summaries"]
        self.assertEqual([s["StackSetName"] for s in deleted], ["page-b"])


class SlowStackSetConcurrencyTest(AuditCase):
    """Each step of an operation waits, so that the instances running at once can be seen."""
    nimbus_args = ("--async-delay-ms", "300")

    def test_a_running_instance_shows_running_with_its_stack(self):
        set_id = self.create_set("running")
        operation_id = self.create_instances("running", TARGETS[:1])
        self.assertEqual(self.first_running("running"), {(TARGETS[0], "us-east-1"): "RUNNING"})
        instance = self.instance("running", TARGETS[0])
        stack_id = instance.pop("StackId")
        self.assertRegex(stack_id, rf"^arn:aws:cloudformation:us-east-1:{TARGETS[0]}:stack/"
                                   rf"StackSet-running-[0-9a-f-]{{36}}/[0-9a-f-]{{36}}$")
        self.assertEqual(instance, {
            "StackSetId": set_id, "Region": "us-east-1", "Account": TARGETS[0],
            "ParameterOverrides": [], "Status": "OUTDATED",
            "StackInstanceStatus": {"DetailedStatus": "RUNNING"}, "DriftStatus": "NOT_CHECKED",
            "LastOperationId": operation_id})
        self.assertEqual(self.wait_operation("running", operation_id)["Status"], "SUCCEEDED")

    def test_parallel_regions_start_together(self):
        self.create_set("parallel")
        operation_id = self.create_instances("parallel", TARGETS, REGIONS,
                                             RegionConcurrencyType="PARALLEL")
        self.assertEqual(self.first_running("parallel"), {
            (TARGETS[0], "us-east-1"): "RUNNING", (TARGETS[0], "eu-west-1"): "RUNNING",
            (TARGETS[1], "us-east-1"): "PENDING", (TARGETS[1], "eu-west-1"): "PENDING"})
        self.assertEqual(self.wait_operation("parallel", operation_id)["Status"], "SUCCEEDED")

    def test_sequential_regions_start_one_at_a_time(self):
        self.create_set("sequential")
        operation_id = self.create_instances("sequential", TARGETS, REGIONS,
                                             RegionConcurrencyType="SEQUENTIAL")
        self.assertEqual(self.first_running("sequential"), {
            (TARGETS[0], "us-east-1"): "RUNNING", (TARGETS[0], "eu-west-1"): "PENDING",
            (TARGETS[1], "us-east-1"): "PENDING", (TARGETS[1], "eu-west-1"): "PENDING"})
        self.assertEqual(self.wait_operation("sequential", operation_id)["Status"], "SUCCEEDED")

    def test_max_concurrent_percentage_of_every_account_runs_them_together(self):
        self.create_set("pct-all")
        # STRICT_FAILURE_TOLERANCE (the default) runs at most FailureToleranceCount + 1.
        operation_id = self.create_instances("pct-all", TARGETS, MaxConcurrentPercentage=100,
                                             FailureToleranceCount=1)
        self.assertEqual(self.first_running("pct-all"), {
            (TARGETS[0], "us-east-1"): "RUNNING", (TARGETS[1], "us-east-1"): "RUNNING"})
        self.assertEqual(self.wait_operation("pct-all", operation_id)["Status"], "SUCCEEDED")

    def test_max_concurrent_percentage_rounds_down_to_at_least_one(self):
        self.create_set("pct-one")
        # 40 % of 2 accounts is 0.8: one account at a time, though two failures are tolerated.
        operation_id = self.create_instances("pct-one", TARGETS, MaxConcurrentPercentage=40,
                                             FailureToleranceCount=1)
        self.assertEqual(self.first_running("pct-one"), {
            (TARGETS[0], "us-east-1"): "RUNNING", (TARGETS[1], "us-east-1"): "PENDING"})
        self.assertEqual(self.wait_operation("pct-one", operation_id)["Status"], "SUCCEEDED")

    def test_delete_stack_set_while_an_operation_runs_is_operation_in_progress(self):
        set_id = self.create_set("busy-delete")
        created = self.create_instances("busy-delete", TARGETS[:1])
        self.assertEqual(self.wait_operation("busy-delete", created)["Status"], "SUCCEEDED")
        deleting = self.cfn().delete_stack_instances(
            StackSetName="busy-delete", Accounts=TARGETS[:1], Regions=["us-east-1"],
            RetainStacks=False)["OperationId"]
        self.assert_error("OperationInProgressException",
                          f"Another Operation on StackSet arn:aws:cloudformation:us-east-1:"
                          f"{ADMIN}:stackset/{set_id} is in progress",
                          self.cfn().delete_stack_set, StackSetName="busy-delete")
        self.assertEqual(self.wait_operation("busy-delete", deleting)["Status"], "SUCCEEDED")


class DelegatedAdminInstanceTest(AuditCase):
    """DescribeStackInstance with CallAs DELEGATED_ADMIN, in an organization of its own: a
    management account, an OU with one member, and that member as StackSets' delegated
    administrator."""

    def setUp(self):
        self.manager = "330000000001"
        orgs = self.client("organizations", access_key=self.manager)
        orgs.create_organization(FeatureSet="ALL")
        root = orgs.list_roots()["Roots"][0]["Id"]
        self.ou = orgs.create_organizational_unit(ParentId=root,
                                                  Name="workloads")["OrganizationalUnit"]["Id"]
        request = orgs.create_account(Email="member@example.com",
                                      AccountName="member")["CreateAccountStatus"]["Id"]
        self.member = self.poll(lambda: orgs.describe_create_account_status(
            CreateAccountRequestId=request)["CreateAccountStatus"].get("AccountId"))
        orgs.move_account(AccountId=self.member, SourceParentId=root, DestinationParentId=self.ou)
        self.client("cloudformation", access_key=self.manager).activate_organizations_access()
        orgs.register_delegated_administrator(
            AccountId=self.member,
            ServicePrincipal="member.org.stacksets.cloudformation.amazonaws.com")
        self.delegate = self.client("cloudformation", access_key=self.member)

    def poll(self, read, timeout=30):
        """read() until it answers something true; that answer."""
        deadline = time.time() + timeout
        while not (answer := read()):
            if time.time() > deadline:
                raise AssertionError("nothing after waiting")
            time.sleep(0.05)
        return answer

    def test_a_delegated_admin_describes_an_instance_with_call_as(self):
        set_id = self.delegate.create_stack_set(
            StackSetName="delegated", TemplateBody=body(), CallAs="DELEGATED_ADMIN",
            PermissionModel="SERVICE_MANAGED", AutoDeployment={"Enabled": False},
            Parameters=[{"ParameterKey": "ParamName",
                         "ParameterValue": "/e2e/delegated"}])["StackSetId"]
        operation_id = self.delegate.create_stack_instances(
            StackSetName="delegated", CallAs="DELEGATED_ADMIN",
            DeploymentTargets={"OrganizationalUnitIds": [self.ou]},
            Regions=["us-east-1"])["OperationId"]
        self.poll(lambda: self.delegate.describe_stack_set_operation(
            StackSetName="delegated", OperationId=operation_id,
            CallAs="DELEGATED_ADMIN")["StackSetOperation"]["Status"] != "RUNNING")
        operation = self.delegate.describe_stack_set_operation(
            StackSetName="delegated", OperationId=operation_id, CallAs="DELEGATED_ADMIN")
        self.assertEqual(operation["StackSetOperation"]["Status"], "SUCCEEDED")
        instance = self.delegate.describe_stack_instance(
            StackSetName="delegated", StackInstanceAccount=self.member,
            StackInstanceRegion="us-east-1", CallAs="DELEGATED_ADMIN")["StackInstance"]
        stack_id = instance.pop("StackId")
        self.assertRegex(stack_id, rf"^arn:aws:cloudformation:us-east-1:{self.member}:stack/"
                                   rf"StackSet-delegated-")
        self.assertEqual(instance, {
            "StackSetId": set_id, "Region": "us-east-1", "Account": self.member,
            "ParameterOverrides": [], "Status": "CURRENT",
            "StackInstanceStatus": {"DetailedStatus": "SUCCEEDED"},
            "OrganizationalUnitId": self.ou, "DriftStatus": "NOT_CHECKED",
            "LastOperationId": operation_id})
        # Without CallAs the delegate names its own account's sets, where there is none.
        self.assert_error("StackSetNotFoundException", "StackSet delegated not found",
                          self.delegate.describe_stack_instance, StackSetName="delegated",
                          StackInstanceAccount=self.member, StackInstanceRegion="us-east-1")
