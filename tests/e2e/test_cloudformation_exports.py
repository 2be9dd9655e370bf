"""CloudFormation exports and imports, request tokens and template URLs against the real binary:
the AWS CLI as users drive it (create-stack, wait, describe-stack-events, list-exports,
list-imports) and boto3 for the error codes."""
import pathlib
import time

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "data" / "templates"
EXPORTING = TEMPLATES / "exporting_stack.yaml"
EXPORTING_VALUE = TEMPLATES / "exporting_value.yaml"
IMPORTING = TEMPLATES / "importing_stack.yaml"
# Waiters poll every second here rather than AWS's 30.
FAST = {"Delay": 1, "MaxAttempts": 30}
NO_SUCH_BUCKET = ("S3 error: The specified bucket does not exist\nFor more information check "
                  "http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html")


class CloudFormationExportsTest(EmulatorTestCase):
    def setUp(self):
        self.cfn = self.client("cloudformation")
        self.ssm = self.client("ssm")
        self.export = self.unique("export")
        self.prefix = "/" + self.unique("e2e")

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        return cm.exception.response["Error"]

    def cli_create(self, stack, template, parameter):
        """create-stack with a template file, then wait stack-create-complete; the StackId."""
        out = self.aws("cloudformation", "create-stack", "--stack-name", stack,
                       "--template-body", f"file://{template}", "--parameters",
                       f"ParameterKey=ParameterName,ParameterValue={parameter}",
                       f"ParameterKey=ExportName,ParameterValue={self.export}")
        self.aws("cloudformation", "wait", "stack-create-complete", "--stack-name", stack)
        return out["StackId"]

    def settled(self, stack):
        """The stack once its operation is over (ends in _COMPLETE or _FAILED)."""
        for _ in range(300):
            described = self.cfn.describe_stacks(StackName=stack)["Stacks"][0]
            if not described["StackStatus"].endswith("_IN_PROGRESS"):
                return described
            time.sleep(0.05)
        self.fail(f"{stack} is still in progress")

    def test_cli_exports_a_value_that_another_stack_imports(self):
        exporter, importer = self.unique("exporter"), self.unique("importer")
        exporter_id = self.cli_create(exporter, EXPORTING, self.prefix + "/shared")
        events = self.aws("cloudformation", "describe-stack-events",
                          "--stack-name", exporter)["StackEvents"]
        self.assertEqual([(e["LogicalResourceId"], e["ResourceStatus"],
                           e.get("ResourceStatusReason", "")) for e in reversed(events)],
                         [(exporter, "CREATE_IN_PROGRESS", "User Initiated"),
                          ("Shared", "CREATE_IN_PROGRESS", ""),
                          ("Shared", "CREATE_IN_PROGRESS", "Resource creation Initiated"),
                          ("Shared", "CREATE_COMPLETE", ""),
                          (exporter, "CREATE_COMPLETE", "")])
        exports = self.aws("cloudformation", "list-exports")["Exports"]
        self.assertIn({"ExportingStackId": exporter_id, "Name": self.export,
                       "Value": "shared-value"}, exports)

        self.cli_create(importer, IMPORTING, self.prefix + "/copy")
        self.assertEqual(self.ssm.get_parameter(Name=self.prefix + "/copy")["Parameter"]["Value"],
                         "shared-value")
        self.assertEqual(self.aws("cloudformation", "list-imports", "--export-name",
                                  self.export)["Imports"], [importer])

    def test_a_stack_whose_export_is_imported_cannot_be_deleted(self):
        exporter, importer = self.unique("exporter"), self.unique("importer")
        self.cli_create(exporter, EXPORTING, self.prefix + "/shared")
        self.cli_create(importer, IMPORTING, self.prefix + "/copy")
        self.cfn.delete_stack(StackName=exporter)
        described = self.settled(exporter)
        self.assertEqual((described["StackStatus"], described["StackStatusReason"]),
                         ("CREATE_COMPLETE",
                          f"Export {self.export} cannot be deleted as it is in use by {importer}"))
        self.assertEqual(self.ssm.get_parameter(Name=self.prefix + "/shared")["Parameter"]["Value"],
                         "shared-value")

        self.cfn.delete_stack(StackName=importer)
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=importer, WaiterConfig=FAST)
        self.assertEqual(self.error(self.cfn.list_imports, ExportName=self.export),
                         {"Type": "Sender", "Code": "ValidationError",
                          "Message": f"Export '{self.export}' is not imported by any stack."})
        self.cfn.delete_stack(StackName=exporter)
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=exporter, WaiterConfig=FAST)
        self.assertNotIn(self.export, [e["Name"] for e in self.cfn.list_exports()["Exports"]])

    def test_an_import_of_an_unknown_export_rolls_back_before_any_resource(self):
        stack = self.unique("importer")
        self.cfn.create_stack(
            StackName=stack, TemplateBody=IMPORTING.read_text(),
            Parameters=[{"ParameterKey": "ParameterName", "ParameterValue": self.prefix + "/c"},
                        {"ParameterKey": "ExportName", "ParameterValue": self.export}])
        described = self.settled(stack)
        self.assertEqual((described["StackStatus"], described.get("StackStatusReason", "")),
                         ("ROLLBACK_COMPLETE", ""))
        events = self.cfn.describe_stack_events(StackName=stack)["StackEvents"]
        self.assertEqual([(e["ResourceStatus"], e.get("ResourceStatusReason", ""))
                          for e in reversed(events)],
                         [("CREATE_IN_PROGRESS", "User Initiated"),
                          ("ROLLBACK_IN_PROGRESS",
                           f"No export named {self.export} found. Rollback requested by user."),
                          ("ROLLBACK_COMPLETE", "")])

    def test_a_second_stack_exporting_the_same_name_fails(self):
        first, second = self.unique("exporter"), self.unique("exporter")
        self.cli_create(first, EXPORTING, self.prefix + "/one")
        self.cfn.create_stack(
            StackName=second, TemplateBody=EXPORTING.read_text(),
            Parameters=[{"ParameterKey": "ParameterName", "ParameterValue": self.prefix + "/two"},
                        {"ParameterKey": "ExportName", "ParameterValue": self.export}])
        described = self.settled(second)
        self.assertEqual(described["StackStatus"], "ROLLBACK_COMPLETE")
        rollback = [e for e in self.cfn.describe_stack_events(StackName=second)["StackEvents"]
                    if e["ResourceStatus"] == "ROLLBACK_IN_PROGRESS"]
        self.assertEqual(rollback[0]["ResourceStatusReason"],
                         f"Export with name {self.export} is already exported by stack {first}. "
                         "Rollback requested by user.")

    def test_a_deleted_stacks_token_is_token_already_exists(self):
        stack = self.unique("stack")
        body = EXPORTING.read_text()
        parameters = [{"ParameterKey": "ParameterName", "ParameterValue": self.prefix + "/t"},
                      {"ParameterKey": "ExportName", "ParameterValue": self.export}]
        first = self.cfn.create_stack(StackName=stack, TemplateBody=body, Parameters=parameters,
                                      ClientRequestToken="token-1")["StackId"]
        self.cfn.get_waiter("stack_create_complete").wait(StackName=stack, WaiterConfig=FAST)
        self.assertEqual(self.cfn.create_stack(StackName=stack, TemplateBody=body,
                                               Parameters=parameters,
                                               ClientRequestToken="token-1")["StackId"], first)
        self.cfn.delete_stack(StackName=stack, ClientRequestToken="token-2")
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=first, WaiterConfig=FAST)
        tokens = {e["ResourceStatus"]: e.get("ClientRequestToken")
                  for e in self.cfn.describe_stack_events(StackName=first)["StackEvents"]
                  if e["LogicalResourceId"] == stack}
        self.assertEqual((tokens["CREATE_COMPLETE"], tokens["DELETE_COMPLETE"]),
                         ("token-1", "token-2"))
        self.assertEqual(
            self.error(self.cfn.create_stack, StackName=stack, TemplateBody=body,
                       Parameters=parameters, ClientRequestToken="token-1"),
            {"Type": "Sender", "Code": "TokenAlreadyExistsException",
             "Message": "The client request token token-1 has already been used for this stack. "
                        "Retry the request with a different client request token"})

    def test_template_urls_of_a_missing_bucket_are_refused_by_every_operation(self):
        s3 = "https://bucket.s3.amazonaws.com/template.yaml"
        for call, kwargs in ((self.cfn.validate_template, {}),
                             (self.cfn.get_template_summary, {}),
                             (self.cfn.create_stack, {"StackName": self.unique("stack")})):
            self.assertEqual(self.error(call, TemplateURL=s3, **kwargs)["Message"],
                             NO_SUCH_BUCKET)
            self.assertEqual(self.error(call, TemplateURL="https://example.com/t.yaml",
                                        **kwargs)["Message"],
                             "TemplateURL must be a supported URL.")
        self.assertEqual(
            self.error(self.cfn.create_stack, StackName=self.unique("stack"),
                       TemplateBody=EXPORTING.read_text(),
                       StackPolicyURL="https://bucket.s3.amazonaws.com/policy.json")["Message"],
            NO_SUCH_BUCKET)

    def value_stack(self, stack, value, **kwargs):
        """create_stack or update_stack (kwargs["call"]) of exporting_value.yaml exporting `value`;
        the stack once settled."""
        call = kwargs.pop("call", self.cfn.create_stack)
        call(StackName=stack, TemplateBody=EXPORTING_VALUE.read_text(),
             Parameters=[{"ParameterKey": "ParameterName",
                          "ParameterValue": self.prefix + "/" + stack},
                         {"ParameterKey": "ExportName", "ParameterValue": self.export},
                         {"ParameterKey": "Value", "ParameterValue": value}], **kwargs)
        return self.settled(stack)

    def importer_stack(self):
        stack = self.unique("importer")
        self.cfn.create_stack(
            StackName=stack, TemplateBody=IMPORTING.read_text(),
            Parameters=[{"ParameterKey": "ParameterName", "ParameterValue": self.prefix + "/copy"},
                        {"ParameterKey": "ExportName", "ParameterValue": self.export}])
        self.assertEqual(self.settled(stack)["StackStatus"], "CREATE_COMPLETE")
        return stack

    def rollback_reason(self, stack):
        return [e.get("ResourceStatusReason", "")
                for e in self.cfn.describe_stack_events(StackName=stack)["StackEvents"]
                if e["ResourceStatus"] == "UPDATE_ROLLBACK_IN_PROGRESS"][0]

    def test_an_update_that_changes_an_imported_export_rolls_back(self):
        exporter = self.unique("exporter")
        self.value_stack(exporter, "v1")
        importer = self.importer_stack()
        described = self.value_stack(exporter, "v2", call=self.cfn.update_stack)
        self.assertEqual(described["StackStatus"], "UPDATE_ROLLBACK_COMPLETE")
        self.assertEqual(self.rollback_reason(exporter),
                         f"Cannot update export {self.export} as it is in use by {importer}. ")
        self.assertIn({"ExportingStackId": described["StackId"], "Name": self.export,
                       "Value": "v1"}, self.cfn.list_exports()["Exports"])
        self.assertEqual(
            self.ssm.get_parameter(Name=f"{self.prefix}/{exporter}")["Parameter"]["Value"], "v1")

    def test_an_update_that_stops_importing_releases_the_export(self):
        exporter = self.unique("exporter")
        self.value_stack(exporter, "v1")
        importer = self.importer_stack()
        self.cfn.update_stack(
            StackName=importer, TemplateBody=EXPORTING_VALUE.read_text().split("Outputs:")[0],
            Parameters=[{"ParameterKey": "ParameterName", "ParameterValue": self.prefix + "/own"},
                        {"ParameterKey": "ExportName", "ParameterValue": self.export},
                        {"ParameterKey": "Value", "ParameterValue": "own"}])
        self.cfn.get_waiter("stack_update_complete").wait(StackName=importer, WaiterConfig=FAST)
        self.assertEqual(self.error(self.cfn.list_imports, ExportName=self.export)["Message"],
                         f"Export '{self.export}' is not imported by any stack.")
        described = self.value_stack(exporter, "v2", call=self.cfn.update_stack)
        self.assertEqual(described["StackStatus"], "UPDATE_COMPLETE")
        self.assertIn({"ExportingStackId": described["StackId"], "Name": self.export,
                       "Value": "v2"}, self.cfn.list_exports()["Exports"])

    def test_update_stack_with_the_creation_token_is_token_already_exists(self):
        stack = self.unique("exporter")
        self.value_stack(stack, "v1", ClientRequestToken="create-1")
        self.assertEqual(
            self.error(lambda: self.value_stack(stack, "v2", call=self.cfn.update_stack,
                                                ClientRequestToken="create-1"))["Code"],
            "TokenAlreadyExistsException")
        first = self.value_stack(stack, "v2", call=self.cfn.update_stack,
                                 ClientRequestToken="update-1")
        self.assertEqual(first["StackStatus"], "UPDATE_COMPLETE")
        retried = self.cfn.update_stack(
            StackName=stack, TemplateBody=EXPORTING_VALUE.read_text(),
            Parameters=[{"ParameterKey": "ParameterName", "ParameterValue": f"{self.prefix}/{stack}"},
                        {"ParameterKey": "ExportName", "ParameterValue": self.export},
                        {"ParameterKey": "Value", "ParameterValue": "v3"}],
            ClientRequestToken="update-1")
        self.assertEqual(retried["StackId"], first["StackId"])
        self.assertEqual(self.settled(stack)["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(
            self.ssm.get_parameter(Name=f"{self.prefix}/{stack}")["Parameter"]["Value"], "v2")
