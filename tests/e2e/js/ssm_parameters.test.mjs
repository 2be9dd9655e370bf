// SSM Parameter Store through the JS SDK v3: every operation, its errors and its paging.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  SSMClient,
  PutParameterCommand,
  GetParameterCommand,
  GetParametersCommand,
  GetParametersByPathCommand,
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterHistoryCommand,
  LabelParameterVersionCommand,
  UnlabelParameterVersionCommand,
  AddTagsToResourceCommand,
  RemoveTagsFromResourceCommand,
  ListTagsForResourceCommand,
  paginateGetParametersByPath,
  paginateDescribeParameters,
  paginateGetParameterHistory,
} from "@aws-sdk/client-ssm";
import { KMSClient, CreateKeyCommand, DisableKeyCommand } from "@aws-sdk/client-kms";
import { startNimbus, clientConfig, unique } from "./harness.mjs";

let nimbus;
let ssm;
before(async () => {
  nimbus = await startNimbus();
  ssm = new SSMClient(clientConfig(nimbus.endpoint));
});
after(async () => { assert.equal(await nimbus.stop(), 0); });

async function rejectsWith(promise, name) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
}

// The whole error: name, HTTP status, message (the SDK says "UnknownError" when the body has
// none) and no modelled member besides it (SSM's error shapes have no other).
async function rejectsWhole(promise, name, message) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata.httpStatusCode, 400);
    if (message instanceof RegExp) {
      assert.match(err.message, message);
    } else {
      assert.equal(err.message, message ?? "UnknownError");
    }
    // Modelled members the body carried (the SDK declares absent ones as undefined).
    const sdk = new Set(["name", "message", "__type"]);  // and the SDK's own $-keys
    const members = Object.keys(err).filter((k) => !k.startsWith("$") && !sdk.has(k));
    assert.deepEqual(members.filter((k) => err[k] !== undefined), []);
    return true;
  });
}

test("PutParameter, GetParameter and overwrite versions", async () => {
  const name = `/${unique()}/db`;
  const put = await ssm.send(new PutParameterCommand({ Name: name, Value: "v1", Type: "String" }));
  assert.equal(put.Version, 1);
  assert.equal(put.Tier, "Standard");
  const got = await ssm.send(new GetParameterCommand({ Name: name }));
  assert.equal(got.Parameter.Value, "v1");
  assert.equal(got.Parameter.ARN, `arn:aws:ssm:us-east-1:000000000000:parameter${name}`);
  assert.ok(got.Parameter.LastModifiedDate instanceof Date);
  await rejectsWith(ssm.send(new PutParameterCommand({ Name: name, Value: "v2", Type: "String" })),
    "ParameterAlreadyExists");
  const second = await ssm.send(new PutParameterCommand({ Name: name, Value: "v2", Overwrite: true }));
  assert.equal(second.Version, 2);
  const v1 = await ssm.send(new GetParameterCommand({ Name: `${name}:1` }));
  assert.equal(v1.Parameter.Value, "v1");
  assert.equal(v1.Parameter.Selector, ":1");
  await rejectsWith(ssm.send(new GetParameterCommand({ Name: `${name}:3` })), "ParameterVersionNotFound");
  await rejectsWith(ssm.send(new GetParameterCommand({ Name: `${name}/missing` })), "ParameterNotFound");
});

test("name rules surface the documented errors", async () => {
  const deep = "/" + Array.from({ length: 16 }, (_, i) => `l${i}`).join("/");
  await rejectsWith(ssm.send(new PutParameterCommand({ Name: deep, Value: "v", Type: "String" })),
    "HierarchyLevelLimitExceededException");
  await rejectsWith(ssm.send(new PutParameterCommand({ Name: "ssm-reserved", Value: "v", Type: "String" })),
    "ValidationException");
  await rejectsWith(ssm.send(new PutParameterCommand({ Name: "no/leading", Value: "v", Type: "String" })),
    "ValidationException");
  await rejectsWith(ssm.send(new PutParameterCommand({
    Name: `/${unique()}/p`, Value: "abc", Type: "String", AllowedPattern: "^[0-9]+$",
  })), "ParameterPatternMismatchException");
});

