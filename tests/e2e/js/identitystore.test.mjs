import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  IdentitystoreClient, CreateUserCommand, DescribeUserCommand, ListUsersCommand,
  UpdateUserCommand, GetUserIdCommand, CreateGroupCommand, GetGroupIdCommand,
  CreateGroupMembershipCommand, ListGroupMembershipsForMemberCommand, IsMemberInGroupsCommand,
  DeleteGroupCommand, DescribeGroupCommand, paginateListUsers, DescribeGroupMembershipCommand,
} from "@aws-sdk/client-identitystore";
import {
  SSOAdminClient, CreateInstanceCommand, DescribeInstanceCommand, DeleteInstanceCommand,
} from "@aws-sdk/client-sso-admin";
import { startNimbus, clientConfig, credentials } from "./harness.mjs";

let nimbus;
before(async () => { nimbus = await startNimbus(); });
after(async () => { assert.equal(await nimbus.stop(), 0); });

// A store exists while an ACTIVE IAM Identity Center instance of the caller's account and region
// has it, and SSO Admin allows one instance per account: each test acts in an account of its own
// (a 12-digit access key id is that account).
function newAccount() {
  let digits = "";
  for (let i = 0; i < 12; i++) digits += String(1 + Math.floor(Math.random() * 9));
  return digits;
}

