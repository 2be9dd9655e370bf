"""Terraform (hashicorp/aws 5.100.0 from the offline mirror) against nimbus: a permission set
with a managed policy, an inline policy and a permissions boundary, an Identity Store group and an account assignment, applied and destroyed
on an instance created beforehand with boto3. The state is checked with boto3 in between."""
import json
import pathlib
import random
import tempfile
import time
import unittest

from harness import EmulatorTestCase
from terraform_support import aws_provider, provider_available, run_terraform, write_config


MAIN_TF = """
data "aws_ssoadmin_instances" "this" {}

locals {
  instance_arn      = tolist(data.aws_ssoadmin_instances.this.arns)[0]
  identity_store_id = tolist(data.aws_ssoadmin_instances.this.identity_store_ids)[0]
}

resource "aws_ssoadmin_permission_set" "dev" {
  name             = "TfDevelopers"
  description      = "Created by Terraform"
  instance_arn     = local.instance_arn
  session_duration = "PT2H"
  relay_state      = "https://console.aws.amazon.com/"
  tags = {
    env = "terraform"
  }
}

resource "aws_ssoadmin_managed_policy_attachment" "read_only" {
  instance_arn       = local.instance_arn
  managed_policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
  permission_set_arn = aws_ssoadmin_permission_set.dev.arn
}

resource "aws_ssoadmin_permission_set_inline_policy" "s3" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.dev.arn
  inline_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}

resource "aws_ssoadmin_permissions_boundary_attachment" "boundary" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.dev.arn
  permissions_boundary {
    customer_managed_policy_reference {
      name = "tf-boundary"
      path = "/limits/"
    }
  }
}

resource "aws_identitystore_group" "developers" {
  identity_store_id = local.identity_store_id
  display_name      = "tf-developers"
  description       = "Developers"
}

resource "aws_ssoadmin_account_assignment" "developers" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.dev.arn
  principal_id       = aws_identitystore_group.developers.group_id
  principal_type     = "GROUP"
  target_id          = "%(target)s"
  target_type        = "AWS_ACCOUNT"
  depends_on = [
    aws_ssoadmin_managed_policy_attachment.read_only,
    aws_ssoadmin_permission_set_inline_policy.s3,
    aws_ssoadmin_permissions_boundary_attachment.boundary,
  ]
}

output "permission_set_arn" {
  value = aws_ssoadmin_permission_set.dev.arn
}

output "group_id" {
  value = aws_identitystore_group.developers.group_id
}
"""


@unittest.skipUnless(provider_available(), "terraform or the hashicorp/aws mirror is missing")
class SsoAdminTerraformTest(EmulatorTestCase):
    def terraform(self, workdir, *args):
        return run_terraform(self, workdir, *args).stdout

    def wait_until_active(self, sso, instance, timeout=15):
        deadline = time.monotonic() + timeout
        while True:
            described = sso.describe_instance(InstanceArn=instance)
            if described["Status"] == "ACTIVE":
                return described
            if time.monotonic() > deadline:
                self.fail(f"instance {instance} is not ACTIVE after {timeout} s: "
                          f"status {described['Status']}")
            time.sleep(0.05)

    def test_apply_and_destroy_permission_set_with_assignment(self):
        account = "".join(random.choice("123456789") for _ in range(12))
        target = "".join(random.choice("123456789") for _ in range(12))
        sso = self.client("sso-admin", access_key=account)
        instance = sso.create_instance(Name="terraform")["InstanceArn"]
        store_id = self.wait_until_active(sso, instance)["IdentityStoreId"]

        with tempfile.TemporaryDirectory(prefix="nimbus-tf-") as tmp:
            workdir = pathlib.Path(tmp)
            services = ("ssoadmin", "identitystore", "sts", "organizations")
            write_config(workdir, [aws_provider(self.endpoint, services, account)],
                         MAIN_TF % {"target": target})
            self.terraform(workdir, "init", "-no-color")
            self.terraform(workdir, "apply", "-auto-approve", "-no-color")
            outputs = self.terraform(workdir, "output", "-json")

            values = {k: v["value"] for k, v in json.loads(outputs).items()}
            ps = values["permission_set_arn"]
            group = values["group_id"]
            self.assertEqual(sso.list_permission_sets(InstanceArn=instance)["PermissionSets"],
                             [ps])
            described = sso.describe_permission_set(InstanceArn=instance,
                                                    PermissionSetArn=ps)["PermissionSet"]
            self.assertEqual((described["Name"], described["Description"],
                              described["SessionDuration"], described["RelayState"]),
                             ("TfDevelopers", "Created by Terraform", "PT2H",
                              "https://console.aws.amazon.com/"))
            self.assertEqual(sso.list_tags_for_resource(InstanceArn=instance,
                                                        ResourceArn=ps)["Tags"],
                             [{"Key": "env", "Value": "terraform"}])
            self.assertEqual(sso.list_managed_policies_in_permission_set(
                InstanceArn=instance, PermissionSetArn=ps)["AttachedManagedPolicies"],
                [{"Name": "ReadOnlyAccess", "Arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}])
            inline = json.loads(sso.get_inline_policy_for_permission_set(
                InstanceArn=instance, PermissionSetArn=ps)["InlinePolicy"])
            self.assertEqual(inline["Statement"],
                             [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}])
            self.assertEqual(sso.get_permissions_boundary_for_permission_set(
                InstanceArn=instance, PermissionSetArn=ps)["PermissionsBoundary"],
                {"CustomerManagedPolicyReference": {"Name": "tf-boundary", "Path": "/limits/"}})
            self.assertEqual(sso.list_account_assignments(
                InstanceArn=instance, AccountId=target, PermissionSetArn=ps)["AccountAssignments"],
                [{"AccountId": target, "PermissionSetArn": ps, "PrincipalType": "GROUP",
                  "PrincipalId": group}])
            self.assertEqual(sso.list_accounts_for_provisioned_permission_set(
                InstanceArn=instance, PermissionSetArn=ps)["AccountIds"], [target])
            ids = self.client("identitystore", access_key=account)
            self.assertEqual(ids.describe_group(IdentityStoreId=store_id,
                                                GroupId=group)["DisplayName"], "tf-developers")
            # A second plan sees no drift.
            plan = self.terraform(workdir, "plan", "-detailed-exitcode", "-no-color")
            self.assertIn("No changes", plan)

            self.terraform(workdir, "destroy", "-auto-approve", "-no-color")
            self.assertEqual(sso.list_permission_sets(InstanceArn=instance)["PermissionSets"], [])
            self.assertEqual(sso.list_account_assignments_for_principal(
                InstanceArn=instance, PrincipalId=group, PrincipalType="GROUP"
            )["AccountAssignments"], [])
        # The instance itself was not Terraform's: it is still there.
        self.assertEqual(sso.describe_instance(InstanceArn=instance)["Status"], "ACTIVE")


if __name__ == "__main__":
    unittest.main()
