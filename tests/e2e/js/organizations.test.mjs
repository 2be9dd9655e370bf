import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  OrganizationsClient, CreateOrganizationCommand, DescribeOrganizationCommand,
  CreateAccountCommand, DescribeCreateAccountStatusCommand, ListAccountsCommand,
  ListRootsCommand, CreateOrganizationalUnitCommand, ListOrganizationalUnitsForParentCommand,
  EnableAWSServiceAccessCommand, ListAWSServiceAccessForOrganizationCommand,
  RegisterDelegatedAdministratorCommand, ListDelegatedAdministratorsCommand,
  paginateListAccounts, DeleteOrganizationCommand, LeaveOrganizationCommand, DescribeAccountCommand,
  MoveAccountCommand, DescribeOrganizationalUnitCommand, DeleteOrganizationalUnitCommand,
  ListChildrenCommand, ListParentsCommand, EnablePolicyTypeCommand, DisablePolicyTypeCommand,
  DeregisterDelegatedAdministratorCommand, TagResourceCommand,
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

// Checks the whole error: name, HTTP status, message and exactly the modelled `members` (the
// SDK's exception classes declare every member of the shape, undefined when absent).
function expectError(err, name, message, members = {}) {
  assert.equal(err.name, name);
  assert.equal(err.$fault, "client");
  assert.equal(err.$metadata.httpStatusCode, 400);
  assert.equal(err.message, message);
  const sdkKeys = ["$fault", "$retryable", "$metadata", "name", "message", "__type"];
  const modelled = Object.fromEntries(
    Object.entries(err).filter(([k, v]) => !sdkKeys.includes(k) && v !== undefined));
  assert.deepEqual(modelled, members);
  return true;
}

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
  await assert.rejects(orgsFor(newAccount()).send(new DescribeOrganizationCommand({})),
    (err) => expectError(err, "AWSOrganizationsNotInUseException",
      "Your account is not a member of an organization."));
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
    (err) => expectError(err, "DuplicateOrganizationalUnitException",
      "An OU with the same name already exists."));

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
  (err) => expectError(err, "ConstraintViolationException",
    "You cannot register master account/yourself as delegated administrator for your organization.",
    { Reason: "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR" }));
  const { DelegatedAdministrators: admins } = await client.send(
    new ListDelegatedAdministratorsCommand({ ServicePrincipal: "sso.amazonaws.com" }));
  assert.deepEqual(admins.map((a) => a.Id), [member]);
  await assert.rejects(orgsFor(member).send(new CreateAccountCommand({
    Email: "x@example.com", AccountName: "x" })),
  (err) => expectError(err, "AccessDeniedException",
    "You don't have permissions to access this resource."));
});