// A new account with an ACTIVE instance: its Identity Store client, store id, SSO Admin client
// and instance ARN.
async function newStore() {
  const config = clientConfig(nimbus.endpoint, {
    credentials: { ...credentials, accessKeyId: newAccount() },
  });
  const sso = new SSOAdminClient(config);
  const { InstanceArn } = await sso.send(new CreateInstanceCommand({}));
  const deadline = Date.now() + 15000;
  for (;;) {
    const d = await sso.send(new DescribeInstanceCommand({ InstanceArn }));
    if (d.Status === "ACTIVE") {
      return { ids: new IdentitystoreClient(config), store: d.IdentityStoreId, sso, InstanceArn };
    }
    if (Date.now() > deadline) throw new Error(`instance not ACTIVE: ${JSON.stringify(d)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Checks the whole error: name, HTTP status, message and exactly the modelled `members` (the
// SDK's exception classes declare every member of the shape, undefined when absent), plus the
// RequestId member every Identity Store error has: the request's id.
function expectError(err, name, message, members = {}) {
  assert.equal(err.name, name);
  assert.equal(err.$fault, "client");
  assert.equal(err.$metadata.httpStatusCode, 400);
  assert.equal(err.message, message);
  const sdkKeys = ["$fault", "$retryable", "$metadata", "name", "message", "__type"];
  const modelled = Object.fromEntries(
    Object.entries(err).filter(([k, v]) => !sdkKeys.includes(k) && v !== undefined));
  assert.deepEqual(modelled, { ...members, RequestId: err.$metadata.requestId });
  return true;
}

async function createUser(ids, store, userName, extra = {}) {
  const out = await ids.send(new CreateUserCommand({
    IdentityStoreId: store, UserName: userName, DisplayName: userName.toUpperCase(),
    Name: { GivenName: "Given", FamilyName: "Family" }, ...extra }));
  return out.UserId;
}

test("users: create, describe, update through document values, GetUserId", async () => {
  const { ids, store } = await newStore();
  const userId = await createUser(ids, store, "alice",
    { Emails: [{ Value: "alice@example.com", Primary: true }] });
  assert.match(userId, new RegExp(`^${store.slice(2)}-[0-9a-f-]{36}$`));
  await ids.send(new UpdateUserCommand({ IdentityStoreId: store, UserId: userId, Operations: [
    { AttributePath: "displayName", AttributeValue: "Alice A." },
    { AttributePath: "name.familyName", AttributeValue: "Anders" },
  ] }));
  const user = await ids.send(new DescribeUserCommand({ IdentityStoreId: store, UserId: userId }));
  assert.equal(user.DisplayName, "Alice A.");
  assert.deepEqual(user.Name, { GivenName: "Given", FamilyName: "Anders" });
  assert.deepEqual(user.Emails, [{ Value: "alice@example.com", Primary: true }]);
  const found = await ids.send(new GetUserIdCommand({ IdentityStoreId: store,
    AlternateIdentifier: { UniqueAttribute: { AttributePath: "emails.value",
      AttributeValue: "alice@example.com" } } }));
  assert.equal(found.UserId, userId);
  await assert.rejects(createUser(ids, store, "alice"), (err) => expectError(
    err, "ConflictException", "Duplicate UserName", { Reason: "UNIQUENESS_CONSTRAINT_VIOLATION" }));
});

test("ListUsers pages with the paginator", async () => {
  const { ids, store } = await newStore();
  for (const name of ["u1", "u2", "u3"]) await createUser(ids, store, name);
  const names = [];
  for await (const page of paginateListUsers({ client: ids, pageSize: 2 }, { IdentityStoreId: store })) {
    assert.ok(page.Users.length <= 2);
    names.push(...page.Users.map((u) => u.UserName));
  }
  assert.deepEqual(names.sort(), ["u1", "u2", "u3"]);
  const filtered = await ids.send(new ListUsersCommand({ IdentityStoreId: store,
    Filters: [{ AttributePath: "UserName", AttributeValue: "u2" }] }));
  assert.deepEqual(filtered.Users.map((u) => u.UserName), ["u2"]);
});

test("groups and memberships", async () => {
  const { ids, store } = await newStore();
  const userId = await createUser(ids, store, "bob");
  const { GroupId: groupId } = await ids.send(new CreateGroupCommand({
    IdentityStoreId: store, DisplayName: "Developers" }));
  const lookedUp = await ids.send(new GetGroupIdCommand({ IdentityStoreId: store,
    AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName",
      AttributeValue: "Developers" } } }));
  assert.equal(lookedUp.GroupId, groupId);
  const { MembershipId } = await ids.send(new CreateGroupMembershipCommand({
    IdentityStoreId: store, GroupId: groupId, MemberId: { UserId: userId } }));
  const { GroupMemberships } = await ids.send(new ListGroupMembershipsForMemberCommand({
    IdentityStoreId: store, MemberId: { UserId: userId } }));
  assert.deepEqual(GroupMemberships.map((m) => m.MembershipId), [MembershipId]);
  assert.deepEqual(GroupMemberships[0].MemberId, { UserId: userId });
  const { Results } = await ids.send(new IsMemberInGroupsCommand({
    IdentityStoreId: store, MemberId: { UserId: userId }, GroupIds: [groupId] }));
  assert.equal(Results[0].MembershipExists, true);
  await ids.send(new DeleteGroupCommand({ IdentityStoreId: store, GroupId: groupId }));
  await assert.rejects(ids.send(new DescribeGroupCommand({ IdentityStoreId: store, GroupId: groupId })),
    (err) => expectError(err, "ResourceNotFoundException", "GROUP not found.",
      { ResourceType: "GROUP", ResourceId: groupId }));
});

test("errors name the missing resource or the broken uniqueness rule", async () => {
  const { ids, store } = await newStore();
  const unknown = `${store.slice(2)}-00000000-0000-0000-0000-000000000000`;
  const userId = await createUser(ids, store, "carol");
  const { GroupId: groupId } = await ids.send(new CreateGroupCommand({
    IdentityStoreId: store, DisplayName: "Ops" }));
  await ids.send(new CreateGroupMembershipCommand({
    IdentityStoreId: store, GroupId: groupId, MemberId: { UserId: userId } }));
  const cases = [
    [new DescribeUserCommand({ IdentityStoreId: store, UserId: unknown }),
      "ResourceNotFoundException", "USER not found.", { ResourceType: "USER", ResourceId: unknown }],
    [new DescribeGroupMembershipCommand({ IdentityStoreId: store, MembershipId: unknown }),
      "ResourceNotFoundException", "GROUP_MEMBERSHIP not found.",
      { ResourceType: "GROUP_MEMBERSHIP", ResourceId: unknown }],
    [new GetGroupIdCommand({ IdentityStoreId: store, AlternateIdentifier: { UniqueAttribute: {
      AttributePath: "displayName", AttributeValue: "Nobody" } } }),
    "ResourceNotFoundException", "GROUP not found.", { ResourceType: "GROUP" }],
    [new CreateGroupCommand({ IdentityStoreId: store, DisplayName: "Ops" }),
      "ConflictException", "Duplicate GroupDisplayName",
      { Reason: "UNIQUENESS_CONSTRAINT_VIOLATION" }],
    [new CreateGroupMembershipCommand({ IdentityStoreId: store, GroupId: groupId,
      MemberId: { UserId: userId } }), "ConflictException",
    "Member and Group relationship already exists.", { Reason: "UNIQUENESS_CONSTRAINT_VIOLATION" }],
    [new UpdateUserCommand({ IdentityStoreId: store, UserId: userId, Operations: [
      { AttributePath: "shoeSize", AttributeValue: "44" }] }),
    "ValidationException", "Invalid attribute path shoeSize."],
  ];
  for (const [command, name, message, members] of cases) {
    await assert.rejects(ids.send(command), (err) => expectError(err, name, message, members));
  }
});

test("a store never created, or another account's, is ResourceNotFoundException", async () => {
  const { ids } = await newStore();
  const { store: theirs } = await newStore();
  for (const store of ["d-0000000000", theirs]) {
    await assert.rejects(createUser(ids, store, "nobody"), (err) => expectError(
      err, "ResourceNotFoundException", `IdentityStore not present for IdentityStoreId: ${store}`,
      { ResourceType: "IDENTITY_STORE", ResourceId: store }));
  }
});

test("the store is gone once its instance is deleted", async () => {
  const { ids, store, sso, InstanceArn } = await newStore();
  await createUser(ids, store, "before");
  await sso.send(new DeleteInstanceCommand({ InstanceArn }));
  await assert.rejects(ids.send(new ListUsersCommand({ IdentityStoreId: store })),
    (err) => expectError(err, "ResourceNotFoundException",
      `IdentityStore not present for IdentityStoreId: ${store}`,
      { ResourceType: "IDENTITY_STORE", ResourceId: store }));
});
