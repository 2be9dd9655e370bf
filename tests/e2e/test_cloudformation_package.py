"""CloudFormation through nimbus's S3 against the real binary: TemplateURL in every URL form AWS
accepts, StackPolicyURL, AWS::Include, and `aws cloudformation package` + `deploy` as users run
them, a nested stack's local TemplateURL included."""
import json
import os
import pathlib
import tempfile
from unittest import mock

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "data" / "templates"
INCLUDE_MAIN = TEMPLATES / "include_main.yaml"
NESTED_PARENT = TEMPLATES / "package_nested_parent.yaml"
FAST = {"Delay": 1, "MaxAttempts": 30}
MORE_INFO = "\nFor more information check http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html"


def parameter_template(name, value="from-s3"):
    return json.dumps({"Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {
        "Name": name, "Type": "String", "Value": value}}}})


class CloudFormationPackageTest(EmulatorTestCase):
    def setUp(self):
        self.cfn = self.client("cloudformation")
        self.s3 = self.client("s3")
        self.ssm = self.client("ssm")
        self.bucket = self.unique("templates")
        self.s3.create_bucket(Bucket=self.bucket)
        self.prefix = "/" + self.unique("pkg")

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        return cm.exception.response["Error"]["Code"], cm.exception.response["Error"]["Message"]

    def cli_with_s3(self, *args):
        """The AWS CLI with its S3 client sent to nimbus too (`package` and `deploy` make that
        client themselves, without the --endpoint-url given for CloudFormation); its text output.
        """
        with mock.patch.dict(os.environ, {"AWS_ENDPOINT_URL_S3": self.endpoint}):
            result = self.aws(*args, check=False)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result.stdout

    def put(self, key, body):
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body.encode())

    def test_create_stack_reads_the_template_from_every_url_form(self):
        b, port = self.bucket, self.endpoint.rsplit(":", 1)[1]
        forms = [f"https://{b}.s3.amazonaws.com/{{k}}",
                 f"https://{b}.s3.us-east-1.amazonaws.com/{{k}}",
                 f"https://{b}.s3-us-east-1.amazonaws.com/{{k}}",
                 f"http://{b}.s3.amazonaws.com/{{k}}",
                 f"https://s3.amazonaws.com/{b}/{{k}}",
                 f"https://s3.us-east-1.amazonaws.com/{b}/{{k}}",
                 f"https://s3-us-east-1.amazonaws.com/{b}/{{k}}",
                 f"http://127.0.0.1:{port}/{b}/{{k}}",
                 f"http://localhost:{port}/{b}/{{k}}",
                 f"http://{b}.localhost:{port}/{{k}}"]
        for i, form in enumerate(forms):
            name = f"{self.prefix}/form-{i}"
            self.put(f"dir/form {i}.json", parameter_template(name))
            url = form.format(k=f"dir/form%20{i}.json")
            stack = self.unique("form")
            self.cfn.create_stack(StackName=stack, TemplateURL=url)
            self.cfn.get_waiter("stack_create_complete").wait(StackName=stack, WaiterConfig=FAST)
            self.assertEqual(self.ssm.get_parameter(Name=name)["Parameter"]["Value"], "from-s3",
                             url)

    def test_validate_template_and_summary_read_the_template_url(self):
        self.put("t.json", json.dumps({"Description": "from a bucket", "Resources": {
            "P": {"Type": "AWS::SSM::Parameter",
                  "Properties": {"Type": "String", "Value": "v"}}}}))
        url = f"https://{self.bucket}.s3.amazonaws.com/t.json"
        self.assertEqual(self.cfn.validate_template(TemplateURL=url)["Description"],
                         "from a bucket")
        self.assertEqual(self.cfn.get_template_summary(TemplateURL=url)["ResourceTypes"],
                         ["AWS::SSM::Parameter"])

    def test_update_stack_and_change_sets_read_the_template_url(self):
        name = self.prefix + "/updated"
        self.put("v1.json", parameter_template(name, "one"))
        self.put("v2.json", parameter_template(name, "two"))
        stack = self.unique("update")
        self.cfn.create_stack(StackName=stack,
                              TemplateURL=f"https://s3.amazonaws.com/{self.bucket}/v1.json")
        self.cfn.get_waiter("stack_create_complete").wait(StackName=stack, WaiterConfig=FAST)
        self.cfn.create_change_set(StackName=stack, ChangeSetName="to-two",
                                   TemplateURL=f"https://s3.amazonaws.com/{self.bucket}/v2.json")
        self.cfn.get_waiter("change_set_create_complete").wait(
            StackName=stack, ChangeSetName="to-two", WaiterConfig=FAST)
        self.cfn.execute_change_set(StackName=stack, ChangeSetName="to-two")
        self.cfn.get_waiter("stack_update_complete").wait(StackName=stack, WaiterConfig=FAST)
        self.assertEqual(self.ssm.get_parameter(Name=name)["Parameter"]["Value"], "two")
        self.cfn.update_stack(StackName=stack,
                              TemplateURL=f"https://s3.amazonaws.com/{self.bucket}/v1.json")
        self.cfn.get_waiter("stack_update_complete").wait(StackName=stack, WaiterConfig=FAST)
        self.assertEqual(self.ssm.get_parameter(Name=name)["Parameter"]["Value"], "one")

    def test_a_missing_key_is_s3s_error(self):
        self.assertEqual(
            self.error(self.cfn.validate_template,
                       TemplateURL=f"https://{self.bucket}.s3.amazonaws.com/missing.json"),
            ("ValidationError", "S3 error: The specified key does not exist." + MORE_INFO))

    def test_a_missing_bucket_is_s3s_error(self):
        self.assertEqual(
            self.error(self.cfn.create_stack, StackName=self.unique("missing"),
                       TemplateURL=f"https://s3.amazonaws.com/{self.unique('nobucket')}/t.json"),
            ("ValidationError", "S3 error: The specified bucket does not exist" + MORE_INFO))

    def test_another_accounts_object_is_access_denied(self):
        self.put("t.json", parameter_template(self.prefix + "/theirs"))
        other = self.client("cloudformation", access_key="444455556666")
        self.assertEqual(
            self.error(other.validate_template,
                       TemplateURL=f"https://{self.bucket}.s3.amazonaws.com/t.json"),
            ("ValidationError", "S3 error: Access Denied" + MORE_INFO))

    def test_a_template_above_460800_bytes_is_refused(self):
        self.put("big.yaml", "Resources: {}\n" + "#" * 460800 + "\n")
        self.assertEqual(
            self.error(self.cfn.validate_template,
                       TemplateURL=f"https://{self.bucket}.s3.amazonaws.com/big.yaml"),
            ("ValidationError", "Template may not exceed 460800 bytes in size."))

    def test_other_urls_keep_awss_errors(self):
        self.assertEqual(
            self.error(self.cfn.validate_template, TemplateURL="https://example.com/t.json"),
            ("ValidationError", "TemplateURL must be a supported URL."))
        self.assertEqual(
            self.error(self.cfn.validate_template, TemplateURL=f"s3://{self.bucket}/t.json"),
            ("ValidationError",
             f"S3 error: Domain name specified in {self.bucket} is not a valid S3 domain"))

    def test_stack_policy_url_is_read_and_kept(self):
        policy = json.dumps({"Statement": [{"Effect": "Allow", "Action": "Update:*",
                                            "Principal": "*", "Resource": "*"}]})
        self.put("policy.json", policy)
        stack = self.unique("policy")
        self.cfn.create_stack(StackName=stack,
                              TemplateBody=parameter_template(self.prefix + "/policy"),
                              StackPolicyURL=f"https://{self.bucket}.s3.amazonaws.com/policy.json")
        self.assertEqual(self.cfn.get_stack_policy(StackName=stack)["StackPolicyBody"], policy)

    def test_set_stack_policy_reads_its_url(self):
        stack = self.unique("policy")
        self.cfn.create_stack(StackName=stack,
                              TemplateBody=parameter_template(self.prefix + "/set-policy"))
        policy = json.dumps({"Statement": [{"Effect": "Deny", "Action": "Update:*",
                                            "Principal": "*", "Resource": "*"}]})
        self.put("deny.json", policy)
        self.cfn.set_stack_policy(
            StackName=stack, StackPolicyURL=f"https://s3.amazonaws.com/{self.bucket}/deny.json")
        self.assertEqual(self.cfn.get_stack_policy(StackName=stack)["StackPolicyBody"], policy)
        self.assertEqual(
            self.error(self.cfn.set_stack_policy, StackName=stack,
                       StackPolicyURL=f"https://s3.amazonaws.com/{self.bucket}/missing.json"),
            ("ValidationError", "S3 error: The specified key does not exist." + MORE_INFO))

    def test_an_include_of_a_missing_bucket_fails_as_aws_words_it(self):
        body = json.dumps({"Resources": {"Fn::Transform": {
            "Name": "AWS::Include", "Parameters": {"Location": "s3://doesnotexist/x.yaml"}}}})
        self.assertEqual(
            self.error(self.cfn.create_stack, StackName=self.unique("include"), TemplateBody=body),
            ("ValidationError",
             "Transform AWS::Include failed with: S3 bucket [doesnotexist] does not exist."))

    def test_get_template_shows_the_include_before_and_after_processing(self):
        self.put("snippet.json", json.dumps({"Included": {"Type": "AWS::SSM::Parameter",
                                                          "Properties": {"Type": "String",
                                                                         "Value": "snippet"}}}))
        include = {"Fn::Transform": {"Name": "AWS::Include",
                                     "Parameters": {"Location": f"s3://{self.bucket}/snippet.json"}}}
        body = json.dumps({"Resources": include})
        stack = self.unique("include")
        self.cfn.create_stack(StackName=stack, TemplateBody=body)
        self.cfn.get_waiter("stack_create_complete").wait(StackName=stack, WaiterConfig=FAST)
        self.assertEqual(self.cfn.get_template(StackName=stack)["TemplateBody"], {"Resources": include})
        processed = self.cfn.get_template(StackName=stack, TemplateStage="Processed")
        self.assertEqual(processed["TemplateBody"]["Resources"]["Included"]["Properties"]["Value"],
                         "snippet")

    def test_package_then_deploy_an_include_of_a_local_file(self):
        stack, name = self.unique("packaged"), self.prefix + "/included"
        with tempfile.TemporaryDirectory() as tmp:
            packaged = pathlib.Path(tmp) / "packaged.yaml"
            self.cli_with_s3("cloudformation", "package", "--template-file", str(INCLUDE_MAIN),
                             "--s3-bucket", self.bucket, "--output-template-file", str(packaged))
            self.assertIn(f"s3://{self.bucket}/", packaged.read_text())
            self.cli_with_s3("cloudformation", "deploy", "--template-file", str(packaged),
                             "--stack-name", stack, "--parameter-overrides", f"ParameterName={name}")
        self.assertEqual(self.ssm.get_parameter(Name=name)["Parameter"]["Value"], "included-value")
        outputs = self.cfn.describe_stacks(StackName=stack)["Stacks"][0]["Outputs"]
        self.assertEqual([(o["OutputKey"], o["OutputValue"]) for o in outputs],
                         [("IncludedName", name)])

    def package_and_deploy_nested(self, stack):
        with tempfile.TemporaryDirectory() as tmp:
            packaged = pathlib.Path(tmp) / "packaged.yaml"
            self.cli_with_s3("cloudformation", "package", "--template-file", str(NESTED_PARENT),
                             "--s3-bucket", self.bucket, "--output-template-file", str(packaged))
            self.cli_with_s3("cloudformation", "deploy", "--template-file", str(packaged),
                             "--stack-name", stack, "--parameter-overrides",
                             f"Prefix={self.prefix}")
            return packaged.read_text()

    def test_package_rewrites_a_nested_stacks_local_template_url_to_nimbus_s3(self):
        packaged = self.package_and_deploy_nested(self.unique("nested"))
        # The CLI's path-style URL of its S3 client's endpoint, which is nimbus's.
        self.assertIn(f"TemplateURL: {self.endpoint}/{self.bucket}/", packaged)
        self.assertNotIn("package_nested_child.yaml", packaged)

    def test_deploy_of_a_packaged_nested_stack_creates_the_tree(self):
        stack = self.unique("nested")
        self.package_and_deploy_nested(stack)
        root = self.cfn.describe_stacks(StackName=stack)["Stacks"][0]
        child_id = self.cfn.describe_stack_resource(
            StackName=stack, LogicalResourceId="Child")["StackResourceDetail"]["PhysicalResourceId"]
        child = self.cfn.describe_stacks(StackName=child_id)["Stacks"][0]
        self.assertEqual((root["StackStatus"], child["StackStatus"]),
                         ("CREATE_COMPLETE", "CREATE_COMPLETE"))
        self.assertEqual((child["ParentId"], child["RootId"]), (root["StackId"], root["StackId"]))

    def test_outputs_of_a_packaged_nested_stack_come_up_to_the_parent(self):
        stack = self.unique("nested")
        self.package_and_deploy_nested(stack)
        outputs = self.cfn.describe_stacks(StackName=stack)["Stacks"][0]["Outputs"]
        self.assertEqual({o["OutputKey"]: o["OutputValue"] for o in outputs},
                         {"ChildName": self.prefix + "/leaf",
                          "IncludedName": self.prefix + "/included"})
        self.assertEqual(self.ssm.get_parameter(Name=self.prefix + "/leaf")["Parameter"]["Value"],
                         "packaged-child")
        self.assertEqual(
            self.ssm.get_parameter(Name=self.prefix + "/included")["Parameter"]["Value"],
            "included-value")

    def test_deploy_uploads_a_template_above_51200_bytes_and_passes_its_url(self):
        stack, name = self.unique("large"), self.prefix + "/large"
        body = (f"Resources:\n  P:\n    Type: AWS::SSM::Parameter\n    Properties:\n"
                f"      Name: {name}\n      Type: String\n      Value: large\n"
                + ("# padding to go past the TemplateBody limit\n" * 1300))
        self.assertGreater(len(body), 51200)
        with tempfile.TemporaryDirectory() as tmp:
            template = pathlib.Path(tmp) / "large.yaml"
            template.write_text(body)
            self.cli_with_s3("cloudformation", "deploy", "--template-file", str(template),
                             "--stack-name", stack, "--s3-bucket", self.bucket, "--s3-prefix", "big")
        self.assertEqual(self.ssm.get_parameter(Name=name)["Parameter"]["Value"], "large")
        keys = [o["Key"] for o in self.s3.list_objects_v2(Bucket=self.bucket,
                                                          Prefix="big/")["Contents"]]
        self.assertEqual(len(keys), 1)
        self.assertEqual(self.cfn.get_template(StackName=stack)["TemplateBody"], body)
