"""Terraform (hashicorp/aws 5.100.0 from the offline mirror) against nimbus's IAM: a role with a
trust policy, an inline policy, tags and a max session duration, a managed policy attached to it,
a user with an access key and a login profile, a group with that user, and an instance profile
holding the role. Applied, planned again (no drift), destroyed; the state is checked with boto3
in between."""
import json
import pathlib
import random
import tempfile
import unittest

from harness import EmulatorTestCase
from terraform_support import aws_provider, provider_available, run_terraform, write_config


MAIN_TF = """
resource "aws_iam_role" "app" {
  name                 = "tf-app"
  path                 = "/tf/"
  description          = "Created by Terraform"
  max_session_duration = 7200
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  inline_policy {
    name = "logs"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = "*" }]
    })
  }
  tags = {
    env  = "terraform"
    team = "platform"
  }
}

resource "aws_iam_policy" "read" {
  name        = "tf-read"
  path        = "/tf/"
  description = "Read the bucket"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "Read"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::tf-bucket", "arn:aws:s3:::tf-bucket/*"]
    }]
  })
  tags = {
    env = "terraform"
  }
}

resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.read.arn
}

resource "aws_iam_user" "deployer" {
  name = "tf-deployer"
  path = "/tf/"
  tags = {
    env = "terraform"
  }
}

resource "aws_iam_access_key" "deployer" {
  user = aws_iam_user.deployer.name
}

resource "aws_iam_user_login_profile" "deployer" {
  user                    = aws_iam_user.deployer.name
  password_reset_required = true
}

resource "aws_iam_group" "deployers" {
  name = "tf-deployers"
  path = "/tf/"
}

resource "aws_iam_group_membership" "deployers" {
  name  = "tf-deployers-membership"
  group = aws_iam_group.deployers.name
  users = [aws_iam_user.deployer.name]
}

resource "aws_iam_instance_profile" "app" {
  name = "tf-app-profile"
  path = "/tf/"
  role = aws_iam_role.app.name
  tags = {
    env = "terraform"
  }
}

output "role_arn" {
  value = aws_iam_role.app.arn
}

output "policy_arn" {
  value = aws_iam_policy.read.arn
}

output "access_key_id" {
  value = aws_iam_access_key.deployer.id
}
"""


@unittest.skipUnless(provider_available(), "terraform or the hashicorp/aws mirror is missing")
class IamTerraformTest(EmulatorTestCase):
    def terraform(self, workdir, *args, ok=(0,)):
        return run_terraform(self, workdir, *args, ok=ok).stdout

    def test_apply_plan_without_changes_and_destroy(self):
        account = "".join(random.choice("123456789") for _ in range(12))
        iam = self.client("iam", access_key=account)
        with tempfile.TemporaryDirectory(prefix="nimbus-tf-") as tmp:
            workdir = pathlib.Path(tmp)
            write_config(workdir, [aws_provider(self.endpoint, ("iam", "sts"), account)], MAIN_TF)
            self.terraform(workdir, "init", "-no-color")
            self.terraform(workdir, "apply", "-auto-approve", "-no-color")
            values = {k: v["value"] for k, v in
                      json.loads(self.terraform(workdir, "output", "-json")).items()}

            role = iam.get_role(RoleName="tf-app")["Role"]
            self.assertEqual((role["Arn"], role["Path"], role["MaxSessionDuration"],
                              role["Description"]),
                             (f"arn:aws:iam::{account}:role/tf/tf-app", "/tf/", 7200,
                              "Created by Terraform"))
            self.assertEqual(values["role_arn"], role["Arn"])
            self.assertEqual(role["AssumeRolePolicyDocument"]["Statement"],
                             [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                               "Action": "sts:AssumeRole"}])
            self.assertEqual(sorted((t["Key"], t["Value"]) for t in role["Tags"]),
                             [("env", "terraform"), ("team", "platform")])
            self.assertEqual(iam.list_role_policies(RoleName="tf-app")["PolicyNames"], ["logs"])
            self.assertEqual(values["policy_arn"], f"arn:aws:iam::{account}:policy/tf/tf-read")
            self.assertEqual(iam.list_attached_role_policies(RoleName="tf-app")[
                "AttachedPolicies"], [{"PolicyName": "tf-read", "PolicyArn": values["policy_arn"]}])
            self.assertEqual(iam.list_policy_tags(PolicyArn=values["policy_arn"])["Tags"],
                             [{"Key": "env", "Value": "terraform"}])
            self.assertEqual([k["AccessKeyId"] for k in iam.list_access_keys(
                UserName="tf-deployer")["AccessKeyMetadata"]], [values["access_key_id"]])
            self.assertEqual(iam.get_login_profile(UserName="tf-deployer")["LoginProfile"][
                "PasswordResetRequired"], True)
            self.assertEqual([u["UserName"] for u in iam.get_group(
                GroupName="tf-deployers")["Users"]], ["tf-deployer"])
            profile = iam.get_instance_profile(InstanceProfileName="tf-app-profile")[
                "InstanceProfile"]
            self.assertEqual([r["RoleName"] for r in profile["Roles"]], ["tf-app"])
            self.assertEqual(profile["Tags"], [{"Key": "env", "Value": "terraform"}])

            # A second plan sees no drift: documents, tags and paths read back as written.
            plan = self.terraform(workdir, "plan", "-detailed-exitcode", "-no-color")
            self.assertIn("No changes", plan)

            self.terraform(workdir, "destroy", "-auto-approve", "-no-color")
        self.assertEqual(iam.list_roles()["Roles"], [])
        self.assertEqual(iam.list_users()["Users"], [])
        self.assertEqual(iam.list_groups()["Groups"], [])
        self.assertEqual(iam.list_policies(Scope="Local")["Policies"], [])
        self.assertEqual(iam.list_instance_profiles()["InstanceProfiles"], [])


if __name__ == "__main__":
    unittest.main()
