"""CloudFormation's native AWS::S3::Bucket and AWS::S3::BucketPolicy against the real binary: a
stack made with the AWS CLI whose buckets, tags, encryption and policy are read back through
S3 (boto3), its outputs of every Fn::GetAtt, an update in place, deletion, and the deletion of a
bucket that still has objects failing as in AWS."""
import json
import pathlib
import re
import time

from harness import EmulatorTestCase

TEMPLATE = (pathlib.Path(__file__).resolve().parents[1] / "data" / "templates" /
            "s3_bucket_policy.yaml")


class CloudFormationS3Test(EmulatorTestCase):
    def setUp(self):
        self.cfn = self.client("cloudformation")
        self.s3 = self.client("s3")
        self.stack = self.unique("s3stack")
        self.bucket = self.unique("cfn-bucket")

    def deploy(self, operation="create-stack", team="blue"):
        self.aws("cloudformation", operation, "--stack-name", self.stack,
                 "--template-body", f"file://{TEMPLATE}",
                 "--parameters", f"ParameterKey=BucketName,ParameterValue={self.bucket}",
                 f"ParameterKey=Team,ParameterValue={team}")
        waiter = "stack-create-complete" if operation == "create-stack" else "stack-update-complete"
        self.aws("cloudformation", "wait", waiter, "--stack-name", self.stack)
        stack = self.cfn.describe_stacks(StackName=self.stack)["Stacks"][0]
        return {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}

    def wait_for_status(self, stack, status):
        for _ in range(100):
            current = self.cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
            if current == status:
                return
            time.sleep(0.1)
        self.fail(f"{stack} is {current}, not {status}")

    def test_outputs_are_the_buckets_name_and_attributes(self):
        outputs = self.deploy()
        b = self.bucket
        self.assertEqual({k: v for k, v in outputs.items() if k != "GeneratedName"}, {
            "Name": b, "PolicyRef": b, "Arn": f"arn:aws:s3:::{b}",
            "DomainName": f"{b}.s3.amazonaws.com",
            "RegionalDomainName": f"{b}.s3.us-east-1.amazonaws.com",
            "DualStackDomainName": f"{b}.s3.dualstack.us-east-1.amazonaws.com",
            "WebsiteURL": f"http://{b}.s3-website-us-east-1.amazonaws.com"})

    def test_a_generated_name_is_lower_case_and_made_from_the_stack_and_logical_id(self):
        name = self.deploy()["GeneratedName"]
        self.assertRegex(name, "^" + re.escape(self.stack) + "-generated-[a-z0-9]{13}$")
        self.s3.head_bucket(Bucket=name)

    def test_the_bucket_has_its_tags_encryption_and_policy(self):
        self.deploy()
        tags = {t["Key"]: t["Value"]
                for t in self.s3.get_bucket_tagging(Bucket=self.bucket)["TagSet"]}
        self.assertEqual(tags["team"], "blue")
        self.assertEqual(tags["aws:cloudformation:logical-id"], "Named")
        self.assertEqual(tags["aws:cloudformation:stack-name"], self.stack)
        rule = self.s3.get_bucket_encryption(Bucket=self.bucket)[
            "ServerSideEncryptionConfiguration"]["Rules"][0]
        self.assertEqual((rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"],
                          rule["BucketKeyEnabled"]), ("aws:kms", True))
        policy = json.loads(self.s3.get_bucket_policy(Bucket=self.bucket)["Policy"])
        self.assertEqual(policy["Statement"][0]["Resource"], f"arn:aws:s3:::{self.bucket}/*")

    def test_an_update_changes_the_tags_in_place(self):
        self.deploy()
        self.deploy("update-stack", team="red")
        tags = {t["Key"]: t["Value"]
                for t in self.s3.get_bucket_tagging(Bucket=self.bucket)["TagSet"]}
        self.assertEqual(tags["team"], "red")
        self.s3.head_bucket(Bucket=self.bucket)

    def test_deleting_the_stack_removes_the_buckets_and_the_policy(self):
        generated = self.deploy()["GeneratedName"]
        self.aws("cloudformation", "delete-stack", "--stack-name", self.stack)
        self.aws("cloudformation", "wait", "stack-delete-complete", "--stack-name", self.stack)
        for name in (self.bucket, generated):
            with self.assertRaises(Exception):
                self.s3.head_bucket(Bucket=name)

    def test_deleting_a_stack_whose_bucket_has_objects_is_delete_failed(self):
        self.deploy()
        self.s3.put_object(Bucket=self.bucket, Key="keep.txt", Body=b"data")
        stack_id = self.cfn.describe_stacks(StackName=self.stack)["Stacks"][0]["StackId"]
        self.aws("cloudformation", "delete-stack", "--stack-name", self.stack)
        self.wait_for_status(stack_id, "DELETE_FAILED")
        events = self.cfn.describe_stack_events(StackName=stack_id)["StackEvents"]
        failed = [e for e in events if e["ResourceStatus"] == "DELETE_FAILED"
                  and e["LogicalResourceId"] == "Named"]
        self.assertEqual(failed[0]["ResourceStatusReason"],
                         "The bucket you tried to delete is not empty")
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="keep.txt")["Body"].read(),
                         b"data")

    def test_a_bucket_name_that_exists_fails_the_creation_with_s3s_message(self):
        self.s3.create_bucket(Bucket=self.bucket)
        self.aws("cloudformation", "create-stack", "--stack-name", self.stack,
                 "--template-body", f"file://{TEMPLATE}",
                 "--parameters", f"ParameterKey=BucketName,ParameterValue={self.bucket}")
        self.wait_for_status(self.stack, "ROLLBACK_COMPLETE")
        events = self.cfn.describe_stack_events(StackName=self.stack)["StackEvents"]
        failed = [e for e in events if e["ResourceStatus"] == "CREATE_FAILED"
                  and e["LogicalResourceId"] == "Named"]
        self.assertEqual(failed[0]["ResourceStatusReason"],
                         "Your previous request to create the named bucket succeeded and you "
                         "already own it.")
