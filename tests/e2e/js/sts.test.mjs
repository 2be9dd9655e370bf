import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from "@aws-sdk/client-sts";
import { startNimbus, clientConfig } from "./harness.mjs";

let nimbus;
before(async () => { nimbus = await startNimbus(); });
after(async () => { assert.equal(await nimbus.stop(), 0); });

test("GetCallerIdentity answers for the default account with request id header", async () => {
  const sts = new STSClient(clientConfig(nimbus.endpoint));
  const out = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(out.Account, "000000000000");
  assert.equal(out.Arn, "arn:aws:iam::000000000000:root");
  assert.match(out.$metadata.requestId, /^[0-9a-f-]{36}$/);
});

test("AssumeRole credentials act in the role's account", async () => {
  const sts = new STSClient(clientConfig(nimbus.endpoint));
  const role = await sts.send(new AssumeRoleCommand({
    RoleArn: "arn:aws:iam::123456789012:role/cdk-hnb659fds-deploy-role-123456789012-us-east-1",
    RoleSessionName: "aws-cdk-user",
  }));
  assert.ok(role.Credentials.Expiration instanceof Date);
  const asRole = new STSClient(clientConfig(nimbus.endpoint, {
    credentials: {
      accessKeyId: role.Credentials.AccessKeyId,
      secretAccessKey: role.Credentials.SecretAccessKey,
      sessionToken: role.Credentials.SessionToken,
    },
  }));
  const who = await asRole.send(new GetCallerIdentityCommand({}));
  assert.equal(who.Account, "123456789012");
  assert.equal(who.Arn,
    "arn:aws:sts::123456789012:assumed-role/cdk-hnb659fds-deploy-role-123456789012-us-east-1/aws-cdk-user");
});

test("a validation failure is a ValidationError with status 400", async () => {
  const sts = new STSClient(clientConfig(nimbus.endpoint));
  await assert.rejects(
    sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/x", RoleSessionName: "x" })),
    (err) => {
      assert.equal(err.name, "ValidationError");
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.match(err.message, /roleSessionName/);
      return true;
    });
});
