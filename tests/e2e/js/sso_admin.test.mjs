// SSO Admin (IAM Identity Center) with the JS SDK v3: instance lifecycle with intermediate
// states (--async-delay-ms 500), every DescribeInstance field, ARN validation, encryption updates
// that succeed and fail, permission sets and account assignments, and the whole error (name,
// status, message, Reason) of every error kind.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  SSOAdminClient, CreateInstanceCommand, DescribeInstanceCommand, ListInstancesCommand,
  UpdateInstanceCommand, DeleteInstanceCommand, CreatePermissionSetCommand,
  DescribePermissionSetCommand, ListPermissionSetsCommand, AttachManagedPolicyToPermissionSetCommand,
  ListManagedPoliciesInPermissionSetCommand, CreateAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand, ListAccountAssignmentsCommand,
  DeletePermissionSetCommand, AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  paginateListPermissionSets,
} from "@aws-sdk/client-sso-admin";
import { KMSClient, CreateKeyCommand, DisableKeyCommand } from "@aws-sdk/client-kms";
import { IdentitystoreClient, CreateGroupCommand } from "@aws-sdk/client-identitystore";
import { startNimbus, clientConfig, credentials } from "./harness.mjs";

const PATTERN = "arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}";

let nimbus;
before(async () => { nimbus = await startNimbus(["--async-delay-ms", "500"]); });
after(async () => { assert.equal(await nimbus.stop(), 0); });

function account() {
  let digits = "";
  for (let i = 0; i < 12; i++) digits += String(1 + Math.floor(Math.random() * 9));
  return digits;
}

function clients(acct) {
  const config = clientConfig(nimbus.endpoint, {
    credentials: { ...credentials, accessKeyId: acct },
  });
  return {
    sso: new SSOAdminClient(config),
    kms: new KMSClient(config),
    ids: new IdentitystoreClient(config),
  };
}

async function waitFor(call, done, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await call();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function activeInstance(sso, input = {}) {
  const { InstanceArn } = await sso.send(new CreateInstanceCommand(input));
  await waitFor(() => sso.send(new DescribeInstanceCommand({ InstanceArn })),
    (d) => d.Status !== "CREATE_IN_PROGRESS");
  return InstanceArn;
}

test("instance lifecycle passes through CREATE_IN_PROGRESS and DELETE_IN_PROGRESS", async () => {
  const acct = account();
  const { sso } = clients(acct);
  const started = Date.now();
  const { InstanceArn } = await sso.send(new CreateInstanceCommand({ Name: "js-instance" }));
  assert.match(InstanceArn, /^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
  const pending = await sso.send(new DescribeInstanceCommand({ InstanceArn }));
  assert.equal(pending.Status, "CREATE_IN_PROGRESS");
  await assert.rejects(sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "early" })),
    (err) => {
      assert.equal(err.name, "ConflictException");
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.message, `The instance ${InstanceArn} is in status CREATE_IN_PROGRESS; ` +
        "only DescribeInstance and DeleteInstance can be called on it until it is ACTIVE.");
      assert.equal(err.Reason, undefined);
      return true;
    });
  const d = await waitFor(() => sso.send(new DescribeInstanceCommand({ InstanceArn })),
    (x) => x.Status === "ACTIVE");
  assert.equal(d.InstanceArn, InstanceArn);
  assert.match(d.IdentityStoreId, /^d-[0-9a-f]{10}$/);
  assert.equal(d.OwnerAccountId, acct);
  assert.equal(d.Name, "js-instance");
  assert.ok(d.CreatedDate instanceof Date);
  assert.ok(Math.abs(d.CreatedDate.getTime() - started) < 5000);
  assert.equal(d.StatusReason, undefined);
  assert.deepEqual(d.EncryptionConfigurationDetails,
    { KeyType: "AWS_OWNED_KMS_KEY", EncryptionStatus: "ENABLED" });
  const listed = await sso.send(new ListInstancesCommand({}));
  assert.deepEqual(listed.Instances.map((i) => i.InstanceArn), [InstanceArn]);

  await sso.send(new DeleteInstanceCommand({ InstanceArn }));
  const deleting = await sso.send(new DescribeInstanceCommand({ InstanceArn }));
  assert.equal(deleting.Status, "DELETE_IN_PROGRESS");
  const error = await waitFor(async () => {
    try {
      await sso.send(new DescribeInstanceCommand({ InstanceArn }));
      return null;
    } catch (err) {
      return err;
    }
  }, (e) => e !== null);
  assert.equal(error.name, "AccessDeniedException");
  assert.equal(error.$metadata.httpStatusCode, 400);
  assert.equal(error.Reason, undefined);
  assert.equal(error.message,
    `User: arn:aws:iam::${acct}:root is not authorized to perform: sso:DescribeInstance on resource: ${InstanceArn}`);
});

