import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  OrganizationsClient, CreateOrganizationCommand, DescribeOrganizationCommand,
  CreateAccountCommand, DescribeCreateAccountStatusCommand, ListAccountsCommand,
  ListRootsCommand, CreateOrganizationalUnitCommand, ListOrganizationalUnitsForParentCommand,
  EnableAWSServiceAccessCommand, ListAWSServiceAccessForOrganizationCommand,
  RegisterDelegatedAdministratorCommand, ListDelegatedAdministratorsCommand,
  paginateListAccounts,
} from "@aws-sdk/client-organizations";
import { startNimbus, clientConfig, credentials } from "./harness.mjs";

let nimbus;
before(async () => { nimbus = await startNimbus(); });
after(async () => { assert.equal(await nimbus.stop(), 0); });

let nextAccount = 310000000001;
function orgsFor(account) {
  return new OrganizationsClient(clientConfig(nimbus.endpoint, {
    region: "eu-west-1",
    credentials: { accessKeyId: account, secretAccessKey: credentials.secretAccessKey },
  }));
}
function newAccount() { return String(nextAccount++); }

async function waitForAccount(client, id) {
  for (let i = 0; i < 200; i++) {
    const { CreateAccountStatus: s } = await client.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }));
    if (s.State !== "IN_PROGRESS") return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("account creation did not finish");
}

test("DescribeOrganization without one is AWSOrganizationsNotInUseException", async () => {
  await assert.rejects(orgsFor(newAccount()).send(new DescribeOrganizationCommand({})), (err) => {
    assert.equal(err.name, "AWSOrganizationsNotInUseException");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, "Your account is not a member of an organization.");
    return true;
  });
});

test("CreateAccount moves from IN_PROGRESS to SUCCEEDED and the account is listed", async () => {
  const account = newAccount();
  const client = orgsFor(account);
  const { Organization: org } = await client.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  assert.match(org.Id, /^o-[a-z0-9]{10}$/);
  assert.equal(org.MasterAccountId, account);
  const { CreateAccountStatus: status } = await client.send(
    new CreateAccountCommand({ Email: "js@example.com", AccountName: "js" }));
  assert.equal(status.State, "IN_PROGRESS");
  assert.ok(status.RequestedTimestamp instanceof Date);
  const done = await waitForAccount(client, status.Id);
  assert.equal(done.State, "SUCCEEDED");
  assert.match(done.AccountId, /^\d{12}$/);
  const ids = [];
  for await (const page of paginateListAccounts({ client, pageSize: 1 }, {})) {
    ids.push(...page.Accounts.map((a) => a.Id));
  }
  assert.deepEqual(ids.sort(), [account, done.AccountId].sort());
});

test("OUs, trusted access and delegated administrators", async () => {
  const account = newAccount();
  const client = orgsFor(account);
  await client.send(new CreateOrganizationCommand({}));
  const { Roots: [root] } = await client.send(new ListRootsCommand({}));
  const { OrganizationalUnit: ou } = await client.send(
    new CreateOrganizationalUnitCommand({ ParentId: root.Id, Name: "workloads" }));
  assert.match(ou.Id, new RegExp(`^ou-${root.Id.slice(2)}-[a-z0-9]{8}$`));
  const { OrganizationalUnits: ous } = await client.send(
    new ListOrganizationalUnitsForParentCommand({ ParentId: root.Id }));
  assert.deepEqual(ous.map((o) => o.Name), ["workloads"]);
  await assert.rejects(
    client.send(new CreateOrganizationalUnitCommand({ ParentId: root.Id, Name: "workloads" })),
    (err) => err.name === "DuplicateOrganizationalUnitException");

  await client.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: "sso.amazonaws.com" }));
  const { EnabledServicePrincipals: enabled } = await client.send(
    new ListAWSServiceAccessForOrganizationCommand({}));
  assert.deepEqual(enabled.map((e) => e.ServicePrincipal), ["sso.amazonaws.com"]);
  assert.ok(enabled[0].DateEnabled instanceof Date);

  const { CreateAccountStatus: s } = await client.send(
    new CreateAccountCommand({ Email: "sec@example.com", AccountName: "security" }));
  const member = (await waitForAccount(client, s.Id)).AccountId;
  await client.send(new RegisterDelegatedAdministratorCommand({
    AccountId: member, ServicePrincipal: "sso.amazonaws.com" }));
  await assert.rejects(client.send(new RegisterDelegatedAdministratorCommand({
    AccountId: account, ServicePrincipal: "sso.amazonaws.com" })),
  (err) => err.name === "ConstraintViolationException");
  const { DelegatedAdministrators: admins } = await client.send(
    new ListDelegatedAdministratorsCommand({ ServicePrincipal: "sso.amazonaws.com" }));
  assert.deepEqual(admins.map((a) => a.Id), [member]);
  await assert.rejects(orgsFor(member).send(new CreateAccountCommand({
    Email: "x@example.com", AccountName: "x" })), (err) => {
    assert.equal(err.name, "AccessDeniedException");
    return true;
  });
});
