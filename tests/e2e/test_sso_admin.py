"""IAM Identity Center administration (SSO Admin) against the real binary: boto3 and the AWS CLI.

One account instance is allowed per account, so every test acts in an account of its own (a
12-digit access key id is that account).
"""
import random
import time

from botocore.config import Config
from botocore.exceptions import ClientError

from harness import EmulatorTestCase

INSTANCE_PATTERN = "arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}"


def new_account():
    return "".join(random.choice("123456789") for _ in range(12))


class SsoAdminCase(EmulatorTestCase):
    def sso(self, account, **config):
        return self.client("sso-admin", access_key=account, **config)

    def wait_for(self, call, predicate, timeout=15):
        deadline = time.time() + timeout
        while True:
            value = call()
            if predicate(value):
                return value
            if time.time() > deadline:
                raise AssertionError(f"condition not reached; last value {value}")
            time.sleep(0.05)

    def active_instance(self, account, **kwargs):
        sso = self.sso(account)
        arn = sso.create_instance(**kwargs)["InstanceArn"]
        self.wait_for(lambda: sso.describe_instance(InstanceArn=arn),
                      lambda d: d["Status"] != "CREATE_IN_PROGRESS")
        return sso, arn

    def assert_error(self, cm, code, message=None, reason=None):
        """The whole error body: code, status, message when given, and the Reason member (only
        errors about a customer managed KMS key carry one)."""
        response = cm.exception.response
        self.assertEqual(response["Error"]["Code"], code)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        if message is not None:
            self.assertEqual(response["Error"]["Message"], message)
        self.assertEqual(response.get("Reason"), reason)


class SsoAdminLifecycleTest(SsoAdminCase):
    """Transitions stretched to 500 ms so the intermediate states can be observed."""

    nimbus_args = ("--async-delay-ms", "500")

    def test_instance_goes_through_create_in_progress_to_active_then_delete(self):
        account = new_account()
        sso = self.sso(account)
        arn = sso.create_instance(Name="lifecycle")["InstanceArn"]
        described = sso.describe_instance(InstanceArn=arn)
        self.assertEqual(described["Status"], "CREATE_IN_PROGRESS")
        # Only DescribeInstance and DeleteInstance while CREATE_IN_PROGRESS.
        with self.assertRaises(ClientError) as cm:
            sso.create_permission_set(InstanceArn=arn, Name="too-early")
        self.assert_error(cm, "ConflictException")
        with self.assertRaises(ClientError) as cm:
            sso.update_instance(InstanceArn=arn, Name="renamed")
        self.assert_error(cm, "ConflictException")
        listed = sso.list_instances()["Instances"]
        self.assertEqual([i["Status"] for i in listed], ["CREATE_IN_PROGRESS"])
        active = self.wait_for(lambda: sso.describe_instance(InstanceArn=arn),
                               lambda d: d["Status"] == "ACTIVE")
        self.assertEqual(active["Name"], "lifecycle")
        sso.delete_instance(InstanceArn=arn)
        self.assertEqual(sso.describe_instance(InstanceArn=arn)["Status"], "DELETE_IN_PROGRESS")
        with self.assertRaises(ClientError) as cm:
            sso.delete_instance(InstanceArn=arn)
        self.assert_error(cm, "ConflictException")

        def gone():
            try:
                sso.describe_instance(InstanceArn=arn)
                return False
            except ClientError as e:
                self.assertEqual(e.response["Error"]["Code"], "AccessDeniedException")
                return True

        self.wait_for(gone, bool)
        self.assertEqual(sso.list_instances()["Instances"], [])

    def test_delete_while_create_in_progress(self):
        sso = self.sso(new_account())
        arn = sso.create_instance()["InstanceArn"]
        sso.delete_instance(InstanceArn=arn)
        self.assertEqual(sso.describe_instance(InstanceArn=arn)["Status"], "DELETE_IN_PROGRESS")

        def describe_error():
            try:
                sso.describe_instance(InstanceArn=arn)
                return None
            except ClientError as e:
                return e.response["Error"]["Code"]

        self.assertEqual(self.wait_for(describe_error, lambda code: code is not None),
                         "AccessDeniedException")

    def test_customer_managed_key_passes_through_updating(self):
        account = new_account()
        sso, arn = self.active_instance(account)
        kms = self.client("kms", access_key=account)
        key = kms.create_key()["KeyMetadata"]
        sso.update_instance(InstanceArn=arn, EncryptionConfiguration={
            "KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": key["Arn"]})
        details = sso.describe_instance(InstanceArn=arn)["EncryptionConfigurationDetails"]
        self.assertEqual(details["EncryptionStatus"], "UPDATING")
        self.assertEqual(details["KeyType"], "CUSTOMER_MANAGED_KEY")
        self.assertEqual(details["KmsKeyArn"], key["Arn"])
        with self.assertRaises(ClientError) as cm:
            sso.update_instance(InstanceArn=arn,
                                EncryptionConfiguration={"KeyType": "AWS_OWNED_KMS_KEY"})
        self.assert_error(cm, "ConflictException")
        done = self.wait_for(
            lambda: sso.describe_instance(InstanceArn=arn)["EncryptionConfigurationDetails"],
            lambda d: d["EncryptionStatus"] != "UPDATING")
        self.assertEqual(done, {"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": key["Arn"],
                                "EncryptionStatus": "ENABLED"})

    def test_assignment_and_provisioning_report_in_progress_first(self):
        account = new_account()
        sso, arn = self.active_instance(account)
        ps = sso.create_permission_set(InstanceArn=arn, Name="Slow")["PermissionSet"]
        status = sso.provision_permission_set(
            InstanceArn=arn, PermissionSetArn=ps["PermissionSetArn"],
            TargetType="ALL_PROVISIONED_ACCOUNTS")["PermissionSetProvisioningStatus"]
        self.assertEqual(status["Status"], "IN_PROGRESS")
        self.assertEqual(status["PermissionSetArn"], ps["PermissionSetArn"])
        request_id = status["RequestId"]
        self.assertEqual(
            sso.list_permission_set_provisioning_status(
                InstanceArn=arn, Filter={"Status": "IN_PROGRESS"}
            )["PermissionSetsProvisioningStatus"][0]["RequestId"], request_id)
        done = self.wait_for(
            lambda: sso.describe_permission_set_provisioning_status(
                InstanceArn=arn, ProvisionPermissionSetRequestId=request_id
            )["PermissionSetProvisioningStatus"],
            lambda s: s["Status"] != "IN_PROGRESS")
        self.assertEqual(done["Status"], "SUCCEEDED")


