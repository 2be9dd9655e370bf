// The core through JS SDK v3: --sigv4 verify with a credentials file (the JS SDK signs
// amz-sdk-* headers and streams S3 bodies aws-chunked), and NotImplemented for model operations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { SSMClient, GetParameterCommand } from "@aws-sdk/client-ssm";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
import { CloudFormationClient, ListGeneratedTemplatesCommand } from "@aws-sdk/client-cloudformation";
import { startNimbus, clientConfig, credentials } from "./harness.mjs";

let nimbus;
let dir;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "nimbus-js-core-"));
  const file = path.join(dir, "credentials");
  writeFileSync(file, `[ci]\naws_access_key_id = ${credentials.accessKeyId}\n` +
    `aws_secret_access_key = ${credentials.secretAccessKey}\naccount_id = 123456789012\n`);
  nimbus = await startNimbus(["--sigv4", "verify", "--credentials", file]);
});
after(async () => {
  assert.equal(await nimbus.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

const wrongSecret = { accessKeyId: credentials.accessKeyId, secretAccessKey: "not-the-secret" };
const unknownKey = { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "x" };

test("Query: right secret is accepted and acts in the file's account", async () => {
  const out = await new STSClient(clientConfig(nimbus.endpoint)).send(new GetCallerIdentityCommand({}));
  assert.equal(out.Account, "123456789012");
});

test("Query: wrong secret is SignatureDoesNotMatch 403", async () => {
  const sts = new STSClient(clientConfig(nimbus.endpoint, { credentials: wrongSecret }));
  await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (e) => {
    assert.equal(e.name, "SignatureDoesNotMatch");
    assert.equal(e.$metadata.httpStatusCode, 403);
    return true;
  });
});

test("Query: unknown key is InvalidClientTokenId 403", async () => {
  const sts = new STSClient(clientConfig(nimbus.endpoint, { credentials: unknownKey }));
  await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (e) => {
    assert.equal(e.name, "InvalidClientTokenId");
    assert.equal(e.$metadata.httpStatusCode, 403);
    return true;
  });
});

test("JSON: right secret passes authentication", async () => {
  const ssm = new SSMClient(clientConfig(nimbus.endpoint));
  await assert.rejects(ssm.send(new GetParameterCommand({ Name: "/js/core/missing" })), (e) => {
    assert.equal(e.name, "ParameterNotFound");
    assert.equal(e.$metadata.httpStatusCode, 400);
    return true;
  });
});

test("JSON: wrong secret is InvalidSignatureException, unknown key UnrecognizedClientException", async () => {
  const bad = new SSMClient(clientConfig(nimbus.endpoint, { credentials: wrongSecret }));
  await assert.rejects(bad.send(new GetParameterCommand({ Name: "/p" })), (e) => {
    assert.equal(e.name, "InvalidSignatureException");
    assert.equal(e.$metadata.httpStatusCode, 403);
    return true;
  });
  const unknown = new SSMClient(clientConfig(nimbus.endpoint, { credentials: unknownKey }));
  await assert.rejects(unknown.send(new GetParameterCommand({ Name: "/p" })), (e) => {
    assert.equal(e.name, "UnrecognizedClientException");
    return true;
  });
});

function streamingPut(creds) {
  const s3 = new S3Client(clientConfig(nimbus.endpoint, { forcePathStyle: true, credentials: creds }));
  return s3.send(new PutObjectCommand({
    Bucket: "js-core-bucket", Key: "dir/a b.txt",
    Body: Readable.from([Buffer.from("streamed-"), Buffer.from("body")]), ContentLength: 13,
  }));
}

test("S3 streaming upload: right secret passes authentication and aws-chunked decoding", async () => {
  try {
    await streamingPut(credentials);  // once S3 exists (and the bucket), this may succeed
  } catch (e) {
    assert.ok(["NotImplemented", "NoSuchBucket"].includes(e.name), `${e.name}: ${e.message}`);
  }
});

test("S3 streaming upload: wrong secret is SignatureDoesNotMatch 403", async () => {
  await assert.rejects(streamingPut(wrongSecret), (e) => {
    assert.equal(e.name, "SignatureDoesNotMatch");
    assert.equal(e.$metadata.httpStatusCode, 403);
    return true;
  });
});

test("a model operation without a handler is NotImplemented 501 naming it", async () => {
  const cfn = new CloudFormationClient(clientConfig(nimbus.endpoint));
  await assert.rejects(
    cfn.send(new ListGeneratedTemplatesCommand({})),
    (e) => {
      assert.equal(e.name, "NotImplemented");
      assert.equal(e.$metadata.httpStatusCode, 501);
      assert.equal(e.message, "nimbus does not implement CloudFormation.ListGeneratedTemplates yet");
      return true;
    });
});
