// Change sets through the JS SDK v3: CreateChangeSet with DeploymentConfig (which the installed
// botocore cannot send), the change_set_create_complete waiter, and ExecuteChangeSet.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
} from "@aws-sdk/client-cloudformation";
import { SSMClient, GetParameterCommand } from "@aws-sdk/client-ssm";
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

function template(name, value) {
  return JSON.stringify({
    Resources: { Param: { Type: "AWS::SSM::Parameter",
                          Properties: { Name: name, Type: "String", Value: value } } },
  });
}

test("a CREATE change set keeps DeploymentConfig and its execution gives it to the stack",
  async () => {
    const stackName = unique("js-cs");
    const name = `/${unique("js")}/cs`;
    const created = await cfn.send(new CreateChangeSetCommand({
      StackName: stackName,
      ChangeSetName: "first",
      ChangeSetType: "CREATE",
      TemplateBody: template(name, "v1"),
      DeploymentConfig: { Mode: "EXPRESS", DisableRollback: false },
    }));
    assert.match(created.Id,
      new RegExp(`^arn:aws:cloudformation:us-east-1:\\d{12}:changeSet/first/[0-9a-f-]{36}$`));
    const ready = await waitUntilChangeSetCreateComplete(waiter(),
      { StackName: stackName, ChangeSetName: "first" });
    assert.equal(ready.state, "SUCCESS");
    const described = await cfn.send(new DescribeChangeSetCommand(
      { StackName: stackName, ChangeSetName: "first" }));
    assert.deepEqual(described.DeploymentConfig, { Mode: "EXPRESS", DisableRollback: false });
    assert.equal(described.ExecutionStatus, "AVAILABLE");

    await cfn.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: "first" }));
    const done = await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    assert.equal(done.state, "SUCCESS");
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks[0];
    assert.deepEqual(stack.DeploymentConfig, { Mode: "EXPRESS", DisableRollback: false });
    assert.equal(stack.ChangeSetId, created.Id);
    const got = await ssm.send(new GetParameterCommand({ Name: name }));
    assert.equal(got.Parameter.Value, "v1");
  });
