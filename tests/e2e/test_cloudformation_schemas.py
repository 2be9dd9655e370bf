"""Simulated types are validated against CloudFormation's registry schema, not cfn-lint's
additions: a Lambda runtime cfn-lint does not list is created through the AWS CLI; a handler
that breaks the schema's own pattern fails in AWS's words; and DeleteStack's RetainResources
outside DELETE_FAILED is refused in AWS's words."""
import json
import pathlib

from botocore.exceptions import ClientError, WaiterError

from harness import EmulatorTestCase

TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "data" / "templates"
FUTURE_RUNTIME = TEMPLATES / "lambda_future_runtime.yaml"
FAST = {"Delay": 1, "MaxAttempts": 30}


class RegistrySchemaValidationTest(EmulatorTestCase):
    def setUp(self):
        self.cfn = self.client("cloudformation")

    def test_a_runtime_missing_from_cfn_lints_list_is_created(self):
        name = self.unique("runtime")
        self.aws("cloudformation", "create-stack", "--stack-name", name,
                 "--template-body", f"file://{FUTURE_RUNTIME}")
        self.aws("cloudformation", "wait", "stack-create-complete", "--stack-name", name)
        stack = self.aws("cloudformation", "describe-stacks", "--stack-name", name)["Stacks"][0]
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")

    def test_a_handler_that_breaks_the_schemas_pattern_fails_in_awss_words(self):
        name = self.unique("handler")
        body = json.dumps({"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
            "Code": {"ZipFile": "x"}, "Role": "arn:aws:iam::000000000000:role/r",
            "Runtime": "nodejs99.x", "Handler": "index handler"}}}})
        self.cfn.create_stack(StackName=name, TemplateBody=body)
        with self.assertRaises(WaiterError):  # the waiter's failure state: ROLLBACK_COMPLETE
            self.cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig=FAST)
        events = self.cfn.describe_stack_events(StackName=name)["StackEvents"]
        failed = [e for e in events if e["ResourceStatus"] == "CREATE_FAILED"]
        self.assertEqual(failed[0]["ResourceStatusReason"],
                         "Property validation failure: [Value for property {/Handler} does not "
                         "match pattern {^[^\\s]+$}]")

    def test_retain_resources_outside_delete_failed_is_refused_in_awss_words(self):
        name = self.unique("retain")
        self.aws("cloudformation", "create-stack", "--stack-name", name,
                 "--template-body", f"file://{FUTURE_RUNTIME}")
        self.aws("cloudformation", "wait", "stack-create-complete", "--stack-name", name)
        stack_id = self.cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
        with self.assertRaises(ClientError) as cm:
            self.cfn.delete_stack(StackName=name, RetainResources=["Fn"])
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         f"Invalid operation on stack [{stack_id}]. When you delete a stack, "
                         "specify which resources to retain only when the stack is in the "
                         "DELETE_FAILED state.")
