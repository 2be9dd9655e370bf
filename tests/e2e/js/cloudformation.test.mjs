// CloudFormation through the JS SDK v3: CreateStack with DeploymentConfig (which the installed
// botocore cannot send), the stack_create_complete waiter, events, exports and imports.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  DescribeStackEventsCommand,
  ListExportsCommand,
  ListImportsCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from "@aws-sdk/client-cloudformation";
import { SSMClient, GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { startNimbus, clientConfig, unique } from "./harness.mjs";

let nimbus;
let cfn;
let ssm;
before(async () => {
  nimbus = await startNimbus();
  cfn = new CloudFormationClient(clientConfig(nimbus.endpoint));
  ssm = new SSMClient(clientConfig(nimbus.endpoint));
});
after(async () => { assert.equal(await nimbus.stop(), 0); });

const waiter = () => ({ client: cfn, maxWaitTime: 30, minDelay: 1, maxDelay: 1 });

// One SSM parameter named `name` with `value` (a string or an intrinsic function), and outputs.
function template(name, value, outputs = {}) {
  return JSON.stringify({
    Resources: { Param: { Type: "AWS::SSM::Parameter",
                          Properties: { Name: name, Type: "String", Value: value } } },
    Outputs: outputs,
  });
}

async function describe(stackName) {
  return (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks[0];
}

// The stack once its operation has ended (the model's rollback waiter waits for updates only).
async function settled(stackName) {
  for (let i = 0; i < 300; i++) {
    const stack = await describe(stackName);
    if (!stack.StackStatus.endsWith("_IN_PROGRESS")) return stack;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${stackName} is still in progress`);
}

async function events(stackName) {
  const out = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
  return out.StackEvents.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}` +
    (e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : "")).reverse();
}

for (const mode of ["STANDARD", "EXPRESS"]) {
  test(`CreateStack keeps DeploymentConfig Mode ${mode} and DescribeStacks returns it`, async () => {
    const stackName = unique("js-stack");
    const name = `/${unique("js")}/${mode.toLowerCase()}`;
    const created = await cfn.send(new CreateStackCommand({
      StackName: stackName,
      TemplateBody: template(name, mode),
      DeploymentConfig: { Mode: mode, DisableRollback: false },
    }));
    assert.match(created.StackId,
      new RegExp(`^arn:aws:cloudformation:us-east-1:\\d{12}:stack/${stackName}/[0-9a-f-]{36}$`));
    const result = await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    assert.equal(result.state, "SUCCESS");
    const stack = await describe(stackName);
    assert.equal(stack.StackStatus, "CREATE_COMPLETE");
    assert.deepEqual(stack.DeploymentConfig, { Mode: mode, DisableRollback: false });
    const got = await ssm.send(new GetParameterCommand({ Name: name }));
    assert.equal(got.Parameter.Value, mode);
  });
}

test("DeploymentConfig DisableRollback leaves a failed stack CREATE_FAILED", async () => {
  const stackName = unique("js-stack");
  const name = `/${unique("js")}/taken`;
  await ssm.send(new PutParameterCommand({ Name: name, Value: "mine", Type: "String" }));
  await cfn.send(new CreateStackCommand({
    StackName: stackName,
    TemplateBody: template(name, "theirs"),
    DeploymentConfig: { Mode: "EXPRESS", DisableRollback: true },
  }));
  await assert.rejects(waitUntilStackCreateComplete(waiter(), { StackName: stackName }));
  const stack = await describe(stackName);
  assert.equal(stack.StackStatus, "CREATE_FAILED");
  assert.equal(stack.StackStatusReason, "The following resource(s) failed to create: [Param]. ");
  assert.deepEqual(stack.DeploymentConfig, { Mode: "EXPRESS", DisableRollback: true });
});

test("DescribeStackEvents lists a creation's events as AWS writes them", async () => {
  const stackName = unique("js-stack");
  await cfn.send(new CreateStackCommand({
    StackName: stackName, TemplateBody: template(`/${unique("js")}/events`, "v"),
    ClientRequestToken: "js-token-1",
  }));
  await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
  assert.deepEqual(await events(stackName), [
    `${stackName} CREATE_IN_PROGRESS User Initiated`,
    "Param CREATE_IN_PROGRESS",
    "Param CREATE_IN_PROGRESS Resource creation Initiated",
    "Param CREATE_COMPLETE",
    `${stackName} CREATE_COMPLETE`,
  ]);
  const out = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
  assert.deepEqual([...new Set(out.StackEvents.map((e) => e.ClientRequestToken))], ["js-token-1"]);
  assert.ok(out.StackEvents.every((e) => e.Timestamp instanceof Date));
});

test("an export is listed, imported by another stack and released when that stack goes", async () => {
  const exporter = unique("js-exporter");
  const importer = unique("js-importer");
  const exportName = unique("js-export");
  const importedName = `/${unique("js")}/imported`;
  const { StackId: exporterId } = await cfn.send(new CreateStackCommand({
    StackName: exporter,
    TemplateBody: template(`/${unique("js")}/exported`, "shared-value", {
      Out: { Value: "shared-value", Export: { Name: exportName } },
    }),
  }));
  await waitUntilStackCreateComplete(waiter(), { StackName: exporter });
  const exports = (await cfn.send(new ListExportsCommand({}))).Exports;
  assert.deepEqual(exports.filter((e) => e.Name === exportName),
    [{ ExportingStackId: exporterId, Name: exportName, Value: "shared-value" }]);

  await cfn.send(new CreateStackCommand({
    StackName: importer, TemplateBody: template(importedName, { "Fn::ImportValue": exportName }),
  }));
  await waitUntilStackCreateComplete(waiter(), { StackName: importer });
  const got = await ssm.send(new GetParameterCommand({ Name: importedName }));
  assert.equal(got.Parameter.Value, "shared-value");
  const imports = await cfn.send(new ListImportsCommand({ ExportName: exportName }));
  assert.deepEqual(imports.Imports, [importer]);

  // The exporter cannot go while its export is in use: it stays as it was, saying why.
  await cfn.send(new DeleteStackCommand({ StackName: exporter }));
  const refused = await describe(exporter);
  assert.equal(refused.StackStatus, "CREATE_COMPLETE");
  assert.equal(refused.StackStatusReason,
    `Export ${exportName} cannot be deleted as it is in use by ${importer}`);

  await cfn.send(new DeleteStackCommand({ StackName: importer }));
  await waitUntilStackDeleteComplete(waiter(), { StackName: importer });
  await assert.rejects(cfn.send(new ListImportsCommand({ ExportName: exportName })), (err) => {
    assert.equal(err.name, "ValidationError");
    assert.equal(err.message, `Export '${exportName}' is not imported by any stack.`);
    return true;
  });
  await cfn.send(new DeleteStackCommand({ StackName: exporter }));
  await waitUntilStackDeleteComplete(waiter(), { StackName: exporterId });
});

test("importing an export that does not exist rolls the stack back before any resource", async () => {
  const stackName = unique("js-stack");
  const missing = unique("js-missing");
  await cfn.send(new CreateStackCommand({
    StackName: stackName,
    TemplateBody: template(`/${unique("js")}/never`, { "Fn::ImportValue": missing }),
  }));
  assert.equal((await settled(stackName)).StackStatus, "ROLLBACK_COMPLETE");
  assert.deepEqual(await events(stackName), [
    `${stackName} CREATE_IN_PROGRESS User Initiated`,
    `${stackName} ROLLBACK_IN_PROGRESS No export named ${missing} found. Rollback requested by user.`,
    `${stackName} ROLLBACK_COMPLETE`,
  ]);
});
