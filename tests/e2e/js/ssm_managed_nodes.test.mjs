import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  SSMClient,
  CreateActivationCommand,
  DeleteActivationCommand,
  DeregisterManagedInstanceCommand,
  DescribeActivationsCommand,
  DescribeInstanceInformationCommand,
  paginateDescribeInstanceInformation,
} from "@aws-sdk/client-ssm";
import { startNimbus, clientConfig } from "./harness.mjs";

let nimbus;
let ssm;
const fleet = [];

before(async () => {
  nimbus = await startNimbus();
  ssm = new SSMClient(clientConfig(nimbus.endpoint));
  for (let i = 0; i < 60; i++) {
    fleet.push({
      InstanceId: `mi-${i.toString(16).padStart(17, "0")}`,
      PlatformType: i % 2 ? "Windows" : "Linux",
      PlatformName: i % 2 ? "Microsoft Windows Server 2022 Datacenter" : "Amazon Linux",
      AgentVersion: i < 30 ? "3.3.40.0" : "3.3.987.0",
      ComputerName: `host-${i}`,
      IPAddress: `10.0.0.${i}`,
      Tags: { tier: i % 3 === 0 ? "web" : "db" },
    });
  }
  const res = await fetch(`${nimbus.endpoint}/_nimbus/ssm/managed-instances`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ Account: "000000000000", Region: "us-east-1", Instances: fleet }),
  });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).InstanceIds.length, 60);
});
after(async () => { assert.equal(await nimbus.stop(), 0); });

test("DescribeInstanceInformation returns the node fields with Date timestamps", async () => {
  const out = await ssm.send(new DescribeInstanceInformationCommand({
    Filters: [{ Key: "InstanceIds", Values: ["mi-00000000000000003"] }],
  }));
  assert.equal(out.InstanceInformationList.length, 1);
  const node = out.InstanceInformationList[0];
  assert.equal(node.InstanceId, "mi-00000000000000003");
  assert.equal(node.PlatformType, "Windows");
  assert.equal(node.PlatformName, "Microsoft Windows Server 2022 Datacenter");
  assert.equal(node.AgentVersion, "3.3.40.0");
  assert.equal(node.ComputerName, "host-3");
  assert.equal(node.IPAddress, "10.0.0.3");
  assert.equal(node.PingStatus, "Online");
  assert.equal(node.ResourceType, "ManagedInstance");
  assert.ok(node.LastPingDateTime instanceof Date);
  assert.ok(node.RegistrationDate instanceof Date);
  assert.equal(out.NextToken, undefined);
});

test("the paginator walks a filtered fleet in id order", async () => {
  const seen = [];
  const sizes = [];
  for await (const page of paginateDescribeInstanceInformation(
    { client: ssm, pageSize: 7 },
    { Filters: [{ Key: "PlatformTypes", Values: ["Linux"] }, { Key: "AgentVersion", Values: ["3.3.987.0"] }] },
  )) {
    sizes.push(page.InstanceInformationList.length);
    for (const n of page.InstanceInformationList) seen.push(n.InstanceId);
  }
  const expected = fleet.filter((_, i) => i % 2 === 0 && i >= 30).map((n) => n.InstanceId);
  assert.deepEqual(seen, expected);
  assert.deepEqual(sizes, [7, 7, 1]);
});

test("tag filters select by value and by key", async () => {
  const web = await ssm.send(new DescribeInstanceInformationCommand({
    Filters: [{ Key: "tag:tier", Values: ["web"] }], MaxResults: 50,
  }));
  assert.equal(web.InstanceInformationList.length, 20);
  assert.ok(web.InstanceInformationList.every((n) => Number.parseInt(n.InstanceId.slice(3), 16) % 3 === 0));
  const keyed = await ssm.send(new DescribeInstanceInformationCommand({
    Filters: [{ Key: "tag-key", Values: ["tier"] }], MaxResults: 50,
  }));
  assert.equal(keyed.InstanceInformationList.length, 50);
  assert.ok(keyed.NextToken);
});