class SsoAdminTest(SsoAdminCase):
    def test_describe_instance_returns_every_field(self):
        account = new_account()
        sso = self.sso(account)
        before = time.time()
        arn = sso.create_instance(Name="fields", Tags=[{"Key": "team", "Value": "blue"}])[
            "InstanceArn"]
        d = self.wait_for(lambda: sso.describe_instance(InstanceArn=arn),
                          lambda x: x["Status"] == "ACTIVE")
        self.assertRegex(arn, r"^arn:aws:sso:::instance/ssoins-[0-9a-f]{16}$")
        self.assertEqual(d["InstanceArn"], arn)
        self.assertRegex(d["IdentityStoreId"], r"^d-[0-9a-f]{10}$")
        self.assertEqual(d["OwnerAccountId"], account)
        self.assertEqual(d["Name"], "fields")
        self.assertLessEqual(abs(d["CreatedDate"].timestamp() - before), 5)
        self.assertEqual(d["Status"], "ACTIVE")
        self.assertNotIn("StatusReason", d)
        self.assertEqual(d["EncryptionConfigurationDetails"],
                         {"KeyType": "AWS_OWNED_KMS_KEY", "EncryptionStatus": "ENABLED"})
        listed = sso.list_instances()["Instances"]
        self.assertEqual(len(listed), 1)
        self.assertEqual(listed[0]["IdentityStoreId"], d["IdentityStoreId"])
        self.assertNotIn("EncryptionConfigurationDetails", listed[0])
        self.assertEqual(sso.list_tags_for_resource(ResourceArn=arn)["Tags"],
                         [{"Key": "team", "Value": "blue"}])

    def test_fail_create_tag_ends_in_create_failed(self):
        sso, arn = self.active_instance(new_account(), Tags=[
            {"Key": "nimbus:fail-create", "Value": "Simulated: directory unavailable"}])
        d = sso.describe_instance(InstanceArn=arn)
        self.assertEqual(d["Status"], "CREATE_FAILED")
        self.assertEqual(d["StatusReason"], "Simulated: directory unavailable")
        with self.assertRaises(ClientError) as cm:
            sso.list_permission_sets(InstanceArn=arn)
        # ListPermissionSets cannot answer ConflictException (its model does not list it).
        self.assert_error(
            cm, "ValidationException",
            f"The instance {arn} is in status CREATE_FAILED; only DescribeInstance and "
            "DeleteInstance can be called on it until it is ACTIVE.")
        with self.assertRaises(ClientError) as cm:
            sso.create_permission_set(InstanceArn=arn, Name="too-late")
        self.assert_error(
            cm, "ConflictException",
            f"The instance {arn} is in status CREATE_FAILED; only DescribeInstance and "
            "DeleteInstance can be called on it until it is ACTIVE.")
        sso.delete_instance(InstanceArn=arn)

    def test_one_account_instance_per_account_and_client_token(self):
        account = new_account()
        sso = self.sso(account)
        first = sso.create_instance(Name="one", ClientToken="tok-1")["InstanceArn"]
        self.assertEqual(sso.create_instance(Name="one", ClientToken="tok-1")["InstanceArn"], first)
        with self.assertRaises(ClientError) as cm:
            sso.create_instance(Name="two", ClientToken="tok-1")
        # The model has no IdempotentParameterMismatch: CreateInstance answers ConflictException.
        self.assert_error(cm, "ConflictException",
                          "The ClientToken tok-1 was already used with different parameters.")
        with self.assertRaises(ClientError) as cm:
            self.client("sso-admin", access_key=account, region="eu-west-1").create_instance()
        self.assert_error(cm, "ConflictException")

    def test_malformed_instance_arn_is_validation_exception(self):
        sso = self.sso(new_account())
        bad = "arn:aws:sso:::instance/ssoins-tooshort"
        expected = ("1 validation error detected: Value '" + bad + "' at 'instanceArn' failed "
                    "to satisfy constraint: Member must satisfy regular expression pattern: "
                    + INSTANCE_PATTERN)
        for call in (lambda: sso.describe_instance(InstanceArn=bad),
                     lambda: sso.delete_instance(InstanceArn=bad),
                     lambda: sso.update_instance(InstanceArn=bad, Name="x"),
                     lambda: sso.list_permission_sets(InstanceArn=bad),
                     lambda: sso.create_permission_set(InstanceArn=bad, Name="x")):
            with self.assertRaises(ClientError) as cm:
                call()
            self.assert_error(cm, "ValidationException", expected)
        # Too short as well: botocore would refuse it itself unless told not to validate.
        raw = self.sso(new_account(), parameter_validation=False)
        with self.assertRaises(ClientError) as cm:
            raw.describe_instance(InstanceArn="arn:x")
        self.assert_error(
            cm, "ValidationException",
            "2 validation errors detected: Value 'arn:x' at 'instanceArn' failed to satisfy "
            "constraint: Member must have length greater than or equal to 10; Value 'arn:x' at "
            "'instanceArn' failed to satisfy constraint: Member must satisfy regular expression "
            "pattern: " + INSTANCE_PATTERN)

    def test_unknown_or_foreign_instance_is_access_denied(self):
        owner = new_account()
        _, arn = self.active_instance(owner)
        other = new_account()
        with self.assertRaises(ClientError) as cm:
            self.sso(other).describe_instance(InstanceArn=arn)
        self.assert_error(
            cm, "AccessDeniedException",
            f"User: arn:aws:iam::{other}:root is not authorized to perform: "
            f"sso:DescribeInstance on resource: {arn}")
        with self.assertRaises(ClientError) as cm:
            self.sso(owner).describe_instance(
                InstanceArn="arn:aws:sso:::instance/ssoins-0000000000000000")
        self.assert_error(cm, "AccessDeniedException")

    def test_encryption_update_fails_for_missing_disabled_and_deleted_keys(self):
        account = new_account()
        sso, arn = self.active_instance(account)
        kms = self.client("kms", access_key=account)
        disabled = kms.create_key()["KeyMetadata"]["Arn"]
        kms.disable_key(KeyId=disabled)
        pending = kms.create_key()["KeyMetadata"]["Arn"]
        kms.schedule_key_deletion(KeyId=pending, PendingWindowInDays=7)
        missing = f"arn:aws:kms:us-east-1:{account}:key/00000000-1111-2222-3333-444444444444"
        for key, reason in ((missing, f"The KMS key {missing} does not exist or is not accessible."),
                            (disabled, f"The KMS key {disabled} is disabled."),
                            (pending, f"The KMS key {pending} is pending deletion.")):
            sso.update_instance(InstanceArn=arn, EncryptionConfiguration={
                "KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": key})
            details = self.wait_for(
                lambda: sso.describe_instance(InstanceArn=arn)["EncryptionConfigurationDetails"],
                lambda d: d["EncryptionStatus"] != "UPDATING")
            self.assertEqual(details, {"KeyType": "AWS_OWNED_KMS_KEY",
                                       "EncryptionStatus": "UPDATE_FAILED",
                                       "EncryptionStatusReason": reason})
        with self.assertRaises(ClientError) as cm:
            sso.update_instance(InstanceArn=arn,
                                EncryptionConfiguration={"KeyType": "CUSTOMER_MANAGED_KEY"})
        self.assert_error(cm, "ValidationException")

    def customer_managed_key(self, account, sso, arn):
        """Puts the instance under a new customer managed key; the key's ARN."""
        key = self.client("kms", access_key=account).create_key()["KeyMetadata"]["Arn"]
        sso.update_instance(InstanceArn=arn, EncryptionConfiguration={
            "KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": key})
        details = self.wait_for(
            lambda: sso.describe_instance(InstanceArn=arn)["EncryptionConfigurationDetails"],
            lambda d: d["EncryptionStatus"] != "UPDATING")
        self.assertEqual(details["EncryptionStatus"], "ENABLED")
        return key

    def test_disabled_customer_managed_key_is_validation_exception_with_its_reason(self):
        account = new_account()
        sso, arn = self.active_instance(account)
        ps = sso.create_permission_set(InstanceArn=arn, Name="Sealed")["PermissionSet"][
            "PermissionSetArn"]
        key = self.customer_managed_key(account, sso, arn)
        self.assertEqual(sso.describe_permission_set(
            InstanceArn=arn, PermissionSetArn=ps)["PermissionSet"]["Name"], "Sealed")
        self.client("kms", access_key=account).disable_key(KeyId=key)
        with self.assertRaises(ClientError) as cm:
            sso.describe_permission_set(InstanceArn=arn, PermissionSetArn=ps)
        self.assert_error(cm, "ValidationException", f"{key} is disabled.",
                          reason="KMS_DisabledException")

    def test_key_pending_deletion_is_validation_exception_with_its_reason(self):
        account = new_account()
        sso, arn = self.active_instance(account)
        key = self.customer_managed_key(account, sso, arn)
        self.client("kms", access_key=account).schedule_key_deletion(
            KeyId=key, PendingWindowInDays=7)
        with self.assertRaises(ClientError) as cm:
            sso.create_permission_set(InstanceArn=arn, Name="Late")
        self.assert_error(cm, "ValidationException", f"{key} is pending deletion.",
                          reason="KMS_InvalidStateException")

    def test_permission_set_crud_policies_and_paging(self):
        sso, arn = self.active_instance(new_account())
        created = sso.create_permission_set(
            InstanceArn=arn, Name="Admin", Description="admins", SessionDuration="PT4H",
            RelayState="https://console.aws.amazon.com/",
            Tags=[{"Key": "env", "Value": "dev"}])["PermissionSet"]
        ps = created["PermissionSetArn"]
        self.assertRegex(ps, r"^arn:aws:sso:::permissionSet/ssoins-[0-9a-f]{16}/ps-[0-9a-f]{16}$")
        self.assertEqual(created["SessionDuration"], "PT4H")
        with self.assertRaises(ClientError) as cm:
            sso.create_permission_set(InstanceArn=arn, Name="Admin")
        self.assert_error(cm, "ConflictException")
        with self.assertRaises(ClientError) as cm:
            sso.create_permission_set(InstanceArn=arn, Name="Short", SessionDuration="PT10M")
        self.assert_error(cm, "ValidationException")
        sso.update_permission_set(InstanceArn=arn, PermissionSetArn=ps, SessionDuration="PT2H")
        described = sso.describe_permission_set(InstanceArn=arn, PermissionSetArn=ps)[
            "PermissionSet"]
        self.assertEqual((described["Name"], described["Description"],
                          described["SessionDuration"], described["RelayState"]),
                         ("Admin", "admins", "PT2H", "https://console.aws.amazon.com/"))
        policy = "arn:aws:iam::aws:policy/ReadOnlyAccess"
        sso.attach_managed_policy_to_permission_set(InstanceArn=arn, PermissionSetArn=ps,
                                                    ManagedPolicyArn=policy)
        self.assertEqual(sso.list_managed_policies_in_permission_set(
            InstanceArn=arn, PermissionSetArn=ps)["AttachedManagedPolicies"],
            [{"Name": "ReadOnlyAccess", "Arn": policy}])
        sso.attach_customer_managed_policy_reference_to_permission_set(
            InstanceArn=arn, PermissionSetArn=ps,
            CustomerManagedPolicyReference={"Name": "app-access", "Path": "/teams/"})
        self.assertEqual(sso.list_customer_managed_policy_references_in_permission_set(
            InstanceArn=arn, PermissionSetArn=ps)["CustomerManagedPolicyReferences"],
            [{"Name": "app-access", "Path": "/teams/"}])
        sso.put_permissions_boundary_to_permission_set(
            InstanceArn=arn, PermissionSetArn=ps,
            PermissionsBoundary={"CustomerManagedPolicyReference": {"Name": "boundary"}})
        self.assertEqual(sso.get_permissions_boundary_for_permission_set(
            InstanceArn=arn, PermissionSetArn=ps)["PermissionsBoundary"],
            {"CustomerManagedPolicyReference": {"Name": "boundary", "Path": "/"}})
        doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'
        sso.put_inline_policy_to_permission_set(InstanceArn=arn, PermissionSetArn=ps,
                                                InlinePolicy=doc)
        self.assertEqual(sso.get_inline_policy_for_permission_set(
            InstanceArn=arn, PermissionSetArn=ps)["InlinePolicy"], doc)
        sso.delete_inline_policy_from_permission_set(InstanceArn=arn, PermissionSetArn=ps)
        self.assertEqual(sso.get_inline_policy_for_permission_set(
            InstanceArn=arn, PermissionSetArn=ps)["InlinePolicy"], "")
        self.assertEqual(sso.list_tags_for_resource(InstanceArn=arn, ResourceArn=ps)["Tags"],
                         [{"Key": "env", "Value": "dev"}])
        sso.untag_resource(InstanceArn=arn, ResourceArn=ps, TagKeys=["env"])
        self.assertEqual(sso.list_tags_for_resource(InstanceArn=arn, ResourceArn=ps)["Tags"], [])
        for i in range(4):
            sso.create_permission_set(InstanceArn=arn, Name=f"Extra{i}")
        first = sso.list_permission_sets(InstanceArn=arn, MaxResults=2)
        self.assertEqual(len(first["PermissionSets"]), 2)
        self.assertIn("NextToken", first)
        everything = [arn_ for page in sso.get_paginator("list_permission_sets").paginate(
            InstanceArn=arn, PaginationConfig={"PageSize": 2}) for arn_ in page["PermissionSets"]]
        self.assertEqual(len(everything), 5)
        self.assertEqual(everything[0], ps)
        sso.delete_permission_set(InstanceArn=arn, PermissionSetArn=ps)
        with self.assertRaises(ClientError) as cm:
            sso.describe_permission_set(InstanceArn=arn, PermissionSetArn=ps)
        self.assert_error(cm, "ResourceNotFoundException",
                          "Could not find PermissionSet with id " + ps.rsplit("/", 1)[1])

    def identity_user(self, account, store_id):
        ids = self.client("identitystore", access_key=account)
        return ids.create_user(IdentityStoreId=store_id, UserName=self.unique("user"),
                               DisplayName="E2E User",
                               Name={"GivenName": "E2E", "FamilyName": "User"})["UserId"]

    def test_account_assignment_for_a_known_user_succeeds(self):
        account = new_account()
        sso, arn = self.active_instance(account)
        store_id = sso.describe_instance(InstanceArn=arn)["IdentityStoreId"]
        user = self.identity_user(account, store_id)
        ps = sso.create_permission_set(InstanceArn=arn, Name="Dev")["PermissionSet"][
            "PermissionSetArn"]
        target = new_account()
        request = dict(InstanceArn=arn, TargetId=target, TargetType="AWS_ACCOUNT",
                       PermissionSetArn=ps, PrincipalType="USER", PrincipalId=user)
        status = sso.create_account_assignment(**request)["AccountAssignmentCreationStatus"]
        self.assertEqual(status["Status"], "IN_PROGRESS")
        done = self.wait_for(
            lambda: sso.describe_account_assignment_creation_status(
                InstanceArn=arn, AccountAssignmentCreationRequestId=status["RequestId"]
            )["AccountAssignmentCreationStatus"],
            lambda s: s["Status"] != "IN_PROGRESS")
        self.assertEqual(done["Status"], "SUCCEEDED")
        self.assertEqual(sso.list_account_assignments(
            InstanceArn=arn, AccountId=target, PermissionSetArn=ps)["AccountAssignments"],
            [{"AccountId": target, "PermissionSetArn": ps, "PrincipalType": "USER",
              "PrincipalId": user}])
        self.assertEqual(sso.list_permission_sets_provisioned_to_account(
            InstanceArn=arn, AccountId=target)["PermissionSets"], [ps])
        self.assertEqual(sso.list_accounts_for_provisioned_permission_set(
            InstanceArn=arn, PermissionSetArn=ps)["AccountIds"], [target])
        self.assertEqual(len(sso.list_account_assignments_for_principal(
            InstanceArn=arn, PrincipalId=user, PrincipalType="USER")["AccountAssignments"]), 1)
        deletion = sso.delete_account_assignment(**request)["AccountAssignmentDeletionStatus"]
        done = self.wait_for(
            lambda: sso.describe_account_assignment_deletion_status(
                InstanceArn=arn, AccountAssignmentDeletionRequestId=deletion["RequestId"]
            )["AccountAssignmentDeletionStatus"],
            lambda s: s["Status"] != "IN_PROGRESS")
        self.assertEqual(done["Status"], "SUCCEEDED")
        self.assertEqual(sso.list_account_assignments(
            InstanceArn=arn, AccountId=target, PermissionSetArn=ps)["AccountAssignments"], [])

    def test_account_assignment_for_an_unknown_principal_fails(self):
        sso, arn = self.active_instance(new_account())
        ps = sso.create_permission_set(InstanceArn=arn, Name="Dev")["PermissionSet"][
            "PermissionSetArn"]
        group = "a1b2c3d4-0000-1111-2222-333344445555"
        status = sso.create_account_assignment(
            InstanceArn=arn, TargetId=new_account(), TargetType="AWS_ACCOUNT",
            PermissionSetArn=ps, PrincipalType="GROUP", PrincipalId=group,
        )["AccountAssignmentCreationStatus"]
        done = self.wait_for(
            lambda: sso.describe_account_assignment_creation_status(
                InstanceArn=arn, AccountAssignmentCreationRequestId=status["RequestId"]
            )["AccountAssignmentCreationStatus"],
            lambda s: s["Status"] != "IN_PROGRESS")
        self.assertEqual(done["Status"], "FAILED")
        self.assertIn(group, done["FailureReason"])
        failed = sso.list_account_assignment_creation_status(
            InstanceArn=arn, Filter={"Status": "FAILED"})["AccountAssignmentsCreationStatus"]
        self.assertEqual([f["RequestId"] for f in failed], [status["RequestId"]])

    def test_organization_instance_in_the_management_account(self):
        management = new_account()
        orgs = self.client("organizations", access_key=management)
        orgs.create_organization(FeatureSet="ALL")
        sso = self.sso(management)
        with self.assertRaises(ClientError) as cm:
            sso.create_instance(Name="not-here")
        self.assert_error(cm, "ValidationException")
        self.assertEqual(sso.list_instances()["Instances"], [])
        orgs.enable_aws_service_access(ServicePrincipal="sso.amazonaws.com")
        listed = sso.list_instances()["Instances"]
        self.assertEqual(len(listed), 1)
        self.assertEqual((listed[0]["OwnerAccountId"], listed[0]["Status"]),
                         (management, "ACTIVE"))
        arn = listed[0]["InstanceArn"]
        self.assertEqual(sso.describe_instance(InstanceArn=arn)["EncryptionConfigurationDetails"],
                         {"KeyType": "AWS_OWNED_KMS_KEY", "EncryptionStatus": "ENABLED"})
        # Listing again does not make a second one.
        self.assertEqual([i["InstanceArn"] for i in sso.list_instances()["Instances"]], [arn])
        # A member account may still create an account instance of its own.
        status = orgs.create_account(Email=f"{self.unique('m')}@example.com",
                                     AccountName="member")["CreateAccountStatus"]
        member = self.wait_for(
            lambda: orgs.describe_create_account_status(
                CreateAccountRequestId=status["Id"])["CreateAccountStatus"],
            lambda s: s["State"] != "IN_PROGRESS")["AccountId"]
        _, member_arn = self.active_instance(member)
        self.assertNotEqual(member_arn, arn)

    def test_managed_policy_quota_is_service_quota_exceeded(self):
        sso, arn = self.active_instance(new_account())
        ps = sso.create_permission_set(InstanceArn=arn, Name="Full")["PermissionSet"][
            "PermissionSetArn"]
        for i in range(20):
            sso.attach_customer_managed_policy_reference_to_permission_set(
                InstanceArn=arn, PermissionSetArn=ps,
                CustomerManagedPolicyReference={"Name": f"policy-{i}"})
        with self.assertRaises(ClientError) as cm:
            sso.attach_managed_policy_to_permission_set(
                InstanceArn=arn, PermissionSetArn=ps,
                ManagedPolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        self.assert_error(
            cm, "ServiceQuotaExceededException",
            "You have exceeded AWS SSO limits. Cannot attach more than 20 managed policies to "
            f"permission set {ps.rsplit('/', 1)[1]}.")
        pages = list(sso.get_paginator(
            "list_customer_managed_policy_references_in_permission_set").paginate(
            InstanceArn=arn, PermissionSetArn=ps, PaginationConfig={"PageSize": 7}))
        self.assertEqual([len(p["CustomerManagedPolicyReferences"]) for p in pages], [7, 7, 6])
        self.assertEqual(sso.list_managed_policies_in_permission_set(
            InstanceArn=arn, PermissionSetArn=ps)["AttachedManagedPolicies"], [])

    def test_cli_instance_lifecycle(self):
        account = new_account()
        arn = self.aws("sso-admin", "create-instance", "--name", "cli-instance",
                       access_key=account)["InstanceArn"]
        described = self.wait_for(
            lambda: self.aws("sso-admin", "describe-instance", "--instance-arn", arn,
                             access_key=account),
            lambda d: d["Status"] == "ACTIVE")
        self.assertEqual(described["Name"], "cli-instance")
        self.assertEqual(described["OwnerAccountId"], account)
        listed = self.aws("sso-admin", "list-instances", access_key=account)["Instances"]
        self.assertEqual([i["InstanceArn"] for i in listed], [arn])
        self.aws("sso-admin", "update-instance", "--instance-arn", arn, "--name", "renamed",
                 access_key=account)
        self.assertEqual(self.aws("sso-admin", "describe-instance", "--instance-arn", arn,
                                  access_key=account)["Name"], "renamed")
        result = self.aws("sso-admin", "describe-instance", "--instance-arn",
                          "arn:aws:sso:::instance/ssoins-nope", access_key=account, check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ValidationException", result.stderr)
        self.aws("sso-admin", "delete-instance", "--instance-arn", arn, access_key=account)
        result = self.wait_for(
            lambda: self.aws("sso-admin", "describe-instance", "--instance-arn", arn,
                             access_key=account, check=False),
            lambda r: r.returncode != 0)
        self.assertIn("AccessDeniedException", result.stderr)


if __name__ == "__main__":
    import unittest
    unittest.main()
