"""CloudFormation's trusted access with Organizations (Activate/Deactivate/DescribeOrganizationsAccess)
against the real binary with boto3 and the AWS CLI.

Organizations is global, so each test makes an organization of its own, managed by a new
12-digit account (the access key id is the account).
"""
import itertools
import time

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

PRINCIPAL = "member.org.stacksets.cloudformation.amazonaws.com"
NOT_ADMIN = ("You must be the management account or delegated admin account of an organization "
             "before operating a SERVICE_MANAGED stack set")
_accounts = itertools.count(310000000001)


def new_account():
    return str(next(_accounts))


class OrganizationsAccessTest(EmulatorTestCase):
    def organization(self):
        """A new organization; its management account's id."""
        manager = new_account()
        self.client("organizations", access_key=manager).create_organization(FeatureSet="ALL")
        return manager

    def member(self, manager, name):
        orgs = self.client("organizations", access_key=manager)
        request = orgs.create_account(Email=f"{name}-{manager}@example.com", AccountName=name)
        request_id = request["CreateAccountStatus"]["Id"]
        for _ in range(100):
            status = orgs.describe_create_account_status(CreateAccountRequestId=request_id)
            if status["CreateAccountStatus"]["State"] == "SUCCEEDED":
                return status["CreateAccountStatus"]["AccountId"]
            time.sleep(0.05)
        raise AssertionError("CreateAccount did not succeed")

    def enabled_in_organizations(self, manager):
        listed = self.client("organizations", access_key=manager) \
            .list_aws_service_access_for_organization()["EnabledServicePrincipals"]
        return PRINCIPAL in [entry["ServicePrincipal"] for entry in listed]

    def status(self, account, **kwargs):
        return self.client("cloudformation", access_key=account) \
            .describe_organizations_access(**kwargs)["Status"]

    def test_activate_then_describe_is_enabled(self):
        manager = self.organization()
        self.assertEqual(self.status(manager), "DISABLED")
        self.client("cloudformation", access_key=manager).activate_organizations_access()
        self.assertEqual(self.status(manager), "ENABLED")

    def test_activation_enables_trusted_access_in_organizations(self):
        manager = self.organization()
        self.client("cloudformation", access_key=manager).activate_organizations_access()
        self.assertTrue(self.enabled_in_organizations(manager))

    def test_deactivate_disables_trusted_access(self):
        manager = self.organization()
        cfn = self.client("cloudformation", access_key=manager)
        cfn.activate_organizations_access()
        cfn.deactivate_organizations_access()
        self.assertEqual(self.status(manager), "DISABLED")
        self.assertFalse(self.enabled_in_organizations(manager))

    def test_describe_follows_organizations_enable_aws_service_access(self):
        manager = self.organization()
        self.client("organizations", access_key=manager) \
            .enable_aws_service_access(ServicePrincipal=PRINCIPAL)
        self.assertEqual(self.status(manager), "ENABLED")

    def test_cli_activates_and_describes(self):
        manager = self.organization()
        self.aws("cloudformation", "activate-organizations-access", access_key=manager)
        out = self.aws("cloudformation", "describe-organizations-access", access_key=manager)
        self.assertEqual(out["Status"], "ENABLED")

    def test_activate_without_an_organization_is_refused(self):
        with self.assertRaises(ClientError) as cm:
            self.client("cloudformation", access_key=new_account()).activate_organizations_access()
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationError")
        self.assertEqual(cm.exception.response["Error"]["Message"], NOT_ADMIN)

    def test_activate_from_a_member_account_is_refused(self):
        member = self.member(self.organization(), "member")
        with self.assertRaises(ClientError) as cm:
            self.client("cloudformation", access_key=member).activate_organizations_access()
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationError")

    def test_delegated_admin_describes_with_call_as(self):
        manager = self.organization()
        delegate = self.member(manager, "delegate")
        self.client("cloudformation", access_key=manager).activate_organizations_access()
        self.client("organizations", access_key=manager).register_delegated_administrator(
            AccountId=delegate, ServicePrincipal=PRINCIPAL)
        self.assertEqual(self.status(delegate, CallAs="DELEGATED_ADMIN"), "ENABLED")

    def test_unregistered_member_cannot_describe_as_delegated_admin(self):
        member = self.member(self.organization(), "member")
        with self.assertRaises(ClientError) as cm:
            self.status(member, CallAs="DELEGATED_ADMIN")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationError")
        self.assertEqual(cm.exception.response["Error"]["Message"], NOT_ADMIN)

    def test_deactivate_with_a_delegated_admin_is_invalid_operation(self):
        manager = self.organization()
        delegate = self.member(manager, "delegate")
        cfn = self.client("cloudformation", access_key=manager)
        cfn.activate_organizations_access()
        self.client("organizations", access_key=manager).register_delegated_administrator(
            AccountId=delegate, ServicePrincipal=PRINCIPAL)
        with self.assertRaises(ClientError) as cm:
            cfn.deactivate_organizations_access()
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidOperationException")
        self.assertEqual(self.status(manager), "ENABLED")