test("errors carry the modelled codes", async () => {
  const expectError = async (input, name) => {
    await assert.rejects(ssm.send(new DescribeInstanceInformationCommand(input)), (err) => {
      assert.equal(err.name, name);
      assert.equal(err.$metadata.httpStatusCode, 400);
      return true;
    });
  };
  await expectError({ Filters: [{ Key: "Flavour", Values: ["x"] }] }, "InvalidFilterKey");
  await expectError({ Filters: [{ Key: "PingStatus", Values: ["Sleeping"] }] },
    "InvalidInstanceInformationFilterValue");
  await expectError({ NextToken: "bogus" }, "InvalidNextToken");
  await expectError({ Filters: [{ Key: "InstanceIds", Values: ["mi-0000000000000ffff"] }] },
    "InvalidInstanceId");
  await expectError({ MaxResults: 51 }, "ValidationException");
});

test("errors of the public operations are answered whole", async () => {
  // Name, HTTP status, message and no modelled member besides it (the SDK's message is
  // "UnknownError" when the body has none).
  const whole = async (command, name, message) => {
    await assert.rejects(ssm.send(command), (err) => {
      assert.equal(err.name, name);
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.message, message ?? "UnknownError");
      // Modelled members the body carried (the SDK declares absent ones as undefined).
      const sdk = new Set(["name", "message", "__type"]);  // and the SDK's own $-keys
      const members = Object.keys(err).filter((k) => !k.startsWith("$") && !sdk.has(k));
      assert.deepEqual(members.filter((k) => err[k] !== undefined), []);
      return true;
    });
  };
  const missing = "6a4fc4e2-1e0e-4c8f-8e57-0c3c0b1f2a99";
  await whole(new DeleteActivationCommand({ ActivationId: missing }), "InvalidActivation",
    `Activation ID ${missing} doesn't exist.`);
  await whole(new DeregisterManagedInstanceCommand({ InstanceId: "mi-0123456789abcdef0" }),
    "InvalidInstanceId", "Instance Id mi-0123456789abcdef0 is not valid.");
  await whole(new CreateActivationCommand({ IamRole: "r", ExpirationDate: new Date(Date.now() - 60000) }),
    "InvalidParameters", "Expiration date must be in the future.");
  await whole(new DescribeActivationsCommand({ Filters: [{ FilterKey: "IamRole", FilterValues: [] }] }),
    "InvalidFilter", "The filter IamRole needs at least one value.");
  await whole(new DescribeInstanceInformationCommand({ NextToken: "bogus" }), "InvalidNextToken",
    "The specified token isn't valid.");
  await whole(new DescribeInstanceInformationCommand({ Filters: [{ Key: "Flavour", Values: ["x"] }] }),
    "InvalidFilterKey", "The filter key Flavour is not valid.");
  await whole(new DescribeInstanceInformationCommand({
    Filters: [{ Key: "ResourceType", Values: ["ManagedInstance", "EC2Instance"] }],
  }), "InvalidInstanceInformationFilterValue", "ResourceType filter may contain only one value.");
  await whole(new DescribeInstanceInformationCommand({
    Filters: [{ Key: "PlatformTypes", Values: ["Linux"] }],
    InstanceInformationFilterList: [{ key: "PlatformTypes", valueSet: ["Linux"] }],
  }), "ValidationException", "InstanceInformationFilterList and Filters cannot be used together.");
});

test("CreateActivation and DescribeActivations round-trip", async () => {
  const created = await ssm.send(new CreateActivationCommand({
    IamRole: "js-role", RegistrationLimit: 4, DefaultInstanceName: "js",
  }));
  assert.match(created.ActivationId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const out = await ssm.send(new DescribeActivationsCommand({
    Filters: [{ FilterKey: "ActivationIds", FilterValues: [created.ActivationId] }],
  }));
  assert.equal(out.ActivationList.length, 1);
  const a = out.ActivationList[0];
  assert.equal(a.IamRole, "js-role");
  assert.equal(a.RegistrationLimit, 4);
  assert.equal(a.RegistrationsCount, 0);
  assert.equal(a.Expired, false);
  assert.ok(a.ExpirationDate instanceof Date);
  assert.equal(Math.round((a.ExpirationDate - a.CreatedDate) / 1000), 86400);
});
