// IAM through JS SDK v3 (@aws-sdk/client-iam) under --sigv4 verify: users, roles, policies,
// access keys, and a key IAM created signing STS requests as its user.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  IAMClient, CreateUserCommand, GetUserCommand, ListUsersCommand, DeleteUserCommand,
  CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand, GetRolePolicyCommand,
  CreatePolicyCommand, GetPolicyVersionCommand, AttachRolePolicyCommand,
  ListAttachedRolePoliciesCommand, CreateAccessKeyCommand, ListAccessKeysCommand,
  DeleteAccessKeyCommand, TagPolicyCommand, ListPolicyTagsCommand, CreateLoginProfileCommand,
  paginateListRolePolicies,
} from "@aws-sdk/client-iam";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { startNimbus, clientConfig, credentials, unique } from "./harness.mjs";

const ACCOUNT = "123456789012";
const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" },
    Action: "sts:AssumeRole" }],
});
const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
});

let nimbus;
let dir;
let iam;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "nimbus-js-iam-"));
  const file = path.join(dir, "credentials");
  writeFileSync(file, `[ci]\naws_access_key_id = ${credentials.accessKeyId}\n` +
    `aws_secret_access_key = ${credentials.secretAccessKey}\naccount_id = ${ACCOUNT}\n`);
  nimbus = await startNimbus(["--sigv4", "verify", "--credentials", file]);
  iam = new IAMClient(clientConfig(nimbus.endpoint));
});
after(async () => {
  assert.equal(await nimbus.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

test("CreateUser then GetUser answers the user's ARN and path", async () => {
  const name = unique("user");
  await iam.send(new CreateUserCommand({ UserName: name, Path: "/js/" }));
  const { User } = await iam.send(new GetUserCommand({ UserName: name }));
  assert.equal(User.Arn, `arn:aws:iam::${ACCOUNT}:user/js/${name}`);
  assert.match(User.UserId, /^AIDA[A-Z0-9]{17}$/);
  assert.ok(User.CreateDate instanceof Date);
});

test("GetUser of an unknown user is NoSuchEntity 404", async () => {
  await assert.rejects(iam.send(new GetUserCommand({ UserName: "nobody-js" })), (e) => {
    assert.equal(e.name, "NoSuchEntityException");
    assert.equal(e.$metadata.httpStatusCode, 404);
    assert.equal(e.message, "The user with name nobody-js cannot be found.");
    return true;
  });
});

test("ListUsers with PathPrefix answers only the users under it", async () => {
  const name = unique("listed");
  await iam.send(new CreateUserCommand({ UserName: name, Path: "/js-list/" }));
  const { Users, IsTruncated } = await iam.send(new ListUsersCommand({ PathPrefix: "/js-list/" }));
  assert.deepEqual(Users.map((u) => u.UserName), [name]);
  assert.equal(IsTruncated, false);
});

test("CreateRole keeps the trust policy, which the SDK returns URL-encoded", async () => {
  const name = unique("role");
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST,
    MaxSessionDuration: 7200 }));
  const { Role } = await iam.send(new GetRoleCommand({ RoleName: name }));
  assert.deepEqual(JSON.parse(decodeURIComponent(Role.AssumeRolePolicyDocument)),
    JSON.parse(TRUST));
  assert.equal(Role.MaxSessionDuration, 7200);
});

test("A trust policy naming a Resource is MalformedPolicyDocument", async () => {
  await assert.rejects(iam.send(new CreateRoleCommand({ RoleName: unique("bad"),
    AssumeRolePolicyDocument: POLICY })), (e) => {
    assert.equal(e.name, "MalformedPolicyDocumentException");
    assert.equal(e.message, "Has prohibited field Resource");
    return true;
  });
});

test("An inline role policy round-trips", async () => {
  const name = unique("inline");
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
  await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "p",
    PolicyDocument: POLICY }));
  const out = await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: "p" }));
  assert.deepEqual(JSON.parse(decodeURIComponent(out.PolicyDocument)), JSON.parse(POLICY));
});

