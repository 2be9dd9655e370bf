import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  KMSClient, CreateKeyCommand, DescribeKeyCommand, EncryptCommand, DecryptCommand,
  DisableKeyCommand, EnableKeyCommand, ScheduleKeyDeletionCommand, CancelKeyDeletionCommand,
  CreateAliasCommand, ListAliasesCommand, DeleteAliasCommand, UpdateAliasCommand,
  GenerateDataKeyCommand, ListKeysCommand, GetPublicKeyCommand, SignCommand, VerifyCommand,
} from "@aws-sdk/client-kms";
import { createPublicKey, verify as cryptoVerify, constants } from "node:crypto";
import { startNimbus, clientConfig, unique } from "./harness.mjs";

let nimbus;
before(async () => { nimbus = await startNimbus(); });
after(async () => { assert.equal(await nimbus.stop(), 0); });

const kms = () => new KMSClient(clientConfig(nimbus.endpoint));
const arnOf = (id) => `arn:aws:kms:us-east-1:000000000000:key/${id}`;

async function newKey(input = {}) {
  return (await kms().send(new CreateKeyCommand(input))).KeyMetadata;
}

async function rejectsWith(promise, name, message) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata.httpStatusCode, 400);
    if (message !== undefined) assert.equal(err.message, message);
    return true;
  });
}

test("CreateKey returns metadata with Date and boolean types", async () => {
  const meta = await newKey({ Description: "js key" });
  assert.match(meta.KeyId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(meta.Arn, arnOf(meta.KeyId));
  assert.equal(meta.KeyState, "Enabled");
  assert.equal(meta.Enabled, true);
  assert.ok(meta.CreationDate instanceof Date);
  assert.deepEqual(meta.EncryptionAlgorithms, ["SYMMETRIC_DEFAULT"]);
});

test("Encrypt/Decrypt round trip with encryption context; a wrong context fails", async () => {
  const client = kms();
  const { KeyId } = await newKey();
  const plaintext = new TextEncoder().encode("js secret");
  const enc = await client.send(new EncryptCommand({
    KeyId, Plaintext: plaintext, EncryptionContext: { tenant: "a" },
  }));
  assert.ok(enc.CiphertextBlob instanceof Uint8Array);
  assert.equal(enc.KeyId, arnOf(KeyId));
  const dec = await client.send(new DecryptCommand({
    CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { tenant: "a" },
  }));
  assert.equal(new TextDecoder().decode(dec.Plaintext), "js secret");
  assert.equal(dec.KeyId, arnOf(KeyId));
  await rejectsWith(client.send(new DecryptCommand({
    CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { tenant: "b" },
  })), "InvalidCiphertextException");
});

test("a disabled key fails Encrypt and Decrypt with DisabledException", async () => {
  const client = kms();
  const { KeyId } = await newKey();
  const enc = await client.send(new EncryptCommand({ KeyId, Plaintext: new Uint8Array([1, 2, 3]) }));
  await client.send(new DisableKeyCommand({ KeyId }));
  await rejectsWith(client.send(new EncryptCommand({ KeyId, Plaintext: new Uint8Array([1]) })),
    "DisabledException", `${arnOf(KeyId)} is disabled.`);
  await rejectsWith(client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })),
    "DisabledException", `${arnOf(KeyId)} is disabled.`);
  await client.send(new EnableKeyCommand({ KeyId }));
  const dec = await client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
  assert.deepEqual([...dec.Plaintext], [1, 2, 3]);
});

