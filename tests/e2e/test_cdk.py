"""The AWS CDK end to end: the CDK CLI (tests/e2e/cdk, installed by scripts/setup.sh) bootstraps
an environment in nimbus, deploys the app tests/e2e/cdk/app.js (an SSM parameter, an IAM role, an
S3 bucket, an SSO permission set and a file asset), deploys it again with another parameter value
and destroys it; boto3 reads each step back. The CDK runs offline: no notices, no version check,
no telemetry.

The flow runs once, in setUpClass, step by step (each CDK command takes tens of seconds); what
boto3 read after each step is kept, and each test checks one of those readings. A step that fails
stops the flow, and every test that needs a later reading fails with that step's output.
"""
import os
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile
import time

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

CDK_DIR = pathlib.Path(__file__).resolve().parent / "cdk"
CDK = CDK_DIR / "node_modules" / ".bin" / "cdk"
VERSION_PARAMETER = "/cdk-bootstrap/hnb659fds/version"
ASSET_BYTES = b"nimbus CDK asset\x00\x01\x02 bytes kept as they are\n"
# What the CDK CLI prints when the bootstrap stack is older than the app needs (version 6 for
# the default synthesizer).
OUTDATED = ("This CDK deployment requires bootstrap stack version '6', found '5' in "
            "aws://{account}/us-east-1. Please run 'cdk bootstrap'.")


class StepFailed(Exception):
    pass


def error_code(call):
    """The AWS error code `call` raises, or None when it succeeds."""
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


