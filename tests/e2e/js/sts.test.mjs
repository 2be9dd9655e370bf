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

// AssumeRole needs the role in IAM. The JS tests have no IAM client installed: a Query request
// whose (unverified) credential names the account creates it, as any client would.
async function createRole(endpoint, account, name) {
  const trust = JSON.stringify({
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
  });
  const body = new URLSearchParams({
    Action: "CreateRole", Version: "2010-05-08", RoleName: name, AssumeRolePolicyDocument: trust,
  });
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
      "X-Amz-Date": "20260101T000000Z",
      Authorization: `AWS4-HMAC-SHA256 Credential=${account}/20260101/us-east-1/iam/aws4_request, ` +
        "SignedHeaders=host, Signature=00",
    },
    body: body.toString(),
  });
  assert.equal(response.status, 200, await response.text());
}

test("AssumeRole credentials act in the role's account", async () => {
  await createRole(nimbus.endpoint, "123456789012",
    "cdk-hnb659fds-deploy-role-123456789012-us-east-1");
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
