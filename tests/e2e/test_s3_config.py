"""S3 bucket configuration against the real binary: policy, tagging, encryption, public access
block, ownership, ACLs, CORS, lifecycle, website and the settings Terraform reads, with boto3
and `aws s3api`."""
import json
import unittest

from botocore.exceptions import ClientError

from harness import EmulatorTestCase


class S3ConfigTest(EmulatorTestCase):
    def setUp(self):
        self.s3 = self.client("s3")
        self.name = self.unique("conf")
        self.s3.create_bucket(Bucket=self.name)

    def error(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(Bucket=self.name, **kwargs)
        return cm.exception.response["Error"]

    def policy(self, resource=None):
        return json.dumps({"Version": "2012-10-17", "Statement": [{
            "Sid": "Read", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": resource or f"arn:aws:s3:::{self.name}/*"}]})

    def test_put_then_get_bucket_policy(self):
        self.s3.put_bucket_policy(Bucket=self.name, Policy=self.policy())
        self.assertEqual(self.s3.get_bucket_policy(Bucket=self.name)["Policy"], self.policy())

    def test_get_bucket_policy_of_none_is_no_such_bucket_policy(self):
        error = self.error(self.s3.get_bucket_policy)
        self.assertEqual((error["Code"], error["Message"]),
                         ("NoSuchBucketPolicy", "The bucket policy does not exist"))

    def test_policy_on_another_bucket_is_malformed_policy(self):
        error = self.error(self.s3.put_bucket_policy, Policy=self.policy("arn:aws:s3:::else/*"))
        self.assertEqual((error["Code"], error["Message"]),
                         ("MalformedPolicy", "Policy has invalid resource"))

    def test_policy_status_of_a_public_policy(self):
        self.s3.put_bucket_policy(Bucket=self.name, Policy=self.policy())
        status = self.s3.get_bucket_policy_status(Bucket=self.name)["PolicyStatus"]
        self.assertEqual(status, {"IsPublic": True})

    def test_put_then_get_bucket_tagging(self):
        tags = [{"Key": "team", "Value": "blue"}, {"Key": "env", "Value": "dev"}]
        self.s3.put_bucket_tagging(Bucket=self.name, Tagging={"TagSet": tags})
        self.assertEqual(self.s3.get_bucket_tagging(Bucket=self.name)["TagSet"], tags)

    def test_get_bucket_tagging_of_none_is_no_such_tag_set(self):
        error = self.error(self.s3.get_bucket_tagging)
        self.assertEqual((error["Code"], error["Message"]),
                         ("NoSuchTagSet", "The TagSet does not exist"))

    def test_new_bucket_is_encrypted_with_sse_s3(self):
        rules = self.s3.get_bucket_encryption(Bucket=self.name)[
            "ServerSideEncryptionConfiguration"]["Rules"]
        self.assertEqual(rules, [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                                  "BucketKeyEnabled": False}])

    def test_put_then_get_kms_encryption(self):
        config = {"Rules": [{"ApplyServerSideEncryptionByDefault": {
            "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/e2e"}, "BucketKeyEnabled": True}]}
        self.s3.put_bucket_encryption(Bucket=self.name, ServerSideEncryptionConfiguration=config)
        self.assertEqual(self.s3.get_bucket_encryption(Bucket=self.name)[
            "ServerSideEncryptionConfiguration"], config)

    def test_public_access_block_put_get_delete(self):
        config = {"BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": True,
                  "RestrictPublicBuckets": False}
        self.s3.put_public_access_block(Bucket=self.name, PublicAccessBlockConfiguration=config)
        self.assertEqual(self.s3.get_public_access_block(Bucket=self.name)[
            "PublicAccessBlockConfiguration"], config)
        self.s3.delete_public_access_block(Bucket=self.name)
        self.assertEqual(self.error(self.s3.get_public_access_block)["Code"],
                         "NoSuchPublicAccessBlockConfiguration")

    def test_new_bucket_ownership_is_bucket_owner_enforced(self):
        rules = self.s3.get_bucket_ownership_controls(Bucket=self.name)["OwnershipControls"]["Rules"]
        self.assertEqual(rules, [{"ObjectOwnership": "BucketOwnerEnforced"}])

    def test_bucket_acl_gives_the_owner_full_control(self):
        acl = self.s3.get_bucket_acl(Bucket=self.name)
        self.assertEqual([g["Permission"] for g in acl["Grants"]], ["FULL_CONTROL"])
        self.assertEqual(acl["Grants"][0]["Grantee"]["ID"], acl["Owner"]["ID"])

    def test_put_then_get_cors(self):
        rules = [{"AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["https://example.com"],
                  "AllowedHeaders": ["*"], "MaxAgeSeconds": 300}]
        self.s3.put_bucket_cors(Bucket=self.name, CORSConfiguration={"CORSRules": rules})
        self.assertEqual(self.s3.get_bucket_cors(Bucket=self.name)["CORSRules"], rules)

    def test_get_cors_of_none_is_no_such_cors_configuration(self):
        self.assertEqual(self.error(self.s3.get_bucket_cors)["Code"], "NoSuchCORSConfiguration")

    def test_put_then_get_lifecycle(self):
        rules = [{"ID": "logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"},
                  "Expiration": {"Days": 30}}]
        self.s3.put_bucket_lifecycle_configuration(
            Bucket=self.name, LifecycleConfiguration={"Rules": rules})
        self.assertEqual(
            self.s3.get_bucket_lifecycle_configuration(Bucket=self.name)["Rules"], rules)

    def test_lifecycle_rules_with_one_id_twice_are_invalid_argument(self):
        rule = {"ID": "twice", "Status": "Enabled", "Filter": {"Prefix": "a/"},
                "Expiration": {"Days": 1}}
        error = self.error(self.s3.put_bucket_lifecycle_configuration,
                           LifecycleConfiguration={"Rules": [rule, rule]})
        self.assertEqual(error["Message"],
                         "Rule ID must be unique. Found same ID for more than one rule")

    def test_put_then_get_website(self):
        config = {"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "404.html"}}
        self.s3.put_bucket_website(Bucket=self.name, WebsiteConfiguration=config)
        website = self.s3.get_bucket_website(Bucket=self.name)
        self.assertEqual((website["IndexDocument"], website["ErrorDocument"]),
                         (config["IndexDocument"], config["ErrorDocument"]))

    def test_settings_terraform_reads(self):
        self.assertEqual(self.s3.get_bucket_request_payment(Bucket=self.name)["Payer"],
                         "BucketOwner")
        self.assertNotIn("Status", self.s3.get_bucket_accelerate_configuration(Bucket=self.name))
        self.assertNotIn("LoggingEnabled", self.s3.get_bucket_logging(Bucket=self.name))
        self.assertEqual(self.error(self.s3.get_bucket_replication)["Code"],
                         "ReplicationConfigurationNotFoundError")
        self.assertEqual(self.error(self.s3.get_object_lock_configuration)["Code"],
                         "ObjectLockConfigurationNotFoundError")

    def test_cli_put_and_get_bucket_tagging(self):
        self.aws("s3api", "put-bucket-tagging", "--bucket", self.name,
                 "--tagging", "TagSet=[{Key=cli,Value=yes}]")
        self.assertEqual(self.aws("s3api", "get-bucket-tagging", "--bucket", self.name),
                         {"TagSet": [{"Key": "cli", "Value": "yes"}]})

    def test_cli_put_and_get_bucket_policy(self):
        self.aws("s3api", "put-bucket-policy", "--bucket", self.name, "--policy", self.policy())
        self.assertEqual(self.aws("s3api", "get-bucket-policy", "--bucket", self.name),
                         {"Policy": self.policy()})

    def test_cli_get_bucket_encryption_of_a_new_bucket(self):
        out = self.aws("s3api", "get-bucket-encryption", "--bucket", self.name)
        self.assertEqual(out["ServerSideEncryptionConfiguration"]["Rules"][0][
            "ApplyServerSideEncryptionByDefault"], {"SSEAlgorithm": "AES256"})


if __name__ == "__main__":
    unittest.main()