test("CreateInstance tagged nimbus:fail-create ends in CREATE_FAILED", async () => {
  const { sso } = clients(account());
  const InstanceArn = await activeInstance(sso, {
    Tags: [{ Key: "nimbus:fail-create", Value: "Simulated failure" }],
  });
  const d = await sso.send(new DescribeInstanceCommand({ InstanceArn }));
  assert.equal(d.Status, "CREATE_FAILED");
  assert.equal(d.StatusReason, "Simulated failure");
});

test("a malformed InstanceArn is a ValidationException with the model's message", async () => {
  const { sso } = clients(account());
  const bad = "arn:aws:sso:::instance/ssoins-bad";
  for (const command of [new DescribeInstanceCommand({ InstanceArn: bad }),
    new DeleteInstanceCommand({ InstanceArn: bad }),
    new ListPermissionSetsCommand({ InstanceArn: bad })]) {
    await assert.rejects(sso.send(command), (err) => {
      assert.equal(err.name, "ValidationException");
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.message, `1 validation error detected: Value '${bad}' at 'instanceArn' ` +
        `failed to satisfy constraint: Member must satisfy regular expression pattern: ${PATTERN}`);
      return true;
    });
  }
});

test("encryption update with an enabled key goes UPDATING -> ENABLED; a disabled key fails", async () => {
  const acct = account();
  const { sso, kms } = clients(acct);
  const InstanceArn = await activeInstance(sso);
  const good = (await kms.send(new CreateKeyCommand({}))).KeyMetadata.Arn;
  await sso.send(new UpdateInstanceCommand({
    InstanceArn, EncryptionConfiguration: { KeyType: "CUSTOMER_MANAGED_KEY", KmsKeyArn: good },
  }));
  const updating = await sso.send(new DescribeInstanceCommand({ InstanceArn }));
  assert.equal(updating.EncryptionConfigurationDetails.EncryptionStatus, "UPDATING");
  const enabled = await waitFor(() => sso.send(new DescribeInstanceCommand({ InstanceArn })),
    (x) => x.EncryptionConfigurationDetails.EncryptionStatus !== "UPDATING");
  assert.deepEqual(enabled.EncryptionConfigurationDetails,
    { KeyType: "CUSTOMER_MANAGED_KEY", KmsKeyArn: good, EncryptionStatus: "ENABLED" });

  const bad = (await kms.send(new CreateKeyCommand({}))).KeyMetadata.Arn;
  await kms.send(new DisableKeyCommand({ KeyId: bad }));
  await sso.send(new UpdateInstanceCommand({
    InstanceArn, EncryptionConfiguration: { KeyType: "CUSTOMER_MANAGED_KEY", KmsKeyArn: bad },
  }));
  const failed = await waitFor(() => sso.send(new DescribeInstanceCommand({ InstanceArn })),
    (x) => x.EncryptionConfigurationDetails.EncryptionStatus !== "UPDATING");
  assert.deepEqual(failed.EncryptionConfigurationDetails, {
    KeyType: "CUSTOMER_MANAGED_KEY", KmsKeyArn: good, EncryptionStatus: "UPDATE_FAILED",
    EncryptionStatusReason: `The KMS key ${bad} is disabled.`,
  });
});

