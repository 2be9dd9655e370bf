"""Terraform (hashicorp/aws 5.100.0 from the offline mirror) against nimbus's StackSets: the
administration role in the caller's account and an execution role in each of two target
accounts (provider aliases with those accounts' credentials), a SELF_MANAGED
aws_cloudformation_stack_set with parameters and a template body, and an
aws_cloudformation_stack_set_instance for each of 2 accounts x 2 regions. Applied, planned again
(no changes), applied with a changed parameter, destroyed; boto3 checks the instances and their
stacks' SSM parameters in each account and region in between."""
import json
import pathlib
import tempfile
import unittest

from botocore.exceptions import ClientError

from harness import EmulatorTestCase
from terraform_support import aws_provider, provider_available, run_terraform, write_config

ADMIN = "404000000001"
TARGETS = ["404000000002", "404000000003"]
REGIONS = ["us-east-1", "eu-west-1"]
TEMPLATE = (pathlib.Path(__file__).resolve().parents[1] / "data" / "templates" /
            "stackset_parameter.yaml")

MAIN_TF = """
variable "value" {
  type    = string
  default = "v1"
}

resource "aws_iam_role" "administration" {
  name = "AWSCloudFormationStackSetAdministrationRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudformation.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role" "execution_a" {
  provider = aws.target_a
  name     = "AWSCloudFormationStackSetExecutionRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = aws_iam_role.administration.arn }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role" "execution_b" {
  provider = aws.target_b
  name     = "AWSCloudFormationStackSetExecutionRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = aws_iam_role.administration.arn }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_cloudformation_stack_set" "params" {
  name                    = "tf-params"
  description             = "Made by Terraform"
  permission_model        = "SELF_MANAGED"
  administration_role_arn = aws_iam_role.administration.arn
  template_body           = file("${path.module}/template.yaml")
  parameters = {
    ParamName = "/tf/stackset"
    Value     = var.value
  }
  tags = {
    team = "terraform"
  }
}

resource "aws_cloudformation_stack_set_instance" "grid" {
  for_each = {
    for pair in setproduct(%(targets)s, %(regions)s) : "${pair[0]}-${pair[1]}" => pair
  }
  stack_set_name = aws_cloudformation_stack_set.params.name
  account_id     = each.value[0]
  region         = each.value[1]
  depends_on     = [aws_iam_role.execution_a, aws_iam_role.execution_b]
}

output "stack_set_id" {
  value = aws_cloudformation_stack_set.params.stack_set_id
}

output "stack_ids" {
  value = { for key, instance in aws_cloudformation_stack_set_instance.grid : key => instance.stack_id }
}
"""