test("every kind of error carries its code, status, message and modelled members", async () => {
  const account = newAccount();
  const client = orgsFor(account);
  await client.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const { Roots: [{ Id: root }] } = await client.send(new ListRootsCommand({}));
  const ou = (await client.send(
    new CreateOrganizationalUnitCommand({ ParentId: root, Name: "outer" }))).OrganizationalUnit.Id;
  await client.send(new CreateOrganizationalUnitCommand({ ParentId: ou, Name: "inner" }));
  const { CreateAccountStatus: s } = await client.send(
    new CreateAccountCommand({ Email: "kinds@example.com", AccountName: "kinds" }));
  const member = (await waitForAccount(client, s.Id)).AccountId;
  await client.send(new RegisterDelegatedAdministratorCommand({
    AccountId: member, ServicePrincipal: "sso.amazonaws.com" }));
  await client.send(new EnablePolicyTypeCommand({ RootId: root, PolicyType: "TAG_POLICY" }));
  await client.send(new TagResourceCommand({ ResourceId: root,
    Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) }));
  const billing = orgsFor(newAccount());
  await billing.send(new CreateOrganizationCommand({ FeatureSet: "CONSOLIDATED_BILLING" }));
  const { Roots: [{ Id: billingRoot }] } = await billing.send(new ListRootsCommand({}));
  const unknownOu = "ou-abcd-12345678";

  const cases = [
    [orgsFor(newAccount()), new DescribeOrganizationCommand({}),
      "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."],
    [client, new CreateOrganizationCommand({}),
      "AlreadyInOrganizationException", "The AWS account is already a member of an organization."],
    [orgsFor(member), new CreateOrganizationalUnitCommand({ ParentId: root, Name: "x" }),
      "AccessDeniedException", "You don't have permissions to access this resource."],
    [client, new DescribeAccountCommand({ AccountId: "999999999999" }),
      "AccountNotFoundException", "You specified an account that doesn't exist."],
    [client, new DeleteOrganizationCommand({}), "OrganizationNotEmptyException",
      "The organization isn't empty. To delete an organization, you must first remove all " +
      "accounts except the management account."],
    [client, new LeaveOrganizationCommand({}), "MasterCannotLeaveOrganizationException",
      "You can't remove a management account from an organization. If you want the management " +
      "account to become a member account in another organization, you must first delete the " +
      "current organization of the management account."],
    [client, new DescribeCreateAccountStatusCommand({
      CreateAccountRequestId: "car-0123456789abcdef0123456789abcdef" }),
    "CreateAccountStatusNotFoundException",
    "We can't find an create account request with the CreateAccountRequestId that you specified."],
    [client, new MoveAccountCommand({ AccountId: member, SourceParentId: ou,
      DestinationParentId: root }), "SourceParentNotFoundException",
    "We can't find a source root or OU with the ParentId that you specified."],
    [client, new MoveAccountCommand({ AccountId: member, SourceParentId: root,
      DestinationParentId: unknownOu }), "DestinationParentNotFoundException",
    "We can't find the destination container (a root or OU) with the ParentId that you specified."],
    [client, new MoveAccountCommand({ AccountId: member, SourceParentId: root,
      DestinationParentId: root }), "DuplicateAccountException",
    "That account is already present in the specified destination."],
    [client, new CreateOrganizationalUnitCommand({ ParentId: root, Name: "outer" }),
      "DuplicateOrganizationalUnitException", "An OU with the same name already exists."],
    [client, new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: unknownOu }),
      "OrganizationalUnitNotFoundException",
      "You specified an organizational unit that doesn't exist."],
    [client, new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: ou }),
      "OrganizationalUnitNotEmptyException",
      "The specified OU is not empty. Move all accounts to another root or to other OUs, remove " +
      "all child OUs, and try the operation again."],
    [client, new ListChildrenCommand({ ParentId: unknownOu, ChildType: "ACCOUNT" }),
      "ParentNotFoundException", "You specified a parent that doesn't exist."],
    [client, new ListParentsCommand({ ChildId: "999999999999" }), "ChildNotFoundException",
      "We can't find an organizational unit (OU) or AWS account with the ChildId that you " +
      "specified."],
    [client, new EnablePolicyTypeCommand({ RootId: "r-zzzz", PolicyType: "TAG_POLICY" }),
      "RootNotFoundException", "We can't find a root with the RootId that you specified."],
    [client, new EnablePolicyTypeCommand({ RootId: root, PolicyType: "TAG_POLICY" }),
      "PolicyTypeAlreadyEnabledException", "The specified policy type is already enabled."],
    [client, new DisablePolicyTypeCommand({ RootId: root, PolicyType: "BACKUP_POLICY" }),
      "PolicyTypeNotEnabledException",
      "This operation can be performed only for enabled policy types."],
    [billing, new EnablePolicyTypeCommand({ RootId: billingRoot, PolicyType: "TAG_POLICY" }),
      "PolicyTypeNotAvailableForOrganizationException",
      "You can't use the specified policy type with the feature set currently enabled for this " +
      "organization."],
    [billing, new EnableAWSServiceAccessCommand({ ServicePrincipal: "sso.amazonaws.com" }),
      "ConstraintViolationException",
      "This operation requires that all features are enabled in the organization.",
      { Reason: "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE" }],
    [client, new TagResourceCommand({ ResourceId: root, Tags: [{ Key: "one-more", Value: "v" }] }),
      "ConstraintViolationException",
      "You have exceeded the allowed number of tags for a resource.",
      { Reason: "MAX_TAG_LIMIT_EXCEEDED" }],
    [client, new RegisterDelegatedAdministratorCommand({ AccountId: member,
      ServicePrincipal: "sso.amazonaws.com" }), "AccountAlreadyRegisteredException",
    "The provided account is already a delegated administrator for your organization."],
    [client, new DeregisterDelegatedAdministratorCommand({ AccountId: member,
      ServicePrincipal: "ssm.amazonaws.com" }), "AccountNotRegisteredException",
    "The provided account is not a registered delegated administrator for your organization."],
    [client, new TagResourceCommand({ ResourceId: unknownOu, Tags: [{ Key: "k", Value: "v" }] }),
      "TargetNotFoundException",
      "We can't find a root, OU, account, or policy with the TargetId that you specified."],
    [client, new ListAccountsCommand({ NextToken: "not-a-token" }), "InvalidInputException",
      "You specified an invalid value for nextToken. You must get the value from the response to " +
      "a previous call to the API.", { Reason: "INVALID_NEXT_TOKEN" }],
    [client, new EnableAWSServiceAccessCommand({ ServicePrincipal: "nope.amazonaws.com" }),
      "InvalidInputException", "You specified an unrecognized service principal.",
      { Reason: "UNRECOGNIZED_SERVICE_PRINCIPAL" }],
    [client, new CreateOrganizationalUnitCommand({ ParentId: root, Name: "tagged",
      Tags: [{ Key: "k", Value: "a" }, { Key: "k", Value: "b" }] }),
    "InvalidInputException", "You specified a duplicate tag key.",
    { Reason: "DUPLICATE_TAG_KEY" }],
  ];
  for (const [sender, command, name, message, members] of cases) {
    await assert.rejects(sender.send(command), (err) => expectError(err, name, message, members));
  }
});