test("SecureString with the default key, a customer key, and a disabled key", async () => {
  const root = `/${unique()}`;
  await ssm.send(new PutParameterCommand({ Name: `${root}/a`, Value: "pw", Type: "SecureString" }));
  const enc = await ssm.send(new GetParameterCommand({ Name: `${root}/a` }));
  assert.notEqual(enc.Parameter.Value, "pw");
  const dec = await ssm.send(new GetParameterCommand({ Name: `${root}/a`, WithDecryption: true }));
  assert.equal(dec.Parameter.Value, "pw");

  const kms = new KMSClient(clientConfig(nimbus.endpoint));
  const key = await kms.send(new CreateKeyCommand({ Description: "js ssm" }));
  const keyId = key.KeyMetadata.KeyId;
  await ssm.send(new PutParameterCommand({ Name: `${root}/b`, Value: "pw2", Type: "SecureString", KeyId: keyId }));
  const described = await ssm.send(new DescribeParametersCommand({
    ParameterFilters: [{ Key: "Name", Option: "BeginsWith", Values: [root] }],
  }));
  assert.deepEqual(described.Parameters.map((p) => p.KeyId), ["alias/aws/ssm", keyId]);
  await kms.send(new DisableKeyCommand({ KeyId: keyId }));
  await rejectsWhole(ssm.send(new GetParameterCommand({ Name: `${root}/b`, WithDecryption: true })),
    "InvalidKeyId",
    /^.+ \(Service: AWSKMS; Status Code: 400; Error Code: DisabledException; Request ID: [0-9a-f-]{36}\)$/);
});

test("every error kind is answered whole", async () => {
  const root = `/${unique()}`;
  const name = `${root}/p`;
  await ssm.send(new PutParameterCommand({ Name: name, Value: "v1", Type: "String" }));
  await ssm.send(new LabelParameterVersionCommand({
    Name: name, Labels: Array.from({ length: 10 }, (_, i) => `l${i}`),
  }));
  const put = (input) => () => ssm.send(new PutParameterCommand({ Value: "v", Type: "String", ...input }));
  const cases = [
    [() => ssm.send(new GetParameterCommand({ Name: `${root}/missing` })),
      "ParameterNotFound", `Parameter ${root}/missing not found.`],
    [() => ssm.send(new GetParameterCommand({ Name: `${name}:3` })), "ParameterVersionNotFound",
      `Systems Manager could not find version 3 of ${name}. Verify the version and try again.`],
    [put({ Name: name }), "ParameterAlreadyExists",
      "The parameter already exists. To overwrite this value, set the overwrite option in the " +
      "request to true."],
    [put({ Name: "/aws/x/y" }), "AccessDeniedException",
      "No access to reserved parameter name: /aws/x/y."],
    [put({ Name: root + Array.from({ length: 15 }, (_, i) => `/${i}`).join("") }),
      "HierarchyLevelLimitExceededException",
      "A hierarchy can have a maximum of 15 levels. For more information, see Requirements and " +
      "constraints for parameter names in the Amazon Web Services Systems Manager User Guide."],
    [put({ Name: `${root}/untyped`, Type: undefined }), "ValidationException",
      "A parameter type is required when you create a parameter."],
    [put({ Name: `${root}/q`, AllowedPattern: "(unclosed" }), "InvalidAllowedPatternException",
      "The request does not meet the regular expression requirement."],
    [put({ Name: `${root}/q`, Value: "abc", AllowedPattern: "^\\d+$" }),
      "ParameterPatternMismatchException",
      "Parameter value, cannot be validated against allowedPattern: ^\\d+$"],
    [put({ Name: `${root}/q`, Tier: "Advanced", Policies: "{}" }),
      "InvalidPolicyAttributeException",
      "A policy attribute or its value is invalid. The policy text must be a JSON array of " +
      "policies."],
    [put({ Name: `${root}/q`, Tier: "Advanced", Policies: '[{"Type":"Bogus"}]' }),
      "InvalidPolicyTypeException",
      "The policy type is not supported. Parameter Store supports the following policy types: " +
      "Expiration, ExpirationNotification, and NoChangeNotification."],
    [put({ Name: `${root}/q`, Tier: "Advanced", Policies: "[1,2,3,4,5,6,7,8,9,10,11]" }),
      "PoliciesLimitExceededException",
      "You specified more than the maximum number of allowed policies for the parameter. The " +
      "maximum is 10."],
    [() => ssm.send(new LabelParameterVersionCommand({ Name: name, Labels: ["extra"] })),
      "ParameterVersionLabelLimitExceeded",
      "A parameter version can have maximum 10 labels.Move one or more labels to another " +
      "version and try again."],
    [put({ Name: `${root}/s`, Type: "SecureString", KeyId: "alias/none" }), "InvalidKeyId",
      "Invalid keyId alias/none"],
    [() => ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Label", Values: ["x"] }] })),
      "InvalidFilterKey",
      "The following filter key is not valid: Label. Valid filter keys include: [Path, Name, " +
      "Type, KeyId, Tier, DataType, tag:<key>]."],
    [() => ssm.send(new GetParametersByPathCommand({
      Path: root, ParameterFilters: [{ Key: "Type", Option: "Contains", Values: ["S"] }],
    })), "InvalidFilterOption",
    "The following filter option is not valid: Contains. Valid options include: [BeginsWith, " +
      "Equals]."],
    [() => ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Tier", Values: ["Gold"] }] })),
      "InvalidFilterValue",
      "The following filter value is not valid: Gold. Valid values include: [Standard, " +
      "Advanced, Intelligent-Tiering]."],
    [() => ssm.send(new GetParameterHistoryCommand({ Name: name, NextToken: "forged" })),
      "InvalidNextToken", "The specified token is not valid."],
    [() => ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: `${root}/gone` })),
      "InvalidResourceId", undefined],
    [() => ssm.send(new ListTagsForResourceCommand({ ResourceType: "OpsItem", ResourceId: "oi-0123456789ab" })),
      "InvalidResourceType", undefined],
    [() => ssm.send(new AddTagsToResourceCommand({
      ResourceType: "Parameter", ResourceId: name,
      Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })),
    })), "TooManyTagsError",
    "The Tags parameter contains too many tags. A resource can have up to 50 tags."],
  ];
  for (const [call, code, message] of cases) await rejectsWhole(call(), code, message);
});