@unittest.skipUnless(provider_available(), "terraform or the hashicorp/aws mirror is missing")
class StackSetsTerraformTest(EmulatorTestCase):
    def terraform(self, workdir, *args, ok=(0,)):
        # The provider waits 15 s after CreateStackSet and 10 s after each operation it starts
        # (one per instance resource), and starting it takes long on a busy machine.
        return run_terraform(self, workdir, *args, ok=ok, timeout=1200).stdout

    def cfn(self):
        return self.client("cloudformation", access_key=ADMIN)

    def parameter(self, account, region):
        return self.client("ssm", region=region, access_key=account).get_parameter(
            Name="/tf/stackset")["Parameter"]

    def assert_instances(self, set_id, value):
        """Every instance CURRENT with its stack's parameter holding `value`; the last
        operation's id of each instance."""
        operations = set()
        for account in TARGETS:
            for region in REGIONS:
                instance = self.cfn().describe_stack_instance(
                    StackSetName="tf-params", StackInstanceAccount=account,
                    StackInstanceRegion=region)["StackInstance"]
                self.assertEqual((instance["StackSetId"], instance["Status"],
                                  instance["StackInstanceStatus"]),
                                 (set_id, "CURRENT", {"DetailedStatus": "SUCCEEDED"}))
                self.assertEqual(self.parameter(account, region)["Value"], value)
                operations.add(instance["LastOperationId"])
        return operations

    def write_config(self, workdir):
        (workdir / "template.yaml").write_text(TEMPLATE.read_text())
        services = ("cloudformation", "iam", "sts")
        providers = [aws_provider(self.endpoint, services, account, alias)
                     for alias, account in ((None, ADMIN), ("target_a", TARGETS[0]),
                                            ("target_b", TARGETS[1]))]
        write_config(workdir, providers,
                     MAIN_TF % {"targets": json.dumps(TARGETS), "regions": json.dumps(REGIONS)})

    def test_apply_plan_without_changes_update_and_destroy(self):
        # One operation at a time: AWS refuses a second operation on a set while one runs
        # (OperationInProgressException), which the provider retries only when deleting.
        serial = "-parallelism=1"
        with tempfile.TemporaryDirectory(prefix="nimbus-tf-") as tmp:
            workdir = pathlib.Path(tmp)
            self.write_config(workdir)
            self.terraform(workdir, "init", "-no-color")
            self.terraform(workdir, "apply", "-auto-approve", "-no-color", serial)
            values = {k: v["value"] for k, v in
                      json.loads(self.terraform(workdir, "output", "-json")).items()}

            stack_set = self.cfn().describe_stack_set(StackSetName="tf-params")["StackSet"]
            set_id = values["stack_set_id"]
            self.assertEqual(stack_set["StackSetId"], set_id)
            self.assertEqual((stack_set["Status"], stack_set["PermissionModel"],
                              stack_set["Description"], stack_set["AdministrationRoleARN"]),
                             ("ACTIVE", "SELF_MANAGED", "Made by Terraform",
                              f"arn:aws:iam::{ADMIN}:role/"
                              "AWSCloudFormationStackSetAdministrationRole"))
            self.assertEqual(stack_set["Tags"], [{"Key": "team", "Value": "terraform"}])
            created = self.assert_instances(set_id, "v1")
            self.assertEqual(len(created), 4)  # one CreateStackInstances per instance resource
            for account in TARGETS:
                for region in REGIONS:
                    stack_id = values["stack_ids"][f"{account}-{region}"]
                    stack = self.client("cloudformation", region=region, access_key=account
                                        ).describe_stacks(StackName=stack_id)["Stacks"][0]
                    self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")
                    self.assertTrue(stack["StackName"].startswith("StackSet-tf-params-"))

            # A second plan sees no changes: the set and its instances read back as written.
            plan = self.terraform(workdir, "plan", "-detailed-exitcode", "-no-color")
            self.assertIn("No changes", plan)

            # A changed parameter updates the set, and its operation every instance.
            self.terraform(workdir, "apply", "-auto-approve", "-no-color", serial,
                           "-var", "value=v2")
            updated = self.assert_instances(set_id, "v2")
            self.assertEqual(len(updated), 1)
            operation = self.cfn().describe_stack_set_operation(
                StackSetName="tf-params", OperationId=updated.pop())["StackSetOperation"]
            self.assertEqual((operation["Action"], operation["Status"]), ("UPDATE", "SUCCEEDED"))
            self.assertEqual(self.parameter(TARGETS[0], "eu-west-1")["Version"], 2)
            plan = self.terraform(workdir, "plan", "-detailed-exitcode", "-no-color",
                                  "-var", "value=v2")
            self.assertIn("No changes", plan)

            self.terraform(workdir, "destroy", "-auto-approve", "-no-color", serial,
                           "-var", "value=v2")
        self.assertEqual(self.cfn().list_stack_sets(Status="ACTIVE")["Summaries"], [])
        with self.assertRaises(ClientError) as cm:
            self.cfn().describe_stack_set(StackSetName="tf-params")
        self.assertEqual(cm.exception.response["Error"]["Code"], "StackSetNotFoundException")
        for account in TARGETS:
            for region in REGIONS:
                stack = self.client("cloudformation", region=region, access_key=account
                                    ).describe_stacks(
                    StackName=values["stack_ids"][f"{account}-{region}"])["Stacks"][0]
                self.assertEqual(stack["StackStatus"], "DELETE_COMPLETE")
                with self.assertRaises(ClientError) as cm:
                    self.parameter(account, region)
                self.assertEqual(cm.exception.response["Error"]["Code"], "ParameterNotFound")
            self.assertEqual(self.client("iam", access_key=account).list_roles()["Roles"], [])
        self.assertEqual(self.client("iam", access_key=ADMIN).list_roles()["Roles"], [])


if __name__ == "__main__":
    unittest.main()
