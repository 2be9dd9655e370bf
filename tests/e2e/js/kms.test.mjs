import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  KMSClient, CreateKeyCommand, DescribeKeyCommand, EncryptCommand, DecryptCommand,
  DisableKeyCommand, EnableKeyCommand, ScheduleKeyDeletionCommand, CancelKeyDeletionCommand,
  CreateAliasCommand, ListAliasesCommand, DeleteAliasCommand, UpdateAliasCommand,
  GenerateDataKeyCommand, ListKeysCommand, GetPublicKeyCommand, SignCommand, VerifyCommand,
  VerifyMacCommand, TagResourceCommand, PutKeyPolicyCommand, EnableKeyRotationCommand,
  GenerateRandomCommand,
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

// The whole error: code, HTTP status and message (KMS's error shapes have no other member).
async function rejectsWith(promise, name, message, status = 400) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata.httpStatusCode, status);
    assert.equal(err.message, message);
    return true;
  });
}

// An error AWS sends with no message: the SDK then says "UnknownError".
const noMessage = "UnknownError";

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
  })), "InvalidCiphertextException", noMessage);
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
    "AlreadyExistsException",
    `An alias with the name arn:aws:kms:us-east-1:000000000000:${names[0]} already exists`);
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
    "InvalidAliasNameException",
    "Alias names that begin with alias/aws/ are reserved for AWS managed keys.");
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
  await rejectsWith(client.send(new DisableKeyCommand({ KeyId: meta.KeyId })), "AccessDeniedException",
    `User: arn:aws:iam::444455556666:root is not authorized to perform: kms:DisableKey on resource: ${meta.Arn} because no resource-based policy allows the kms:DisableKey action`);
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
  })), "KMSInvalidSignatureException", noMessage);
});

test("a wrong MAC is KMSInvalidMacException with no message", async () => {
  const { KeyId } = await newKey({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
  await rejectsWith(kms().send(new VerifyMacCommand({
    KeyId, Message: new Uint8Array([1]), Mac: new Uint8Array(32), MacAlgorithm: "HMAC_SHA_256",
  })), "KMSInvalidMacException", noMessage);
});

test("a malformed key ARN is InvalidArnException in DescribeKey, NotFoundException in Encrypt", async () => {
  const bad = "arn:aws:kms:us-east-1:000000000000:thing/x";
  await rejectsWith(kms().send(new DescribeKeyCommand({ KeyId: bad })), "InvalidArnException",
    `Invalid arn ${bad}`);
  await rejectsWith(kms().send(new EncryptCommand({ KeyId: bad, Plaintext: new Uint8Array([1]) })),
    "NotFoundException", `Invalid keyId '${bad}'`);
});

test("a ciphertext of another key is IncorrectKeyException", async () => {
  const client = kms();
  const a = (await newKey()).KeyId;
  const b = (await newKey()).KeyId;
  const enc = await client.send(new EncryptCommand({ KeyId: a, Plaintext: new Uint8Array([1]) }));
  await rejectsWith(client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: b })),
    "IncorrectKeyException",
    "The key ID in the request does not identify a CMK that can perform this operation.");
});

test("Encrypt with a signing key is InvalidKeyUsageException", async () => {
  const { KeyId, Arn } = await newKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
  await rejectsWith(kms().send(new EncryptCommand({ KeyId, Plaintext: new Uint8Array([1]) })),
    "InvalidKeyUsageException", `${Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`);
});

test("DryRun is DryRunOperationException", async () => {
  const { KeyId } = await newKey();
  await rejectsWith(kms().send(new GenerateDataKeyCommand({ KeyId, NumberOfBytes: 16, DryRun: true })),
    "DryRunOperationException", "The request would have succeeded, but the DryRun option is set.");
});

test("GenerateDataKey without a size is ValidationException", async () => {
  const { KeyId } = await newKey();
  await rejectsWith(kms().send(new GenerateDataKeyCommand({ KeyId })), "ValidationException",
    "Please specify either number of bytes or key spec.");
});

test("tags: aws: keys are TagException, a 51st tag is LimitExceededException", async () => {
  const { KeyId } = await newKey();
  await rejectsWith(kms().send(new TagResourceCommand({
    KeyId, Tags: [{ TagKey: "aws:x", TagValue: "1" }],
  })), "TagException", "Tags beginning with aws: are reserved");
  const tags = Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: "v" }));
  await rejectsWith(kms().send(new TagResourceCommand({ KeyId, Tags: tags })),
    "LimitExceededException",
    "The request was rejected because a quota was exceeded: a KMS key can have at most 50 tags.");
});

test("a key policy that is not JSON is MalformedPolicyDocumentException", async () => {
  const { KeyId } = await newKey();
  await rejectsWith(kms().send(new PutKeyPolicyCommand({ KeyId, PolicyName: "default", Policy: "nope" })),
    "MalformedPolicyDocumentException", "The policy document is not valid JSON.");
});

test("rotation of an HMAC key is UnsupportedOperationException", async () => {
  const { KeyId, Arn } = await newKey({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
  await rejectsWith(kms().send(new EnableKeyRotationCommand({ KeyId })),
    "UnsupportedOperationException",
    `${Arn} key type or origin does not support automatic key rotation.`);
});

test("an unknown custom key store is CustomKeyStoreNotFoundException", async () => {
  await rejectsWith(kms().send(new GenerateRandomCommand({
    NumberOfBytes: 8, CustomKeyStoreId: "cks-1234567890abcdef0",
  })), "CustomKeyStoreNotFoundException", "Custom key store cks-1234567890abcdef0 does not exist");
});

test("a marker nimbus did not issue is InvalidMarkerException", async () => {
  await rejectsWith(kms().send(new ListKeysCommand({ Marker: "not-a-marker" })),
    "InvalidMarkerException", "Invalid marker: not-a-marker");
});

test("signing with a key whose material nimbus does not keep is 501 NotImplemented", async () => {
  const { KeyId } = await newKey({ KeySpec: "ML_DSA_44", KeyUsage: "SIGN_VERIFY" });
  await rejectsWith(kms().send(new SignCommand({
    KeyId, Message: new Uint8Array([1]), SigningAlgorithm: "ML_DSA_SHAKE_256",
  })), "NotImplemented", "nimbus does not emulate the key material of ML_DSA_44 keys.", 501);
});