test("a key pending deletion is KMSInvalidStateException until cancelled", async () => {
  const client = kms();
  const { KeyId } = await newKey();
  const out = await client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
  assert.equal(out.KeyState, "PendingDeletion");
  assert.ok(out.DeletionDate instanceof Date);
  const days = (out.DeletionDate.getTime() - Date.now()) / 86400000;
  assert.ok(days > 6.9 && days < 7.1, `deletion in ${days} days`);
  await rejectsWith(client.send(new EncryptCommand({ KeyId, Plaintext: new Uint8Array([1]) })),
    "KMSInvalidStateException", `${arnOf(KeyId)} is pending deletion.`);
  await client.send(new CancelKeyDeletionCommand({ KeyId }));
  const meta = (await client.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata;
  assert.equal(meta.KeyState, "Disabled");
  assert.equal(meta.DeletionDate, undefined);
});

test("aliases: create, page, update, delete", async () => {
  const client = kms();
  const a = (await newKey()).KeyId;
  const b = (await newKey()).KeyId;
  const prefix = `alias/${unique("js")}`;
  const names = [0, 1, 2].map((i) => `${prefix}-${i}`);
  for (const name of names) await client.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: a }));
  await rejectsWith(client.send(new CreateAliasCommand({ AliasName: names[0], TargetKeyId: b })),
    "AlreadyExistsException");
  const page1 = await client.send(new ListAliasesCommand({ KeyId: a, Limit: 2 }));
  assert.equal(page1.Truncated, true);
  assert.deepEqual(page1.Aliases.map((x) => x.AliasName), names.slice(0, 2));
  const page2 = await client.send(new ListAliasesCommand({ KeyId: a, Limit: 2, Marker: page1.NextMarker }));
  assert.equal(page2.Truncated, false);
  assert.deepEqual(page2.Aliases.map((x) => x.AliasName), names.slice(2));
  await client.send(new UpdateAliasCommand({ AliasName: names[1], TargetKeyId: b }));
  const described = await client.send(new DescribeKeyCommand({ KeyId: names[1] }));
  assert.equal(described.KeyMetadata.KeyId, b);
  await client.send(new DeleteAliasCommand({ AliasName: names[1] }));
  await rejectsWith(client.send(new DescribeKeyCommand({ KeyId: names[1] })), "NotFoundException",
    `Alias arn:aws:kms:us-east-1:000000000000:${names[1]} is not found.`);
  await rejectsWith(client.send(new CreateAliasCommand({ AliasName: "alias/aws/js", TargetKeyId: a })),
    "InvalidAliasNameException");
});

test("alias/aws/ssm is created on first use as an AWS managed key", async () => {
  const client = new KMSClient(clientConfig(nimbus.endpoint, {
    credentials: { accessKeyId: "444455556666", secretAccessKey: "x" },
  }));
  const before = await client.send(new ListAliasesCommand({}));
  const predefined = before.Aliases.find((x) => x.AliasName === "alias/aws/ssm");
  assert.equal(predefined.AliasArn, "arn:aws:kms:us-east-1:444455556666:alias/aws/ssm");
  assert.equal(predefined.TargetKeyId, undefined);
  assert.deepEqual(before.Aliases.filter((x) => x.TargetKeyId), []);
  const enc = await client.send(new EncryptCommand({ KeyId: "alias/aws/ssm", Plaintext: new Uint8Array([7]) }));
  const meta = (await client.send(new DescribeKeyCommand({ KeyId: "alias/aws/ssm" }))).KeyMetadata;
  assert.equal(meta.KeyManager, "AWS");
  assert.equal(meta.Arn, enc.KeyId);
  const after = await client.send(new ListAliasesCommand({}));
  assert.deepEqual(after.Aliases.filter((x) => x.TargetKeyId).map((x) => [x.AliasName, x.TargetKeyId]),
    [["alias/aws/ssm", meta.KeyId]]);
  const keys = await client.send(new ListKeysCommand({}));
  assert.deepEqual(keys.Keys.map((k) => k.KeyId), [meta.KeyId]);
  await rejectsWith(client.send(new DisableKeyCommand({ KeyId: meta.KeyId })), "AccessDeniedException");
});

test("GenerateDataKey returns a plaintext key that its blob decrypts to", async () => {
  const client = kms();
  const { KeyId } = await newKey();
  const dk = await client.send(new GenerateDataKeyCommand({ KeyId, KeySpec: "AES_256" }));
  assert.equal(dk.Plaintext.length, 32);
  const dec = await client.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob }));
  assert.deepEqual([...dec.Plaintext], [...dk.Plaintext]);
});

test("Sign output verifies with node:crypto and the key's public key", async () => {
  const client = kms();
  const { KeyId } = await newKey({ KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
  const { PublicKey, SigningAlgorithms } = await client.send(new GetPublicKeyCommand({ KeyId }));
  assert.ok(SigningAlgorithms.includes("RSASSA_PKCS1_V1_5_SHA_256"));
  const message = new TextEncoder().encode("js-signed");
  const { Signature } = await client.send(new SignCommand({
    KeyId, Message: message, SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256",
  }));
  const key = createPublicKey({ key: Buffer.from(PublicKey), format: "der", type: "spki" });
  assert.equal(cryptoVerify("sha256", message, { key, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(Signature)), true);
  await rejectsWith(client.send(new VerifyCommand({
    KeyId, Message: new TextEncoder().encode("other"), Signature,
    SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256",
  })), "KMSInvalidSignatureException");
});
