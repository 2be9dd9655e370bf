"""Terraform's aws_cloudformation_stack (hashicorp/aws 5.100.0 from the offline mirror) against
nimbus: a stack of SSM parameters with parameters, outputs and tags is applied, a second plan
shows no changes, and destroy deletes it. The parameters are checked with boto3 in between."""
import json
import pathlib
import tempfile
import unittest

from botocore.exceptions import ClientError

from harness import EmulatorTestCase
from terraform_support import aws_provider, provider_available, run_terraform, write_config

TEMPLATE = (pathlib.Path(__file__).resolve().parents[1] / "data" / "templates" /
            "terraform_ssm_stack.yaml")


MAIN_TF = """
resource "aws_cloudformation_stack" "params" {
  name          = "%(stack)s"
  template_body = file("%(template)s")
  parameters = {
    Prefix = "%(prefix)s"
    Colour = "green"
  }
  tags = {
    team = "platform"
  }
}

output "base_name" {
  value = aws_cloudformation_stack.params.outputs["BaseName"]
}

output "copy_value" {
  value = aws_cloudformation_stack.params.outputs["CopyValue"]
}
"""


@unittest.skipUnless(provider_available(), "terraform or the hashicorp/aws mirror is missing")
class CloudFormationTerraformTest(EmulatorTestCase):
    def terraform(self, workdir, *args, check=True):
        return run_terraform(self, workdir, *args, ok=(0,) if check else None)

    def parameter(self, ssm, name):
        try:
            return ssm.get_parameter(Name=name)["Parameter"]["Value"]
        except ClientError as error:
            return error.response["Error"]["Code"]

    def test_apply_plan_and_destroy_a_stack_of_ssm_parameters(self):
        stack = self.unique("tf-stack")
        prefix = "/" + self.unique("tf")
        cfn = self.client("cloudformation")
        ssm = self.client("ssm")
        with tempfile.TemporaryDirectory(prefix="nimbus-tf-") as tmp:
            workdir = pathlib.Path(tmp)
            write_config(workdir, [aws_provider(self.endpoint, ("cloudformation", "sts"))],
                         MAIN_TF % {"stack": stack, "template": TEMPLATE, "prefix": prefix})
            self.terraform(workdir, "init", "-no-color")
            self.terraform(workdir, "apply", "-auto-approve", "-no-color")

            outputs = json.loads(self.terraform(workdir, "output", "-json").stdout)
            self.assertEqual({k: v["value"] for k, v in outputs.items()},
                             {"base_name": prefix + "/base", "copy_value": "green"})
            self.assertEqual(self.parameter(ssm, prefix + "/base"), "green")
            self.assertEqual(self.parameter(ssm, prefix + "/copy"), "green")
            described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
            self.assertEqual(described["StackStatus"], "CREATE_COMPLETE")
            self.assertEqual(described["Tags"], [{"Key": "team", "Value": "platform"}])
            self.assertEqual(
                sorted((p["ParameterKey"], p["ParameterValue"]) for p in described["Parameters"]),
                [("Colour", "green"), ("Prefix", prefix)])
            # Terraform's ClientRequestToken is on every event of the creation.
            tokens = {e.get("ClientRequestToken", "")
                      for e in cfn.describe_stack_events(StackName=stack)["StackEvents"]}
            self.assertEqual(len(tokens), 1)
            self.assertTrue(tokens.pop().startswith("terraform-"))
            self.assertEqual(cfn.list_exports()["Exports"],
                             [{"ExportingStackId": described["StackId"],
                               "Name": stack + "-copy", "Value": "green"}])

            # A second plan sees no drift.
            plan = self.terraform(workdir, "plan", "-detailed-exitcode", "-no-color")
            self.assertIn("No changes", plan.stdout)

            self.terraform(workdir, "destroy", "-auto-approve", "-no-color")
            self.assertEqual(self.parameter(ssm, prefix + "/base"), "ParameterNotFound")
            self.assertEqual(self.parameter(ssm, prefix + "/copy"), "ParameterNotFound")
            self.assertEqual(cfn.describe_stacks(StackName=described["StackId"])["Stacks"][0]
                             ["StackStatus"], "DELETE_COMPLETE")
            self.assertEqual(cfn.list_exports()["Exports"], [])


if __name__ == "__main__":
    unittest.main()
