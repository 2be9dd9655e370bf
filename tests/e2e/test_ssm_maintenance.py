"""SSM maintenance windows and patch baselines against the real binary with boto3: a window with
targets and tasks, its schedule, updates and deletes; a custom patch baseline with a patch
group, and the AWS-provided baselines per operating system."""
from botocore.exceptions import ClientError

from harness import EmulatorTestCase


class SsmMaintenanceWindowTest(EmulatorTestCase):
    def error_code(self, call, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        return cm.exception.response["Error"]["Code"]

    def create_window(self, ssm, schedule="cron(0 16 ? * TUE *)", **extra):
        return ssm.create_maintenance_window(
            Name=self.unique("mw"), Schedule=schedule, Duration=4, Cutoff=1,
            AllowUnassociatedTargets=False, **extra)["WindowId"]

    def test_window_with_targets_and_tasks(self):
        ssm = self.client("ssm")
        window = self.create_window(ssm, Tags=[{"Key": "team", "Value": "ops"}])
        self.assertRegex(window, r"^mw-[0-9a-f]{17}$")
        target = ssm.register_target_with_maintenance_window(
            WindowId=window, ResourceType="INSTANCE", OwnerInformation="ops",
            Targets=[{"Key": "tag:Patch", "Values": ["yes"]}])["WindowTargetId"]
        task = ssm.register_task_with_maintenance_window(
            WindowId=window, TaskArn="AWS-RunPatchBaseline", TaskType="RUN_COMMAND",
            Targets=[{"Key": "WindowTargetIds", "Values": [target]}],
            MaxConcurrency="2", MaxErrors="1", Priority=1,
            TaskInvocationParameters={"RunCommand": {"Parameters": {"Operation": ["Scan"]}}},
        )["WindowTaskId"]

        targets = ssm.describe_maintenance_window_targets(WindowId=window)["Targets"]
        self.assertEqual([t["WindowTargetId"] for t in targets], [target])
        self.assertEqual(targets[0]["Targets"], [{"Key": "tag:Patch", "Values": ["yes"]}])
        tasks = ssm.describe_maintenance_window_tasks(WindowId=window)["Tasks"]
        self.assertEqual([(t["WindowTaskId"], t["Type"]) for t in tasks], [(task, "RUN_COMMAND")])
        got = ssm.get_maintenance_window_task(WindowId=window, WindowTaskId=task)
        self.assertEqual(got["TaskInvocationParameters"]["RunCommand"]["Parameters"],
                         {"Operation": ["Scan"]})
        tags = ssm.list_tags_for_resource(ResourceType="MaintenanceWindow", ResourceId=window)
        self.assertEqual(tags["TagList"], [{"Key": "team", "Value": "ops"}])

        self.assertEqual(self.error_code(
            ssm.deregister_target_from_maintenance_window, WindowId=window,
            WindowTargetId=target, Safe=True), "TargetInUseException")
        ssm.deregister_task_from_maintenance_window(WindowId=window, WindowTaskId=task)
        ssm.deregister_target_from_maintenance_window(WindowId=window, WindowTargetId=target,
                                                      Safe=True)
        self.assertEqual(ssm.describe_maintenance_window_targets(WindowId=window)["Targets"], [])

    def test_schedule_lists_the_next_runs_in_order(self):
        ssm = self.client("ssm")
        window = self.create_window(ssm, schedule="cron(0 16 ? * TUE *)")
        runs = ssm.describe_maintenance_window_schedule(
            WindowId=window, MaxResults=3)["ScheduledWindowExecutions"]
        self.assertEqual(len(runs), 3)
        for run in runs:
            self.assertRegex(run["ExecutionTime"], r"^\d{4}-\d\d-\d\dT16:00Z$")
        self.assertEqual(sorted(r["ExecutionTime"] for r in runs),
                         [r["ExecutionTime"] for r in runs])
        window_info = ssm.get_maintenance_window(WindowId=window)
        self.assertEqual(window_info["NextExecutionTime"], runs[0]["ExecutionTime"])

    def test_invalid_schedule_is_a_validation_exception(self):
        ssm = self.client("ssm")
        self.assertEqual(self.error_code(
            ssm.create_maintenance_window, Name=self.unique("bad"), Schedule="rate(5 hour)",
            Duration=2, Cutoff=1, AllowUnassociatedTargets=True), "ValidationException")

    def test_update_and_delete(self):
        ssm = self.client("ssm")
        window = self.create_window(ssm, Description="first")
        updated = ssm.update_maintenance_window(WindowId=window, Enabled=False,
                                                Schedule="rate(2 days)")
        self.assertEqual((updated["Enabled"], updated["Schedule"], updated["Description"]),
                         (False, "rate(2 days)", "first"))
        self.assertNotIn("NextExecutionTime", ssm.get_maintenance_window(WindowId=window))
        ssm.delete_maintenance_window(WindowId=window)
        with self.assertRaises(ClientError) as cm:
            ssm.get_maintenance_window(WindowId=window)
        self.assertEqual(cm.exception.response["Error"]["Code"], "DoesNotExistException")
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         f"Maintenance window {window} does not exist")

    def test_describe_windows_filters_by_name_and_pages(self):
        ssm = self.client("ssm")
        name = self.unique("named")
        window = ssm.create_maintenance_window(
            Name=name, Schedule="rate(1 day)", Duration=2, Cutoff=0,
            AllowUnassociatedTargets=True)["WindowId"]
        found = ssm.describe_maintenance_windows(
            Filters=[{"Key": "Name", "Values": [name]}])["WindowIdentities"]
        self.assertEqual([w["WindowId"] for w in found], [window])
        pages = ssm.get_paginator("describe_maintenance_windows").paginate(
            PaginationConfig={"PageSize": 10})
        ids = [w["WindowId"] for page in pages for w in page["WindowIdentities"]]
        self.assertIn(window, ids)
        self.assertEqual(len(ids), len(set(ids)))

    def test_windows_for_target_finds_the_window_of_an_instance(self):
        ssm = self.client("ssm")
        window = self.create_window(ssm)
        instance = "i-0" + self.unique("x").encode().hex()[:16]
        ssm.register_target_with_maintenance_window(
            WindowId=window, ResourceType="INSTANCE",
            Targets=[{"Key": "InstanceIds", "Values": [instance]}])
        found = ssm.describe_maintenance_windows_for_target(
            ResourceType="INSTANCE",
            Targets=[{"Key": "InstanceIds", "Values": [instance]}])["WindowIdentities"]
        self.assertEqual([w["WindowId"] for w in found], [window])

    def test_executions_are_empty(self):
        ssm = self.client("ssm")
        window = self.create_window(ssm)
        self.assertEqual(
            ssm.describe_maintenance_window_executions(WindowId=window)["WindowExecutions"], [])

    def test_an_execution_id_is_never_found(self):
        ssm = self.client("ssm")
        execution = "8b3b1c5e-0d1f-4a2b-9c3d-4e5f6a7b8c9d"
        task = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
        calls = [
            (ssm.get_maintenance_window_execution, {}),
            (ssm.get_maintenance_window_execution_task, {"TaskId": task}),
            (ssm.get_maintenance_window_execution_task_invocation,
             {"TaskId": task, "InvocationId": task}),
            (ssm.describe_maintenance_window_execution_tasks, {}),
            (ssm.describe_maintenance_window_execution_task_invocations, {"TaskId": task}),
            (ssm.cancel_maintenance_window_execution, {}),
        ]
        for call, extra in calls:
            with self.assertRaises(ClientError) as cm:
                call(WindowExecutionId=execution, **extra)
            error = cm.exception.response["Error"]
            self.assertEqual(error["Code"], "DoesNotExistException", call.__name__)
            self.assertEqual(error["Message"],
                             f"Maintenance window execution {execution} does not exist")


