"""Terraform (hashicorp/aws 5.100.0 from the offline mirror) against nimbus's S3: a bucket with
tags, a bucket policy and an object are applied, a second plan shows no changes, and destroy
removes them. The bucket is checked with boto3 in between."""
import json
import pathlib
import tempfile
import unittest

from botocore.exceptions import ClientError

from harness import EmulatorTestCase
from terraform_support import aws_provider, provider_available, run_terraform, write_config


MAIN_TF = """
resource "aws_s3_bucket" "site" {
  bucket = "%(bucket)s"
  tags = {
    team = "platform"
  }
}

resource "aws_s3_bucket_policy" "read" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.site.arn}/*"
    }]
  })
}

resource "aws_s3_object" "index" {
  bucket       = aws_s3_bucket.site.id
  key          = "index.html"
  content      = "<h1>hello</h1>"
  content_type = "text/html"
}

output "arn" {
  value = aws_s3_bucket.site.arn
}
"""


@unittest.skipUnless(provider_available(), "terraform or the hashicorp/aws mirror is missing")
class S3TerraformTest(EmulatorTestCase):
    def terraform(self, workdir, *args, check=True):
        return run_terraform(self, workdir, *args, ok=(0,) if check else None)

    def test_apply_plan_and_destroy_a_bucket_with_a_policy_and_an_object(self):
        bucket = self.unique("tf-bucket")
        s3 = self.client("s3")
        with tempfile.TemporaryDirectory(prefix="nimbus-tf-") as tmp:
            workdir = pathlib.Path(tmp)
            write_config(workdir, [aws_provider(self.endpoint, ("s3", "sts"),
                                                settings=["s3_use_path_style           = true"])],
                         MAIN_TF % {"bucket": bucket})
            self.terraform(workdir, "init", "-no-color")
            self.terraform(workdir, "apply", "-auto-approve", "-no-color")

            outputs = json.loads(self.terraform(workdir, "output", "-json").stdout)
            self.assertEqual(outputs["arn"]["value"], f"arn:aws:s3:::{bucket}")
            self.assertEqual(s3.get_bucket_tagging(Bucket=bucket)["TagSet"],
                             [{"Key": "team", "Value": "platform"}])
            policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
            self.assertEqual(policy["Statement"][0]["Resource"], f"arn:aws:s3:::{bucket}/*")
            index = s3.get_object(Bucket=bucket, Key="index.html")
            self.assertEqual((index["Body"].read(), index["ContentType"]),
                             (b"<h1>hello</h1>", "text/html"))

            # A second plan sees no drift: exit code 0, not 2.
            plan = self.terraform(workdir, "plan", "-detailed-exitcode", "-no-color", check=False)
            self.assertEqual(plan.returncode, 0, plan.stdout + plan.stderr)

            self.terraform(workdir, "destroy", "-auto-approve", "-no-color")
            with self.assertRaises(ClientError) as cm:
                s3.head_bucket(Bucket=bucket)
            self.assertEqual(cm.exception.response["Error"]["Code"], "404")


if __name__ == "__main__":
    unittest.main()
