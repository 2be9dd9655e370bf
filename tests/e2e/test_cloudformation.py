"""CloudFormation stacks against the real binary: the AWS CLI as users drive it (create-stack with
a template file, then wait) and boto3, with stacks of SSM parameters read back through SSM."""
import datetime
import json

from botocore.exceptions import ClientError, WaiterError

from cfn_support import FAST, TEMPLATES, stack_events
from harness import EmulatorTestCase

SSM_PARAMETERS = TEMPLATES / "ssm_parameters.yaml"
TWO_PARAMETERS = TEMPLATES / "ssm_two_parameters.yaml"
TAKEN = ("The parameter already exists. To overwrite this value, set the overwrite option in the "
         "request to true.")


class CloudFormationTest(EmulatorTestCase):
    def setUp(self):
        self.cfn = self.client("cloudformation")
        self.ssm = self.client("ssm")
        self.name = self.unique("stack")
        self.prefix = "/" + self.unique("e2e")

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        return cm.exception.response["Error"]

    def events(self, stack):
        """(LogicalResourceId, ResourceStatus, ResourceStatusReason) oldest first, every page."""
        return stack_events(self.cfn, stack)

    def create_two(self, **kwargs):
        """The two-parameter stack whose second parameter's name is already taken."""
        self.ssm.put_parameter(Name=self.prefix + "/taken", Value="mine", Type="String")
        return self.cfn.create_stack(
            StackName=self.name, TemplateBody=TWO_PARAMETERS.read_text(),
            Parameters=[{"ParameterKey": "FirstName", "ParameterValue": self.prefix + "/first"},
                        {"ParameterKey": "SecondName", "ParameterValue": self.prefix + "/taken"}],
            **kwargs)["StackId"]

    # The AWS CLI, as users drive it

    def test_cli_creates_a_stack_from_a_template_file_and_waits_for_it(self):
        out = self.aws("cloudformation", "create-stack", "--stack-name", self.name,
                       "--template-body", f"file://{SSM_PARAMETERS}",
                       "--parameters", f"ParameterKey=Prefix,ParameterValue={self.prefix}")
        self.assertTrue(out["StackId"].startswith(
            f"arn:aws:cloudformation:us-east-1:000000000000:stack/{self.name}/"))
        self.aws("cloudformation", "wait", "stack-create-complete", "--stack-name", self.name)
        stack = self.aws("cloudformation", "describe-stacks",
                         "--stack-name", self.name)["Stacks"][0]
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(stack["Outputs"], [
            {"OutputKey": "BaseName", "OutputValue": self.prefix + "/base",
             "Description": "the name of the first parameter"},
            {"OutputKey": "SummaryType", "OutputValue": "StringList"}])

    def test_values_pass_between_parameters_and_are_read_back_through_ssm(self):
        self.aws("cloudformation", "create-stack", "--stack-name", self.name,
                 "--template-body", f"file://{SSM_PARAMETERS}",
                 "--parameters", f"ParameterKey=Prefix,ParameterValue={self.prefix}",
                 "ParameterKey=Colour,ParameterValue=green")
        self.aws("cloudformation", "wait", "stack-create-complete", "--stack-name", self.name)
        get = lambda name: self.ssm.get_parameter(Name=name)["Parameter"]
        self.assertEqual(get(self.prefix + "/base")["Value"], "green")
        self.assertEqual(get(self.prefix + "/base/copy")["Value"], "green")
        summary = get(self.prefix + "/summary")
        self.assertEqual(summary["Type"], "StringList")
        self.assertEqual(summary["Value"], f"{self.prefix}/base/copy,green,{self.name}")

    def test_a_created_parameter_carries_the_stacks_and_cloudformations_tags(self):
        stack_id = self.cfn.create_stack(
            StackName=self.name, TemplateBody=SSM_PARAMETERS.read_text(),
            Parameters=[{"ParameterKey": "Prefix", "ParameterValue": self.prefix}],
            Tags=[{"Key": "team", "Value": "red"}])["StackId"]
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        tags = self.ssm.list_tags_for_resource(ResourceType="Parameter",
                                               ResourceId=self.prefix + "/summary")["TagList"]
        self.assertEqual(sorted((t["Key"], t["Value"]) for t in tags), [
            ("aws:cloudformation:logical-id", "Summary"),
            ("aws:cloudformation:stack-id", stack_id),
            ("aws:cloudformation:stack-name", self.name),
            ("team", "red"),
            ("tier", "config")])

    def test_cli_deletes_a_stack_and_waits_for_it(self):
        self.aws("cloudformation", "create-stack", "--stack-name", self.name,
                 "--template-body", f"file://{SSM_PARAMETERS}",
                 "--parameters", f"ParameterKey=Prefix,ParameterValue={self.prefix}")
        self.aws("cloudformation", "wait", "stack-create-complete", "--stack-name", self.name)
        stack_id = self.aws("cloudformation", "describe-stacks",
                            "--stack-name", self.name)["Stacks"][0]["StackId"]
        self.aws("cloudformation", "delete-stack", "--stack-name", self.name)
        self.aws("cloudformation", "wait", "stack-delete-complete", "--stack-name", self.name)
        self.assertEqual(self.error(self.ssm.get_parameter, Name=self.prefix + "/base")["Code"],
                         "ParameterNotFound")
        deleted = self.cfn.describe_stacks(StackName=stack_id)["Stacks"][0]
        self.assertEqual(deleted["StackStatus"], "DELETE_COMPLETE")
        self.assertIsInstance(deleted["DeletionTime"], datetime.datetime)
        error = self.error(self.cfn.describe_stacks, StackName=self.name)
        self.assertEqual(error["Message"], f"Stack with id {self.name} does not exist")

    # Events

    def test_events_are_in_aws_order(self):
        self.cfn.create_stack(
            StackName=self.name, TemplateBody=TWO_PARAMETERS.read_text(),
            Parameters=[{"ParameterKey": "FirstName", "ParameterValue": self.prefix + "/a"},
                        {"ParameterKey": "SecondName", "ParameterValue": self.prefix + "/b"}])
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        self.assertEqual(self.events(self.name), [
            (self.name, "CREATE_IN_PROGRESS", "User Initiated"),
            ("First", "CREATE_IN_PROGRESS", ""),
            ("First", "CREATE_IN_PROGRESS", "Resource creation Initiated"),
            ("First", "CREATE_COMPLETE", ""),
            ("Second", "CREATE_IN_PROGRESS", ""),
            ("Second", "CREATE_IN_PROGRESS", "Resource creation Initiated"),
            ("Second", "CREATE_COMPLETE", ""),
            (self.name, "CREATE_COMPLETE", "")])

    def test_a_resource_event_carries_its_id_physical_id_and_properties(self):
        self.cfn.create_stack(
            StackName=self.name, TemplateBody=TWO_PARAMETERS.read_text(),
            Parameters=[{"ParameterKey": "FirstName", "ParameterValue": self.prefix + "/a"},
                        {"ParameterKey": "SecondName", "ParameterValue": self.prefix + "/b"}])
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        events = self.cfn.describe_stack_events(StackName=self.name)["StackEvents"]
        complete = events[1]  # newest first: Second's CREATE_COMPLETE
        self.assertEqual(complete["LogicalResourceId"], "Second")
        self.assertEqual(complete["PhysicalResourceId"], self.prefix + "/b")
        self.assertEqual(complete["ResourceType"], "AWS::SSM::Parameter")
        self.assertEqual(json.loads(complete["ResourceProperties"]),
                         {"Name": self.prefix + "/b", "Type": "String", "Value": "second"})
        stamp = complete["Timestamp"].strftime("%Y-%m-%dT%H:%M:%S.") + \
            f"{complete['Timestamp'].microsecond // 1000:03d}Z"
        self.assertEqual(complete["EventId"], f"Second-CREATE_COMPLETE-{stamp}")

    # The three OnFailure outcomes, with a parameter whose name is taken

    def test_a_failed_resource_rolls_the_stack_back(self):
        self.create_two()
        # The model's stack_rollback_complete waits for UPDATE_ROLLBACK_COMPLETE (updates);
        # a creation that rolled back is a terminal failure of stack_create_complete.
        with self.assertRaises(WaiterError) as cm:
            self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name,
                                                              WaiterConfig=FAST)
        self.assertIn('matched expected path: "ROLLBACK_COMPLETE"', str(cm.exception))
        self.assertEqual(self.events(self.name)[6:], [
            ("Second", "CREATE_FAILED", TAKEN),
            (self.name, "ROLLBACK_IN_PROGRESS",
             "The following resource(s) failed to create: [Second]. Rollback requested by user."),
            ("Second", "DELETE_IN_PROGRESS", ""),
            ("Second", "DELETE_COMPLETE", ""),
            ("First", "DELETE_IN_PROGRESS", ""),
            ("First", "DELETE_COMPLETE", ""),
            (self.name, "ROLLBACK_COMPLETE", "")])
        self.assertEqual(self.error(self.ssm.get_parameter, Name=self.prefix + "/first")["Code"],
                         "ParameterNotFound")
        self.assertEqual(
            self.ssm.get_parameter(Name=self.prefix + "/taken")["Parameter"]["Value"], "mine")

    def test_on_failure_delete_deletes_the_stack(self):
        stack_id = self.create_two(OnFailure="DELETE")
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=self.name, WaiterConfig=FAST)
        stack = self.cfn.describe_stacks(StackName=stack_id)["Stacks"][0]
        self.assertEqual(stack["StackStatus"], "DELETE_COMPLETE")
        self.assertIn((self.name, "DELETE_IN_PROGRESS",
                       "The following resource(s) failed to create: [Second]. "
                       "Delete requested by user."), self.events(stack_id))
        self.assertEqual(self.error(self.ssm.get_parameter, Name=self.prefix + "/first")["Code"],
                         "ParameterNotFound")

    def test_on_failure_do_nothing_leaves_the_stack_create_failed(self):
        self.create_two(OnFailure="DO_NOTHING")
        with self.assertRaises(WaiterError) as cm:
            self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name,
                                                              WaiterConfig=FAST)
        self.assertIn("CREATE_FAILED", str(cm.exception))
        stack = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]
        self.assertEqual(stack["StackStatusReason"],
                         "The following resource(s) failed to create: [Second]. ")
        self.assertEqual(
            self.ssm.get_parameter(Name=self.prefix + "/first")["Parameter"]["Value"], "first")
        resources = self.cfn.describe_stack_resources(StackName=self.name)["StackResources"]
        self.assertEqual([(r["LogicalResourceId"], r["ResourceStatus"]) for r in resources],
                         [("First", "CREATE_COMPLETE"), ("Second", "CREATE_FAILED")])

    # CreateStack's options and errors

    def test_termination_protection_refuses_delete_stack(self):
        self.cfn.create_stack(StackName=self.name, TemplateBody=SSM_PARAMETERS.read_text(),
                              Parameters=[{"ParameterKey": "Prefix",
                                           "ParameterValue": self.prefix}],
                              EnableTerminationProtection=True)
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        error = self.error(self.cfn.delete_stack, StackName=self.name)
        self.assertEqual(error["Code"], "ValidationError")
        self.assertEqual(error["Message"],
                         f"Stack [{self.name}] cannot be deleted while TerminationProtection "
                         "is enabled")
        self.cfn.update_termination_protection(StackName=self.name,
                                               EnableTerminationProtection=False)
        self.cfn.delete_stack(StackName=self.name)
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=self.name, WaiterConfig=FAST)

    def test_a_retry_with_the_same_client_request_token_answers_the_same_stack(self):
        kwargs = dict(StackName=self.name, TemplateBody=SSM_PARAMETERS.read_text(),
                      Parameters=[{"ParameterKey": "Prefix", "ParameterValue": self.prefix}],
                      ClientRequestToken="retry-1")
        first = self.cfn.create_stack(**kwargs)["StackId"]
        self.assertEqual(self.cfn.create_stack(**kwargs)["StackId"], first)
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        events = self.cfn.describe_stack_events(StackName=self.name)["StackEvents"]
        self.assertEqual({e["ClientRequestToken"] for e in events}, {"retry-1"})
        error = self.error(self.cfn.create_stack, **dict(kwargs, ClientRequestToken="retry-2"))
        self.assertEqual((error["Code"], error["Message"]),
                         ("AlreadyExistsException", f"Stack [{self.name}] already exists"))

    def test_template_body_and_url_together_are_refused(self):
        error = self.error(self.cfn.create_stack, StackName=self.name, TemplateBody="{}",
                           TemplateURL="https://example.com/t.yaml")
        self.assertEqual(error["Message"], "You cannot specify both Template URL and Template Body.")

    def test_a_template_url_outside_s3_is_not_supported(self):
        error = self.error(self.cfn.create_stack, StackName=self.name,
                           TemplateURL="https://example.com/dummy.yml")
        self.assertEqual((error["Code"], error["Message"]),
                         ("ValidationError", "TemplateURL must be a supported URL."))

    def test_an_iam_resource_needs_a_capability(self):
        body = json.dumps({"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {}}}}})
        error = self.error(self.cfn.create_stack, StackName=self.name, TemplateBody=body)
        self.assertEqual((error["Code"], error["Message"]),
                         ("InsufficientCapabilitiesException",
                          "Requires capabilities : [CAPABILITY_IAM]"))

    def test_describe_stacks_answers_the_stack_as_boto3_models_it(self):
        stack_id = self.cfn.create_stack(
            StackName=self.name, TemplateBody=SSM_PARAMETERS.read_text(),
            Parameters=[{"ParameterKey": "Prefix", "ParameterValue": self.prefix}],
            TimeoutInMinutes=5, NotificationARNs=[], Tags=[{"Key": "k", "Value": "v"}])["StackId"]
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        stack = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]
        self.assertEqual(stack["StackId"], stack_id)
        self.assertEqual(stack["Description"], "SSM parameters that pass values to each other "
                         "with Ref, Fn::GetAtt and Fn::Sub.")
        self.assertEqual(stack["Parameters"], [
            {"ParameterKey": "Prefix", "ParameterValue": self.prefix},
            {"ParameterKey": "Colour", "ParameterValue": "blue"}])
        self.assertIsInstance(stack["CreationTime"], datetime.datetime)
        self.assertEqual(stack["TimeoutInMinutes"], 5)
        self.assertEqual(stack["NotificationARNs"], [])
        self.assertEqual(stack["Tags"], [{"Key": "k", "Value": "v"}])
        self.assertEqual(stack["DisableRollback"], False)
        self.assertEqual(stack["EnableTerminationProtection"], False)
        self.assertEqual(stack["DriftInformation"], {"StackDriftStatus": "NOT_CHECKED"})

    def test_get_template_answers_the_body_as_sent(self):
        body = SSM_PARAMETERS.read_text()
        self.cfn.create_stack(StackName=self.name, TemplateBody=body,
                              Parameters=[{"ParameterKey": "Prefix",
                                           "ParameterValue": self.prefix}])
        self.assertEqual(self.cfn.get_template(StackName=self.name)["TemplateBody"], body)

    def test_validate_template_lists_the_parameters(self):
        out = self.cfn.validate_template(TemplateBody=SSM_PARAMETERS.read_text())
        self.assertEqual(out["Parameters"], [
            {"ParameterKey": "Prefix", "NoEcho": False,
             "Description": "the hierarchy the parameters are created under"},
            {"ParameterKey": "Colour", "DefaultValue": "blue", "NoEcho": False}])


class CloudFormationRestartTest(EmulatorTestCase):
    """A stack whose deployment is under way when nimbus stops is finished by the next start
    over the same --data-dir."""

    def test_a_restart_finishes_a_deployment_under_way(self):
        import shutil
        import tempfile
        from harness import Nimbus
        data = tempfile.mkdtemp(prefix="nimbus-cfn-")
        self.addCleanup(shutil.rmtree, data, ignore_errors=True)
        first = Nimbus("--data-dir", data, "--async-delay-ms", "5000")
        try:
            self.endpoint = first.endpoint
            cfn = self.client("cloudformation")
            cfn.create_stack(
                StackName="restarted", TemplateBody=TWO_PARAMETERS.read_text(),
                Parameters=[{"ParameterKey": "FirstName", "ParameterValue": "/restart/a"},
                            {"ParameterKey": "SecondName", "ParameterValue": "/restart/b"}])
            self.assertEqual(cfn.describe_stacks(StackName="restarted")["Stacks"][0]
                             ["StackStatus"], "CREATE_IN_PROGRESS")
        finally:
            self.assertEqual(first.stop(), 0)
        second = Nimbus("--data-dir", data)
        try:
            self.endpoint = second.endpoint
            cfn = self.client("cloudformation")
            cfn.get_waiter("stack_create_complete").wait(StackName="restarted",
                                                         WaiterConfig=FAST)
            self.assertEqual(self.client("ssm").get_parameter(Name="/restart/b")["Parameter"]
                             ["Value"], "second")
        finally:
            self.assertEqual(second.stop(), 0)