AMAZON_LINUX_2_DEFAULT = "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0be8c61cde3be63f3"


class SsmPatchBaselineTest(EmulatorTestCase):
    def error_code(self, call, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        return cm.exception.response["Error"]["Code"]

    def test_custom_baseline_with_a_patch_group(self):
        ssm = self.client("ssm")
        group = self.unique("group")
        baseline = ssm.create_patch_baseline(
            Name=self.unique("al2"), OperatingSystem="AMAZON_LINUX_2",
            ApprovalRules={"PatchRules": [{
                "PatchFilterGroup": {"PatchFilters": [
                    {"Key": "CLASSIFICATION", "Values": ["Security"]},
                    {"Key": "SEVERITY", "Values": ["Critical"]}]},
                "ApproveAfterDays": 3, "ComplianceLevel": "HIGH"}]},
            RejectedPatches=["bash"], Tags=[{"Key": "team", "Value": "ops"}])["BaselineId"]
        self.assertRegex(baseline, r"^pb-[0-9a-f]{17}$")
        ssm.register_patch_baseline_for_patch_group(BaselineId=baseline, PatchGroup=group)

        got = ssm.get_patch_baseline(BaselineId=baseline)
        self.assertEqual(got["PatchGroups"], [group])
        self.assertEqual(got["RejectedPatches"], ["bash"])
        self.assertEqual(got["ApprovalRules"]["PatchRules"][0]["ApproveAfterDays"], 3)
        self.assertEqual(ssm.get_patch_baseline_for_patch_group(
            PatchGroup=group, OperatingSystem="AMAZON_LINUX_2")["BaselineId"], baseline)
        mappings = ssm.describe_patch_groups(
            Filters=[{"Key": "NAME_PREFIX", "Values": [group]}])["Mappings"]
        self.assertEqual([(m["PatchGroup"], m["BaselineIdentity"]["BaselineId"])
                          for m in mappings], [(group, baseline)])
        self.assertEqual(ssm.list_tags_for_resource(
            ResourceType="PatchBaseline", ResourceId=baseline)["TagList"],
            [{"Key": "team", "Value": "ops"}])

        self.assertEqual(self.error_code(ssm.delete_patch_baseline, BaselineId=baseline),
                         "ResourceInUseException")
        ssm.deregister_patch_baseline_for_patch_group(BaselineId=baseline, PatchGroup=group)
        ssm.delete_patch_baseline(BaselineId=baseline)
        self.assertEqual(self.error_code(ssm.get_patch_baseline, BaselineId=baseline),
                         "DoesNotExistException")

    def test_defaults_per_operating_system(self):
        ssm = self.client("ssm")
        self.assertEqual(ssm.get_default_patch_baseline(
            OperatingSystem="AMAZON_LINUX_2")["BaselineId"], AMAZON_LINUX_2_DEFAULT)
        aws = ssm.describe_patch_baselines(
            Filters=[{"Key": "OWNER", "Values": ["AWS"]}])["BaselineIdentities"]
        systems = {b["OperatingSystem"]: b for b in aws}
        self.assertEqual(len(systems), 15)
        self.assertEqual(systems["AMAZON_LINUX_2"]["BaselineName"],
                         "AWS-AmazonLinux2DefaultPatchBaseline")
        self.assertTrue(all(b["DefaultBaseline"] for b in aws))
        got = ssm.get_patch_baseline(BaselineId=AMAZON_LINUX_2_DEFAULT)
        self.assertEqual(got["Name"], "AWS-AmazonLinux2DefaultPatchBaseline")

    def test_register_default_baseline_and_back(self):
        ssm = self.client("ssm", region="eu-west-1")
        aws_default = ssm.get_default_patch_baseline(OperatingSystem="UBUNTU")["BaselineId"]
        self.assertRegex(aws_default, r"^arn:aws:ssm:eu-west-1:\d{12}:patchbaseline/pb-[0-9a-f]{17}$")
        mine = ssm.create_patch_baseline(Name=self.unique("ubuntu"), OperatingSystem="UBUNTU",
                                         ApprovedPatches=["openssl"])["BaselineId"]
        ssm.register_default_patch_baseline(BaselineId=mine)
        self.assertEqual(ssm.get_default_patch_baseline(OperatingSystem="UBUNTU")["BaselineId"],
                         mine)
        ssm.register_default_patch_baseline(BaselineId=aws_default)
        self.assertEqual(ssm.get_default_patch_baseline(OperatingSystem="UBUNTU")["BaselineId"],
                         aws_default)

    def test_windows_only_filter_on_linux_is_a_validation_exception(self):
        ssm = self.client("ssm")
        self.assertEqual(self.error_code(
            ssm.create_patch_baseline, Name=self.unique("bad"), OperatingSystem="UBUNTU",
            GlobalFilters={"PatchFilters": [{"Key": "MSRC_SEVERITY", "Values": ["Critical"]}]}),
            "ValidationException")

    def test_patch_group_state_is_zeros_and_no_patch_is_available(self):
        ssm = self.client("ssm")
        state = ssm.describe_patch_group_state(PatchGroup=self.unique("g"))
        self.assertEqual(state["Instances"], 0)
        self.assertEqual(ssm.describe_available_patches()["Patches"], [])
