// The CDK app of tests/e2e/test_cdk.py: one stack with an SSM parameter, an IAM role, an S3
// bucket, an SSO permission set and a file asset. The test passes what varies as context
// (-c key=value): the stack's name, the parameter's name and value, the SSO instance, the asset.
const cdk = require("aws-cdk-lib");
const iam = require("aws-cdk-lib/aws-iam");
const s3 = require("aws-cdk-lib/aws-s3");
const s3assets = require("aws-cdk-lib/aws-s3-assets");
const ssm = require("aws-cdk-lib/aws-ssm");
const sso = require("aws-cdk-lib/aws-sso");

const app = new cdk.App();
const context = (key) => {
  const value = app.node.tryGetContext(key);
  if (value === undefined) throw new Error(`missing context value ${key}`);
  return value;
};

const stack = new cdk.Stack(app, "NimbusCdkStack", { stackName: context("stackName") });

const parameter = new ssm.StringParameter(stack, "Parameter", {
  parameterName: context("parameterName"),
  stringValue: context("parameterValue"),
});

const role = new iam.Role(stack, "Role", {
  assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
  description: "nimbus CDK end-to-end test",
});

const bucket = new s3.Bucket(stack, "Bucket", { removalPolicy: cdk.RemovalPolicy.DESTROY });

const permissionSet = new sso.CfnPermissionSet(stack, "PermissionSet", {
  instanceArn: context("instanceArn"),
  name: context("permissionSetName"),
  sessionDuration: "PT2H",
});

const asset = new s3assets.Asset(stack, "Asset", { path: context("assetPath") });

new cdk.CfnOutput(stack, "ParameterName", { value: parameter.parameterName });
new cdk.CfnOutput(stack, "RoleName", { value: role.roleName });
new cdk.CfnOutput(stack, "BucketName", { value: bucket.bucketName });
new cdk.CfnOutput(stack, "PermissionSetArn", { value: permissionSet.attrPermissionSetArn });
new cdk.CfnOutput(stack, "AssetBucket", { value: asset.s3BucketName });
new cdk.CfnOutput(stack, "AssetKey", { value: asset.s3ObjectKey });