class CdkTest(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        if not CDK.exists():
            raise RuntimeError(f"{CDK} is missing: run scripts/setup.sh")
        super().setUpClass()
        cls.account = "".join(random.choice("123456789") for _ in range(12))
        cls.work = pathlib.Path(tempfile.mkdtemp(prefix="nimbus-cdk-"))
        (cls.work / "home").mkdir()
        cls.asset = cls.work / "asset.bin"
        cls.asset.write_bytes(ASSET_BYTES)
        cls.stack = f"cdk-e2e-{random.randrange(10**6)}"
        cls.parameter = f"/cdk-e2e/{cls.stack}/setting"
        cls.readings = {}
        cls.failure = None
        try:
            cls.run_flow()
        except StepFailed as e:
            cls.failure = str(e).splitlines()[0]
            print(e, file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)
        super().tearDownClass()

    @classmethod
    def boto(cls, service):
        return cls.client(cls, service, access_key=cls.account)

    @classmethod
    def cdk(cls, *args, context=None, check=True, cwd=CDK_DIR):
        """Runs the CDK CLI against this server, offline, in `cwd` (tests/e2e/cdk: the app's
        directory); returns the result."""
        env = dict(os.environ, AWS_ENDPOINT_URL=cls.endpoint, AWS_ACCESS_KEY_ID=cls.account,
                   AWS_SECRET_ACCESS_KEY="test", AWS_REGION="us-east-1",
                   AWS_DEFAULT_REGION="us-east-1", HOME=str(cls.work / "home"),
                   CDK_DISABLE_VERSION_CHECK="1", CDK_DISABLE_CLI_TELEMETRY="1", CI="true",
                   NODE_NO_WARNINGS="1")
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE",
                     "AWS_SHARED_CREDENTIALS_FILE"):
            env.pop(name, None)
        command = [str(CDK), *args, "--no-notices", "--output", str(cls.work / "cdk.out")]
        for key, value in (context or {}).items():
            command += ["--context", f"{key}={value}"]
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                                timeout=300)
        if check and result.returncode != 0:
            output = result.stdout + result.stderr
            reasons = [line for line in output.splitlines() if "fail: " in line or "❌" in line]
            raise StepFailed(f"cdk {args[0]} failed ({result.returncode}): "
                             f"{(reasons or ['see its output'])[0].strip()}\n{output[-6000:]}")
        return result

    @classmethod
    def app_context(cls, stack, parameter_value):
        return {"stackName": stack, "parameterName": f"/cdk-e2e/{stack}/setting",
                "parameterValue": parameter_value, "instanceArn": cls.instance,
                "permissionSetName": f"{stack}-ps", "assetPath": cls.asset}

    @classmethod
    def outputs(cls, stack):
        described = cls.boto("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
        return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}

    @classmethod
    def new_instance(cls):
        sso = cls.boto("sso-admin")
        arn = sso.create_instance()["InstanceArn"]
        deadline = time.time() + 15
        while sso.describe_instance(InstanceArn=arn)["Status"] != "ACTIVE":
            if time.time() > deadline:
                raise StepFailed("the SSO instance did not become ACTIVE")
            time.sleep(0.05)
        return arn

    @classmethod
    def run_flow(cls):
        cls.instance = cls.new_instance()
        # Outside the app's directory, so that bootstrapping does not synthesize the app.
        cls.cdk("bootstrap", f"aws://{cls.account}/us-east-1", cwd=cls.work)
        cls.readings["bootstrap_version"] = cls.boto("ssm").get_parameter(
            Name=VERSION_PARAMETER)["Parameter"]["Value"]

        cls.cdk("deploy", "--require-approval", "never",
                context=cls.app_context(cls.stack, "first"))
        out = cls.readings["outputs"] = cls.outputs(cls.stack)
        cls.readings["parameter"] = cls.boto("ssm").get_parameter(Name=cls.parameter)["Parameter"]
        cls.readings["role"] = cls.boto("iam").get_role(RoleName=out["RoleName"])["Role"]
        cls.readings["bucket"] = cls.boto("s3").head_bucket(Bucket=out["BucketName"])
        cls.readings["asset"] = cls.boto("s3").get_object(
            Bucket=out["AssetBucket"], Key=out["AssetKey"])["Body"].read()
        cls.readings["permission_set"] = cls.boto("sso-admin").describe_permission_set(
            InstanceArn=cls.instance, PermissionSetArn=out["PermissionSetArn"])["PermissionSet"]

        cls.cdk("deploy", "--require-approval", "never",
                context=cls.app_context(cls.stack, "second"))
        cls.readings["updated_parameter"] = cls.boto("ssm").get_parameter(
            Name=cls.parameter)["Parameter"]

        cls.cdk("destroy", "--force", context=cls.app_context(cls.stack, "second"))
        cls.readings["after_destroy"] = {
            "stack": error_code(lambda: cls.boto("cloudformation").describe_stacks(
                StackName=cls.stack)),
            "parameter": error_code(lambda: cls.boto("ssm").get_parameter(Name=cls.parameter)),
            "role": error_code(lambda: cls.boto("iam").get_role(RoleName=out["RoleName"])),
            "bucket": error_code(lambda: cls.boto("s3").head_bucket(Bucket=out["BucketName"])),
            "permission_set": error_code(lambda: cls.boto("sso-admin").describe_permission_set(
                InstanceArn=cls.instance, PermissionSetArn=out["PermissionSetArn"])),
        }

    def reading(self, name):
        if name not in self.readings:
            self.fail(f"the CDK flow stopped before this reading: {self.failure}")
        return self.readings[name]

    def test_bootstrap_writes_the_version_parameter(self):
        self.assertGreaterEqual(int(self.reading("bootstrap_version")), 6)

    def test_deploy_creates_the_parameter_with_the_apps_value(self):
        parameter = self.reading("parameter")
        self.assertEqual((parameter["Value"], parameter["Type"], parameter["Version"]),
                         ("first", "String", 1))

    def test_deploy_creates_the_role_with_its_trust_policy(self):
        self.assertEqual(self.reading("role")["AssumeRolePolicyDocument"], {
            "Version": "2012-10-17",
            "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                           "Principal": {"Service": "lambda.amazonaws.com"}}]})

    def test_deploy_creates_the_bucket(self):
        self.assertEqual(self.reading("bucket")["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertTrue(self.reading("outputs")["BucketName"].startswith(
            f"{self.stack}-bucket"))

    def test_deploy_uploads_the_file_asset_to_the_bootstrap_bucket(self):
        self.assertEqual(self.reading("outputs")["AssetBucket"],
                         f"cdk-hnb659fds-assets-{self.account}-us-east-1")
        self.assertEqual(self.reading("asset"), ASSET_BYTES)

    def test_deploy_creates_the_permission_set(self):
        permission_set = self.reading("permission_set")
        self.assertEqual((permission_set["Name"], permission_set["SessionDuration"]),
                         (f"{self.stack}-ps", "PT2H"))

    def test_second_deploy_changes_the_parameter_value(self):
        parameter = self.reading("updated_parameter")
        self.assertEqual((parameter["Value"], parameter["Version"]), ("second", 2))

    def test_destroy_leaves_none_of_the_resources(self):
        self.assertEqual(self.reading("after_destroy"), {
            "stack": "ValidationError", "parameter": "ParameterNotFound",
            "role": "NoSuchEntity", "bucket": "404",
            "permission_set": "ResourceNotFoundException"})

    def test_deploy_refuses_an_outdated_bootstrap_stack_with_the_cdks_message(self):
        # The CLI reads the version parameter before it publishes or deploys anything (it has
        # no option to skip that on deploy), so the template's CheckBootstrapVersion rule, which
        # CloudFormation would check with the same parameter, is not reached.
        self.reading("bootstrap_version")
        ssm = self.boto("ssm")
        original = ssm.get_parameter(Name=VERSION_PARAMETER)["Parameter"]["Value"]
        ssm.put_parameter(Name=VERSION_PARAMETER, Value="5", Type="String", Overwrite=True)
        stack = f"{self.stack}-old"
        try:
            result = self.cdk("deploy", "--require-approval", "never",
                              context=self.app_context(stack, "never"), check=False)
        finally:
            ssm.put_parameter(Name=VERSION_PARAMETER, Value=original, Type="String",
                              Overwrite=True)
        self.assertEqual(result.returncode, 1)
        self.assertIn(OUTDATED.format(account=self.account), result.stdout + result.stderr)
        self.assertEqual(error_code(lambda: self.boto("cloudformation").describe_stacks(
            StackName=stack)), "ValidationError")