test("permission sets page and take managed policies; group assignment succeeds", async () => {
  const acct = account();
  const { sso, ids } = clients(acct);
  const InstanceArn = await activeInstance(sso);
  const { IdentityStoreId } = await sso.send(new DescribeInstanceCommand({ InstanceArn }));
  const arns = [];
  for (let i = 0; i < 3; i++) {
    const out = await sso.send(new CreatePermissionSetCommand({
      InstanceArn, Name: `Js${i}`, SessionDuration: "PT2H",
    }));
    assert.equal(out.PermissionSet.SessionDuration, "PT2H");
    arns.push(out.PermissionSet.PermissionSetArn);
  }
  const paged = [];
  for await (const page of paginateListPermissionSets({ client: sso, pageSize: 2 },
    { InstanceArn })) {
    paged.push(...page.PermissionSets);
  }
  assert.deepEqual(paged, arns);
  const PermissionSetArn = arns[0];
  await sso.send(new AttachManagedPolicyToPermissionSetCommand({
    InstanceArn, PermissionSetArn, ManagedPolicyArn: "arn:aws:iam::aws:policy/ViewOnlyAccess",
  }));
  const policies = await sso.send(new ListManagedPoliciesInPermissionSetCommand({
    InstanceArn, PermissionSetArn,
  }));
  assert.deepEqual(policies.AttachedManagedPolicies,
    [{ Name: "ViewOnlyAccess", Arn: "arn:aws:iam::aws:policy/ViewOnlyAccess" }]);
  const described = await sso.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn }));
  assert.equal(described.PermissionSet.Name, "Js0");

  const { GroupId } = await ids.send(new CreateGroupCommand({
    IdentityStoreId, DisplayName: "js-admins",
  }));
  const target = account();
  const created = await sso.send(new CreateAccountAssignmentCommand({
    InstanceArn, TargetId: target, TargetType: "AWS_ACCOUNT", PermissionSetArn,
    PrincipalType: "GROUP", PrincipalId: GroupId,
  }));
  assert.equal(created.AccountAssignmentCreationStatus.Status, "IN_PROGRESS");
  const done = await waitFor(() => sso.send(new DescribeAccountAssignmentCreationStatusCommand({
    InstanceArn,
    AccountAssignmentCreationRequestId: created.AccountAssignmentCreationStatus.RequestId,
  })), (x) => x.AccountAssignmentCreationStatus.Status !== "IN_PROGRESS");
  assert.equal(done.AccountAssignmentCreationStatus.Status, "SUCCEEDED");
  const listed = await sso.send(new ListAccountAssignmentsCommand({
    InstanceArn, AccountId: target, PermissionSetArn,
  }));
  assert.deepEqual(listed.AccountAssignments, [{
    AccountId: target, PermissionSetArn, PrincipalType: "GROUP", PrincipalId: GroupId,
  }]);
});

test("a deleted permission set is a ResourceNotFoundException", async () => {
  const { sso } = clients(account());
  const InstanceArn = await activeInstance(sso);
  const { PermissionSet } = await sso.send(new CreatePermissionSetCommand({
    InstanceArn, Name: "Gone",
  }));
  const { PermissionSetArn } = PermissionSet;
  await sso.send(new DeletePermissionSetCommand({ InstanceArn, PermissionSetArn }));
  await assert.rejects(sso.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn })),
    (err) => {
      assert.equal(err.name, "ResourceNotFoundException");
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.message,
        `Could not find PermissionSet with id ${PermissionSetArn.split("/").pop()}`);
      assert.equal(err.Reason, undefined);
      return true;
    });
});

test("a 21st policy on a permission set is a ServiceQuotaExceededException", async () => {
  const { sso } = clients(account());
  const InstanceArn = await activeInstance(sso);
  const { PermissionSetArn } = (await sso.send(new CreatePermissionSetCommand({
    InstanceArn, Name: "Full",
  }))).PermissionSet;
  for (let i = 0; i < 20; i++) {
    await sso.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({
      InstanceArn, PermissionSetArn, CustomerManagedPolicyReference: { Name: `policy-${i}` },
    }));
  }
  await assert.rejects(sso.send(new AttachManagedPolicyToPermissionSetCommand({
    InstanceArn, PermissionSetArn, ManagedPolicyArn: "arn:aws:iam::aws:policy/ViewOnlyAccess",
  })), (err) => {
    assert.equal(err.name, "ServiceQuotaExceededException");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, "You have exceeded AWS SSO limits. Cannot attach more than 20 " +
      `managed policies to permission set ${PermissionSetArn.split("/").pop()}.`);
    return true;
  });
});

test("a disabled customer managed key is a ValidationException with its Reason", async () => {
  const acct = account();
  const { sso, kms } = clients(acct);
  const InstanceArn = await activeInstance(sso);
  const { PermissionSetArn } = (await sso.send(new CreatePermissionSetCommand({
    InstanceArn, Name: "Sealed",
  }))).PermissionSet;
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata.Arn;
  await sso.send(new UpdateInstanceCommand({
    InstanceArn, EncryptionConfiguration: { KeyType: "CUSTOMER_MANAGED_KEY", KmsKeyArn: key },
  }));
  await waitFor(() => sso.send(new DescribeInstanceCommand({ InstanceArn })),
    (x) => x.EncryptionConfigurationDetails.EncryptionStatus === "ENABLED");
  await kms.send(new DisableKeyCommand({ KeyId: key }));
  await assert.rejects(sso.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn })),
    (err) => {
      assert.equal(err.name, "ValidationException");
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.message, `${key} is disabled.`);
      assert.equal(err.Reason, "KMS_DisabledException");
      return true;
    });
});