test("The SDK's paginator walks inline policy names page by page", async () => {
  const name = unique("paged");
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
  for (const policy of ["a", "b", "c"]) {
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: policy,
      PolicyDocument: POLICY }));
  }
  const pages = [];
  for await (const page of paginateListRolePolicies({ client: iam, pageSize: 2 },
    { RoleName: name })) {
    pages.push(page.PolicyNames);
  }
  assert.deepEqual(pages, [["a", "b"], ["c"]]);
});

test("A managed policy attached to a role is listed with its name", async () => {
  const role = unique("attach");
  await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: TRUST }));
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: unique("pol"),
    PolicyDocument: POLICY }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: Policy.Arn }));
  const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({
    RoleName: role }));
  assert.deepEqual(AttachedPolicies, [{ PolicyName: Policy.PolicyName, PolicyArn: Policy.Arn }]);
  const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: Policy.Arn,
    VersionId: "v1" }));
  assert.equal(PolicyVersion.IsDefaultVersion, true);
  assert.deepEqual(JSON.parse(decodeURIComponent(PolicyVersion.Document)), JSON.parse(POLICY));
});

test("TagPolicy tags are listed by ListPolicyTags", async () => {
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: unique("tagged"),
    PolicyDocument: POLICY }));
  await iam.send(new TagPolicyCommand({ PolicyArn: Policy.Arn,
    Tags: [{ Key: "team", Value: "js" }] }));
  const { Tags } = await iam.send(new ListPolicyTagsCommand({ PolicyArn: Policy.Arn }));
  assert.deepEqual(Tags, [{ Key: "team", Value: "js" }]);
});

test("CreateAccessKey returns an AKIA key listed for its user", async () => {
  const name = unique("keys");
  await iam.send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  assert.match(AccessKey.AccessKeyId, /^AKIA[A-Z0-9]{16}$/);
  assert.equal(AccessKey.SecretAccessKey.length, 40);
  assert.equal(AccessKey.Status, "Active");
  const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: name }));
  assert.deepEqual(AccessKeyMetadata.map((k) => k.AccessKeyId), [AccessKey.AccessKeyId]);
});

test("A key created by IAM signs GetCallerIdentity and acts as its user", async () => {
  const name = unique("signer");
  const { User } = await iam.send(new CreateUserCommand({ UserName: name, Path: "/ci/" }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  const sts = new STSClient(clientConfig(nimbus.endpoint, { credentials: {
    accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey } }));
  const who = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, `arn:aws:iam::${ACCOUNT}:user/ci/${name}`);
  assert.equal(who.UserId, User.UserId);
  assert.equal(who.Account, ACCOUNT);
});

test("A key signed with the wrong secret is SignatureDoesNotMatch", async () => {
  const name = unique("wrong");
  await iam.send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  const sts = new STSClient(clientConfig(nimbus.endpoint, { credentials: {
    accessKeyId: AccessKey.AccessKeyId, secretAccessKey: "not-the-secret" } }));
  await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (e) => {
    assert.equal(e.name, "SignatureDoesNotMatch");
    assert.equal(e.$metadata.httpStatusCode, 403);
    return true;
  });
});

test("DeleteUser refuses while the user has a login profile", async () => {
  const name = unique("console");
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: "Js-Passw0rd!" }));
  await assert.rejects(iam.send(new DeleteUserCommand({ UserName: name })), (e) => {
    assert.equal(e.name, "DeleteConflictException");
    assert.equal(e.message, "Cannot delete entity, must delete login profile first.");
    return true;
  });
});

test("A deleted key no longer signs", async () => {
  const name = unique("gone");
  await iam.send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  await iam.send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: AccessKey.AccessKeyId }));
  const sts = new STSClient(clientConfig(nimbus.endpoint, { credentials: {
    accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey } }));
  await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (e) => {
    assert.equal(e.name, "InvalidClientTokenId");
    return true;
  });
});