test("GetParameters and DeleteParameter(s) report missing names", async () => {
  const root = `/${unique()}`;
  await ssm.send(new PutParameterCommand({ Name: `${root}/a`, Value: "1", Type: "String" }));
  const got = await ssm.send(new GetParametersCommand({ Names: [`${root}/a`, `${root}/b`] }));
  assert.deepEqual(got.Parameters.map((p) => p.Value), ["1"]);
  assert.deepEqual(got.InvalidParameters, [`${root}/b`]);
  const deleted = await ssm.send(new DeleteParametersCommand({ Names: [`${root}/a`, `${root}/b`] }));
  assert.deepEqual(deleted.DeletedParameters, [`${root}/a`]);
  assert.deepEqual(deleted.InvalidParameters, [`${root}/b`]);
  await rejectsWith(ssm.send(new DeleteParameterCommand({ Name: `${root}/a` })), "ParameterNotFound");
});

test("GetParametersByPath pages with the paginator and rejects foreign tokens", async () => {
  const root = `/${unique()}`;
  for (let i = 0; i < 23; i++) {
    await ssm.send(new PutParameterCommand({ Name: `${root}/p${String(i).padStart(2, "0")}`, Value: `${i}`, Type: "String" }));
  }
  await ssm.send(new PutParameterCommand({ Name: `${root}/deeper/x`, Value: "x", Type: "StringList" }));
  const names = [];
  let pages = 0;
  for await (const page of paginateGetParametersByPath({ client: ssm, pageSize: 10 }, { Path: root })) {
    pages++;
    names.push(...page.Parameters.map((p) => p.Name));
  }
  assert.equal(pages, 3);
  assert.equal(names.length, 23);
  assert.equal(names[22], `${root}/p22`);
  const recursive = await ssm.send(new GetParametersByPathCommand({
    Path: root, Recursive: true, ParameterFilters: [{ Key: "Type", Values: ["StringList"] }],
  }));
  assert.deepEqual(recursive.Parameters.map((p) => p.Name), [`${root}/deeper/x`]);
  await rejectsWith(ssm.send(new GetParametersByPathCommand({ Path: root, NextToken: "forged" })), "InvalidNextToken");
  await rejectsWith(ssm.send(new GetParametersByPathCommand({
    Path: root, ParameterFilters: [{ Key: "Tier", Values: ["Standard"] }],
  })), "InvalidFilterKey");
  await rejectsWith(ssm.send(new GetParametersByPathCommand({
    Path: root, ParameterFilters: [{ Key: "Label", Option: "BeginsWith", Values: ["x"] }],
  })), "InvalidFilterOption");
});

test("DescribeParameters filters and pages", async () => {
  const root = `/${unique()}`;
  for (let i = 0; i < 12; i++) {
    await ssm.send(new PutParameterCommand({
      Name: `${root}/d${String(i).padStart(2, "0")}`, Value: "v", Type: i % 3 ? "String" : "StringList",
    }));
  }
  const names = [];
  for await (const page of paginateDescribeParameters({ client: ssm, pageSize: 5 }, {
    ParameterFilters: [{ Key: "Path", Option: "OneLevel", Values: [root] }],
  })) {
    assert.ok(page.Parameters.length <= 5);
    names.push(...page.Parameters.map((p) => p.Name));
  }
  assert.equal(names.length, 12);
  const lists = await ssm.send(new DescribeParametersCommand({
    ParameterFilters: [{ Key: "Path", Values: [root] }, { Key: "Type", Values: ["StringList"] }],
  }));
  assert.deepEqual(lists.Parameters.map((p) => p.Name), [`${root}/d00`, `${root}/d03`, `${root}/d06`, `${root}/d09`]);
  await rejectsWith(ssm.send(new DescribeParametersCommand({
    ParameterFilters: [{ Key: "Label", Values: ["x"] }],
  })), "InvalidFilterKey");
  await rejectsWith(ssm.send(new DescribeParametersCommand({
    ParameterFilters: [{ Key: "Type", Values: ["Bogus"] }],
  })), "InvalidFilterValue");
  await rejectsWith(ssm.send(new DescribeParametersCommand({ NextToken: "x" })), "InvalidNextToken");
});

test("labels, history paging and unlabel", async () => {
  const name = `/${unique()}/lab`;
  await ssm.send(new PutParameterCommand({ Name: name, Value: "1", Type: "String" }));
  for (let i = 2; i <= 7; i++) {
    await ssm.send(new PutParameterCommand({ Name: name, Value: `${i}`, Overwrite: true }));
  }
  const labelled = await ssm.send(new LabelParameterVersionCommand({
    Name: name, ParameterVersion: 3, Labels: ["stable", "aws-no"],
  }));
  assert.equal(labelled.ParameterVersion, 3);
  assert.deepEqual(labelled.InvalidLabels, ["aws-no"]);
  const byLabel = await ssm.send(new GetParameterCommand({ Name: `${name}:stable` }));
  assert.equal(byLabel.Parameter.Value, "3");
  const versions = [];
  for await (const page of paginateGetParameterHistory({ client: ssm, pageSize: 3 }, { Name: name })) {
    versions.push(...page.Parameters.map((p) => [p.Version, p.Labels]));
  }
  assert.equal(versions.length, 7);
  assert.deepEqual(versions[2], [3, ["stable"]]);
  const unlabelled = await ssm.send(new UnlabelParameterVersionCommand({
    Name: name, ParameterVersion: 3, Labels: ["stable", "other"],
  }));
  assert.deepEqual(unlabelled.RemovedLabels, ["stable"]);
  assert.deepEqual(unlabelled.InvalidLabels, ["other"]);
  await rejectsWith(ssm.send(new LabelParameterVersionCommand({ Name: `${name}-nope`, Labels: ["a"] })),
    "ParameterNotFound");
  await rejectsWith(ssm.send(new LabelParameterVersionCommand({
    Name: name, Labels: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"],
  })), "ValidationException");
});

test("tags on parameters and the tagging errors", async () => {
  const name = `/${unique()}/tagged`;
  await ssm.send(new PutParameterCommand({ Name: name, Value: "v", Type: "String", Tags: [{ Key: "a", Value: "1" }] }));
  await ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: name, Tags: [{ Key: "b", Value: "2" }] }));
  let tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: name }));
  assert.deepEqual(tags.TagList, [{ Key: "a", Value: "1" }, { Key: "b", Value: "2" }]);
  await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: "Parameter", ResourceId: name, TagKeys: ["a"] }));
  tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: name }));
  assert.deepEqual(tags.TagList, [{ Key: "b", Value: "2" }]);
  await rejectsWith(ssm.send(new AddTagsToResourceCommand({
    ResourceType: "Parameter", ResourceId: name,
    Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" })),
  })), "TooManyTagsError");
  await rejectsWith(ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: `${name}-gone` })),
    "InvalidResourceId");
  await rejectsWith(ssm.send(new ListTagsForResourceCommand({ ResourceType: "OpsItem", ResourceId: "oi-0123456789ab" })),
    "InvalidResourceType");
});
