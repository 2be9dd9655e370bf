"""Organizations against the real binary: boto3 and the AWS CLI.

Organizations is global: every account may be in one organization, so each test class starts its
own server and each test uses management accounts of its own (access key = 12-digit account id).
"""
import itertools
import time

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

_accounts = itertools.count(210000000001)

# The message of each error whose wording does not vary (README: none is verified against AWS).
MESSAGES = {
    "AWSOrganizationsNotInUseException": "Your account is not a member of an organization.",
    "AccessDeniedException": "You don't have permissions to access this resource.",
    "AccountAlreadyRegisteredException":
        "The provided account is already a delegated administrator for your organization.",
    "AccountNotFoundException": "You specified an account that doesn't exist.",
    "AccountNotRegisteredException":
        "The provided account is not a registered delegated administrator for your organization.",
    "AlreadyInOrganizationException": "The AWS account is already a member of an organization.",
    "ChildNotFoundException": "We can't find an organizational unit (OU) or AWS account with the "
                              "ChildId that you specified.",
    "CreateAccountStatusNotFoundException": "We can't find an create account request with the "
                                            "CreateAccountRequestId that you specified.",
    "DestinationParentNotFoundException": "We can't find the destination container (a root or "
                                          "OU) with the ParentId that you specified.",
    "DuplicateAccountException": "That account is already present in the specified destination.",
    "DuplicateOrganizationalUnitException": "An OU with the same name already exists.",
    "MasterCannotLeaveOrganizationException":
        "You can't remove a management account from an organization. If you want the management "
        "account to become a member account in another organization, you must first delete the "
        "current organization of the management account.",
    "OrganizationNotEmptyException": "The organization isn't empty. To delete an organization, you "
                                     "must first remove all accounts except the management "
                                     "account.",
    "OrganizationalUnitNotEmptyException": "The specified OU is not empty. Move all accounts to "
                                           "another root or to other OUs, remove all child OUs, "
                                           "and try the operation again.",
    "OrganizationalUnitNotFoundException":
        "You specified an organizational unit that doesn't exist.",
    "ParentNotFoundException": "You specified a parent that doesn't exist.",
    "PolicyTypeAlreadyEnabledException": "The specified policy type is already enabled.",
    "PolicyTypeNotAvailableForOrganizationException":
        "You can't use the specified policy type with the feature set currently enabled for this "
        "organization.",
    "PolicyTypeNotEnabledException": "This operation can be performed only for enabled policy types.",
    "RootNotFoundException": "We can't find a root with the RootId that you specified.",
    "SourceParentNotFoundException":
        "We can't find a source root or OU with the ParentId that you specified.",
    "TargetNotFoundException": "We can't find a root, OU, account, or policy with the TargetId "
                               "that you specified.",
}


def new_account():
    return str(next(_accounts))


class OrganizationsTest(EmulatorTestCase):
    def orgs(self, account):
        # Clients sign global services with whatever region they have (PROTOCOLS.md section 6).
        return self.client("organizations", region="eu-west-1", access_key=account)

    def error(self, cm):
        return cm.exception.response["Error"]["Code"]

    def assert_error(self, cm, code, message=None, **members):
        """The whole error: code, status 400, message and exactly the modelled `members`."""
        message = message or MESSAGES[code]
        response = cm.exception.response
        self.assertEqual(response["Error"], {"Code": code, "Message": message})
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        body = {k: v for k, v in response.items() if k not in ("Error", "ResponseMetadata")}
        self.assertEqual(body, {"Message": message, **members})

    def new_org(self):
        account = new_account()
        org = self.orgs(account).create_organization(FeatureSet="ALL")["Organization"]
        return account, org

    def create_member(self, client, name, email=None):
        status = client.create_account(Email=email or f"{name}@example.com",
                                       AccountName=name)["CreateAccountStatus"]
        return self.wait_for_account(client, status["Id"])

    def wait_for_account(self, client, request_id):
        deadline = time.time() + 10
        while time.time() < deadline:
            status = client.describe_create_account_status(
                CreateAccountRequestId=request_id)["CreateAccountStatus"]
            if status["State"] != "IN_PROGRESS":
                return status
            time.sleep(0.05)
        self.fail("account creation did not finish")

    def test_describe_without_organization_is_not_in_use(self):
        with self.assertRaises(ClientError) as cm:
            self.orgs(new_account()).describe_organization()
        self.assert_error(cm, "AWSOrganizationsNotInUseException")

    def test_create_organization_shapes_ids_and_arns(self):
        account = new_account()
        org = self.orgs(account).create_organization()["Organization"]
        self.assertRegex(org["Id"], r"^o-[a-z0-9]{10}$")
        self.assertEqual(org["FeatureSet"], "ALL")
        self.assertEqual(org["MasterAccountId"], account)
        self.assertEqual(org["Arn"], f"arn:aws:organizations::{account}:organization/{org['Id']}")
        self.assertEqual(org["MasterAccountArn"],
                         f"arn:aws:organizations::{account}:account/{org['Id']}/{account}")
        described = self.orgs(account).describe_organization()["Organization"]
        self.assertEqual(described["Id"], org["Id"])
        roots = self.orgs(account).list_roots()["Roots"]
        self.assertEqual(len(roots), 1)
        self.assertRegex(roots[0]["Id"], r"^r-[0-9a-z]{4}$")
        self.assertEqual(roots[0]["Name"], "Root")
        self.assertEqual(roots[0]["Arn"], f"arn:aws:organizations::{account}:root/{org['Id']}/"
                                          f"{roots[0]['Id']}")

    def test_second_create_organization_is_already_in_organization(self):
        account, _ = self.new_org()
        with self.assertRaises(ClientError) as cm:
            self.orgs(account).create_organization()
        self.assert_error(cm, "AlreadyInOrganizationException")

    def test_consolidated_billing_feature_set(self):
        org = self.orgs(new_account()).create_organization(
            FeatureSet="CONSOLIDATED_BILLING")["Organization"]
        self.assertEqual(org["FeatureSet"], "CONSOLIDATED_BILLING")

    def test_create_account_goes_in_progress_then_succeeded(self):
        account, org = self.new_org()
        client = self.orgs(account)
        created = client.create_account(Email="dev@example.com", AccountName="dev",
                                        Tags=[{"Key": "team", "Value": "a"}])
        status = created["CreateAccountStatus"]
        self.assertEqual(status["State"], "IN_PROGRESS")
        self.assertRegex(status["Id"], r"^car-[a-z0-9]{32}$")
        self.assertEqual(status["AccountName"], "dev")
        self.assertNotIn("AccountId", status)
        done = self.wait_for_account(client, status["Id"])
        self.assertEqual(done["State"], "SUCCEEDED")
        self.assertRegex(done["AccountId"], r"^\d{12}$")
        self.assertIn("CompletedTimestamp", done)
        member = client.describe_account(AccountId=done["AccountId"])["Account"]
        self.assertEqual(member["Name"], "dev")
        self.assertEqual(member["Email"], "dev@example.com")
        self.assertEqual(member["Status"], "ACTIVE")
        self.assertEqual(member["JoinedMethod"], "CREATED")
        self.assertEqual(member["Arn"], f"arn:aws:organizations::{account}:account/{org['Id']}/"
                                        f"{done['AccountId']}")
        ids = [a["Id"] for a in client.list_accounts()["Accounts"]]
        self.assertEqual(sorted(ids), sorted([account, done["AccountId"]]))
        tags = client.list_tags_for_resource(ResourceId=done["AccountId"])["Tags"]
        self.assertEqual(tags, [{"Key": "team", "Value": "a"}])

    def test_create_account_with_taken_email_fails(self):
        account, _ = self.new_org()
        client = self.orgs(account)
        self.assertEqual(self.create_member(client, "one", "same@example.com")["State"],
                         "SUCCEEDED")
        failed = self.create_member(client, "two", "same@example.com")
        self.assertEqual(failed["State"], "FAILED")
        self.assertEqual(failed["FailureReason"], "EMAIL_ALREADY_EXISTS")
        self.assertNotIn("AccountId", failed)
        states = client.list_create_account_status(States=["FAILED"])["CreateAccountStatuses"]
        self.assertEqual([s["AccountName"] for s in states], ["two"])

    def test_describe_unknown_create_account_status(self):
        account, _ = self.new_org()
        with self.assertRaises(ClientError) as cm:
            self.orgs(account).describe_create_account_status(
                CreateAccountRequestId="car-0123456789abcdef0123456789abcdef")
        self.assert_error(cm, "CreateAccountStatusNotFoundException")

    def test_describe_unknown_account_is_account_not_found(self):
        account, _ = self.new_org()
        with self.assertRaises(ClientError) as cm:
            self.orgs(account).describe_account(AccountId="999999999999")
        self.assert_error(cm, "AccountNotFoundException")

    def test_member_sees_organization_but_cannot_manage_it(self):
        account, org = self.new_org()
        member_id = self.create_member(self.orgs(account), "member")["AccountId"]
        member = self.orgs(member_id)
        self.assertEqual(member.describe_organization()["Organization"]["Id"], org["Id"])
        for call in (lambda: member.list_accounts(),
                     lambda: member.create_account(Email="x@example.com", AccountName="x"),
                     lambda: member.enable_aws_service_access(ServicePrincipal="sso.amazonaws.com")):
            with self.assertRaises(ClientError) as cm:
                call()
            self.assert_error(cm, "AccessDeniedException")

    def test_list_accounts_pages(self):
        account, _ = self.new_org()
        client = self.orgs(account)
        for i in range(4):
            self.create_member(client, f"page{i}")
        first = client.list_accounts(MaxResults=2)
        self.assertEqual(len(first["Accounts"]), 2)
        self.assertIn("NextToken", first)
        second = client.list_accounts(MaxResults=2, NextToken=first["NextToken"])
        third = client.list_accounts(MaxResults=2, NextToken=second["NextToken"])
        self.assertNotIn("NextToken", third)
        ids = [a["Id"] for page in (first, second, third) for a in page["Accounts"]]
        self.assertEqual(len(ids), 5)
        self.assertEqual(len(set(ids)), 5)
        paginated = [a["Id"] for page in client.get_paginator("list_accounts").paginate(
            PaginationConfig={"PageSize": 3}) for a in page["Accounts"]]
        self.assertEqual(sorted(paginated), sorted(ids))

    def test_bad_next_token_is_invalid_input(self):
        account, _ = self.new_org()
        with self.assertRaises(ClientError) as cm:
            self.orgs(account).list_accounts(NextToken="not-a-token")
        self.assert_error(cm, "InvalidInputException",
                          "You specified an invalid value for nextToken. You must get the value "
                          "from the response to a previous call to the API.",
                          Reason="INVALID_NEXT_TOKEN")

    # botocore checks neither enums nor patterns, so these reach the server's model validation.
    def test_invalid_enum_is_invalid_input_with_its_reason(self):
        with self.assertRaises(ClientError) as cm:
            self.orgs(new_account()).list_children(ParentId="r-abcd", ChildType="BLEE")
        self.assert_error(cm, "InvalidInputException", "You specified an invalid value.",
                          Reason="INVALID_ENUM")

    def test_parent_id_of_another_form_is_invalid_input_invalid_pattern(self):
        with self.assertRaises(ClientError) as cm:
            self.orgs(new_account()).list_children(ParentId="root", ChildType="ACCOUNT")
        self.assert_error(cm, "InvalidInputException",
                          "You provided a value that doesn't match the required pattern.",
                          Reason="INVALID_PATTERN")

    def test_organizational_units_and_moving_accounts(self):
        account, org = self.new_org()
        client = self.orgs(account)
        root = client.list_roots()["Roots"][0]["Id"]
        ou = client.create_organizational_unit(ParentId=root, Name="prod")["OrganizationalUnit"]
        self.assertRegex(ou["Id"], rf"^ou-{root[2:]}-[a-z0-9]{{8}}$")
        self.assertEqual(ou["Arn"], f"arn:aws:organizations::{account}:ou/{org['Id']}/{ou['Id']}")
        child = client.create_organizational_unit(ParentId=ou["Id"], Name="web")["OrganizationalUnit"]
        with self.assertRaises(ClientError) as cm:
            client.create_organizational_unit(ParentId=root, Name="prod")
        self.assert_error(cm, "DuplicateOrganizationalUnitException")
        self.assertEqual([o["Id"] for o in client.list_organizational_units_for_parent(
            ParentId=root)["OrganizationalUnits"]], [ou["Id"]])
        member = self.create_member(client, "mover")["AccountId"]
        client.move_account(AccountId=member, SourceParentId=root, DestinationParentId=ou["Id"])
        self.assertEqual([a["Id"] for a in client.list_accounts_for_parent(
            ParentId=ou["Id"])["Accounts"]], [member])
        self.assertEqual([a["Id"] for a in client.list_accounts_for_parent(
            ParentId=root)["Accounts"]], [account])
        self.assertEqual(client.list_parents(ChildId=member)["Parents"],
                         [{"Id": ou["Id"], "Type": "ORGANIZATIONAL_UNIT"}])
        self.assertEqual(client.list_parents(ChildId=ou["Id"])["Parents"],
                         [{"Id": root, "Type": "ROOT"}])
        children = client.list_children(ParentId=ou["Id"], ChildType="ORGANIZATIONAL_UNIT")
        self.assertEqual(children["Children"], [{"Id": child["Id"], "Type": "ORGANIZATIONAL_UNIT"}])
        with self.assertRaises(ClientError) as cm:
            client.move_account(AccountId=member, SourceParentId=ou["Id"],
                                DestinationParentId=ou["Id"])
        self.assert_error(cm, "DuplicateAccountException")
        with self.assertRaises(ClientError) as cm:
            client.delete_organizational_unit(OrganizationalUnitId=ou["Id"])
        self.assert_error(cm, "OrganizationalUnitNotEmptyException")
        renamed = client.update_organizational_unit(OrganizationalUnitId=child["Id"],
                                                    Name="api")["OrganizationalUnit"]
        self.assertEqual(renamed["Name"], "api")
        self.assertEqual(client.describe_organizational_unit(
            OrganizationalUnitId=child["Id"])["OrganizationalUnit"]["Name"], "api")
        client.delete_organizational_unit(OrganizationalUnitId=child["Id"])
        with self.assertRaises(ClientError) as cm:
            client.describe_organizational_unit(OrganizationalUnitId=child["Id"])
        self.assert_error(cm, "OrganizationalUnitNotFoundException")

    def test_unknown_parent_is_parent_not_found(self):
        account, _ = self.new_org()
        with self.assertRaises(ClientError) as cm:
            self.orgs(account).list_accounts_for_parent(ParentId="ou-abcd-12345678")
        self.assert_error(cm, "ParentNotFoundException")

    def test_service_access(self):
        account, _ = self.new_org()
        client = self.orgs(account)
        client.enable_aws_service_access(ServicePrincipal="sso.amazonaws.com")
        client.enable_aws_service_access(
            ServicePrincipal="member.org.stacksets.cloudformation.amazonaws.com")
        enabled = client.list_aws_service_access_for_organization()["EnabledServicePrincipals"]
        self.assertEqual([e["ServicePrincipal"] for e in enabled],
                         ["member.org.stacksets.cloudformation.amazonaws.com",
                          "sso.amazonaws.com"])
        self.assertIn("DateEnabled", enabled[0])
        client.disable_aws_service_access(ServicePrincipal="sso.amazonaws.com")
        enabled = client.list_aws_service_access_for_organization()["EnabledServicePrincipals"]
        self.assertEqual([e["ServicePrincipal"] for e in enabled],
                         ["member.org.stacksets.cloudformation.amazonaws.com"])
        with self.assertRaises(ClientError) as cm:
            client.enable_aws_service_access(ServicePrincipal="nope.amazonaws.com")
        self.assert_error(cm, "InvalidInputException",
                          "You specified an unrecognized service principal.",
                          Reason="UNRECOGNIZED_SERVICE_PRINCIPAL")

    def test_delegated_administrators(self):
        account, _ = self.new_org()
        client = self.orgs(account)
        member = self.create_member(client, "security")["AccountId"]
        client.register_delegated_administrator(AccountId=member,
                                                ServicePrincipal="sso.amazonaws.com")
        with self.assertRaises(ClientError) as cm:
            client.register_delegated_administrator(AccountId=member,
                                                    ServicePrincipal="sso.amazonaws.com")
        self.assert_error(cm, "AccountAlreadyRegisteredException")
        with self.assertRaises(ClientError) as cm:
            client.register_delegated_administrator(AccountId=account,
                                                    ServicePrincipal="sso.amazonaws.com")
        self.assert_error(cm, "ConstraintViolationException",
                          "You cannot register master account/yourself as delegated administrator "
                          "for your organization.",
                          Reason="CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR")
        with self.assertRaises(ClientError) as cm:
            client.register_delegated_administrator(AccountId="999999999999",
                                                    ServicePrincipal="sso.amazonaws.com")
        self.assert_error(cm, "AccountNotFoundException")
        admins = client.list_delegated_administrators()["DelegatedAdministrators"]
        self.assertEqual([a["Id"] for a in admins], [member])
        self.assertEqual(admins[0]["Name"], "security")
        self.assertIn("DelegationEnabledDate", admins[0])
        self.assertEqual(client.list_delegated_administrators(
            ServicePrincipal="ssm.amazonaws.com")["DelegatedAdministrators"], [])
        services = client.list_delegated_services_for_account(AccountId=member)
        self.assertEqual([s["ServicePrincipal"] for s in services["DelegatedServices"]],
                         ["sso.amazonaws.com"])
        # A delegated administrator may read the organization.
        self.assertEqual(len(self.orgs(member).list_accounts()["Accounts"]), 2)
        client.deregister_delegated_administrator(AccountId=member,
                                                  ServicePrincipal="sso.amazonaws.com")
        with self.assertRaises(ClientError) as cm:
            client.deregister_delegated_administrator(AccountId=member,
                                                      ServicePrincipal="sso.amazonaws.com")
        self.assert_error(cm, "AccountNotRegisteredException")
        with self.assertRaises(ClientError) as cm:
            client.list_delegated_services_for_account(AccountId=member)
        self.assert_error(cm, "AccountNotRegisteredException")

    def test_enable_and_disable_policy_type_on_the_root(self):
        account, _ = self.new_org()
        client = self.orgs(account)
        root = client.list_roots()["Roots"][0]
        self.assertEqual(root["PolicyTypes"], [])
        enabled = client.enable_policy_type(RootId=root["Id"],
                                            PolicyType="SERVICE_CONTROL_POLICY")["Root"]
        self.assertEqual(enabled["PolicyTypes"],
                         [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}])
        self.assertEqual(client.list_roots()["Roots"][0]["PolicyTypes"],
                         [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}])
        with self.assertRaises(ClientError) as cm:
            client.enable_policy_type(RootId=root["Id"], PolicyType="SERVICE_CONTROL_POLICY")
        self.assert_error(cm, "PolicyTypeAlreadyEnabledException")
        with self.assertRaises(ClientError) as cm:
            client.enable_policy_type(RootId="r-zzzz", PolicyType="TAG_POLICY")
        self.assert_error(cm, "RootNotFoundException")
        disabled = client.disable_policy_type(RootId=root["Id"],
                                              PolicyType="SERVICE_CONTROL_POLICY")["Root"]
        self.assertEqual(disabled["PolicyTypes"], [])
        with self.assertRaises(ClientError) as cm:
            client.disable_policy_type(RootId=root["Id"], PolicyType="SERVICE_CONTROL_POLICY")
        self.assert_error(cm, "PolicyTypeNotEnabledException")

    def test_delete_organization_requires_no_members(self):
        account, _ = self.new_org()
        client = self.orgs(account)
        member = self.create_member(client, "leaver")["AccountId"]
        with self.assertRaises(ClientError) as cm:
            client.delete_organization()
        self.assert_error(cm, "OrganizationNotEmptyException")
        client.remove_account_from_organization(AccountId=member)
        client.delete_organization()
        with self.assertRaises(ClientError) as cm:
            client.describe_organization()
        self.assert_error(cm, "AWSOrganizationsNotInUseException")

    def test_management_account_leaving_is_master_cannot_leave(self):
        account, _ = self.new_org()
        with self.assertRaises(ClientError) as cm:
            self.orgs(account).leave_organization()
        self.assert_error(cm, "MasterCannotLeaveOrganizationException")

    def test_move_account_names_the_missing_source_or_destination(self):
        account, _ = self.new_org()
        client = self.orgs(account)
        root = client.list_roots()["Roots"][0]["Id"]
        ou = client.create_organizational_unit(ParentId=root, Name="side")["OrganizationalUnit"]
        member = self.create_member(client, "moving")["AccountId"]
        with self.assertRaises(ClientError) as cm:
            client.move_account(AccountId=member, SourceParentId=ou["Id"],
                                DestinationParentId=root)
        self.assert_error(cm, "SourceParentNotFoundException")
        with self.assertRaises(ClientError) as cm:
            client.move_account(AccountId=member, SourceParentId=root,
                                DestinationParentId="ou-abcd-12345678")
        self.assert_error(cm, "DestinationParentNotFoundException")

    def test_parents_of_an_unknown_child_is_child_not_found(self):
        account, _ = self.new_org()
        with self.assertRaises(ClientError) as cm:
            self.orgs(account).list_parents(ChildId="999999999999")
        self.assert_error(cm, "ChildNotFoundException")

    def test_consolidated_billing_has_no_policy_types_or_trusted_access(self):
        client = self.orgs(new_account())
        client.create_organization(FeatureSet="CONSOLIDATED_BILLING")
        root = client.list_roots()["Roots"][0]["Id"]
        with self.assertRaises(ClientError) as cm:
            client.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
        self.assert_error(cm, "PolicyTypeNotAvailableForOrganizationException")
        with self.assertRaises(ClientError) as cm:
            client.enable_aws_service_access(ServicePrincipal="sso.amazonaws.com")
        self.assert_error(cm, "ConstraintViolationException",
                          "This operation requires that all features are enabled in the "
                          "organization.",
                          Reason="ORGANIZATION_NOT_IN_ALL_FEATURES_MODE")

    def test_tag_errors(self):
        account, _ = self.new_org()
        client = self.orgs(account)
        root = client.list_roots()["Roots"][0]["Id"]
        client.tag_resource(ResourceId=root,
                            Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
        with self.assertRaises(ClientError) as cm:
            client.tag_resource(ResourceId=root, Tags=[{"Key": "one-more", "Value": "v"}])
        self.assert_error(cm, "ConstraintViolationException",
                          "You have exceeded the allowed number of tags for a resource.",
                          Reason="MAX_TAG_LIMIT_EXCEEDED")
        with self.assertRaises(ClientError) as cm:
            client.tag_resource(ResourceId="ou-abcd-12345678", Tags=[{"Key": "k", "Value": "v"}])
        self.assert_error(cm, "TargetNotFoundException")
        with self.assertRaises(ClientError) as cm:
            client.create_organizational_unit(ParentId=root, Name="tagged", Tags=[
                {"Key": "k", "Value": "a"}, {"Key": "k", "Value": "b"}])
        self.assert_error(cm, "InvalidInputException", "You specified a duplicate tag key.",
                          Reason="DUPLICATE_TAG_KEY")

    def test_cli_create_and_list(self):
        account = new_account()
        org = self.aws("organizations", "create-organization", "--feature-set", "ALL",
                       access_key=account)["Organization"]
        self.assertEqual(org["MasterAccountId"], account)
        status = self.aws("organizations", "create-account", "--email", "cli@example.com",
                          "--account-name", "cli", access_key=account)["CreateAccountStatus"]
        self.assertEqual(status["State"], "IN_PROGRESS")
        self.wait_for_account(self.orgs(account), status["Id"])
        accounts = self.aws("organizations", "list-accounts", access_key=account)["Accounts"]
        self.assertEqual(sorted(a["Name"] for a in accounts), ["Management Account", "cli"])
        result = self.aws("organizations", "describe-account", "--account-id", "999999999999",
                          access_key=account, check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("AccountNotFoundException", result.stderr)


class OrganizationsSlowCreateTest(EmulatorTestCase):
    """With NIMBUS_ASYNC_DELAY_MS the IN_PROGRESS state is observable by polling."""

    nimbus_args = ("--async-delay-ms", "600")

    def test_status_stays_in_progress_until_the_delay_passes(self):
        client = self.client("organizations", access_key=new_account())
        client.create_organization()
        status = client.create_account(Email="slow@example.com",
                                       AccountName="slow")["CreateAccountStatus"]
        again = client.describe_create_account_status(
            CreateAccountRequestId=status["Id"])["CreateAccountStatus"]
        self.assertEqual(again["State"], "IN_PROGRESS")
        self.assertEqual(len(client.list_accounts()["Accounts"]), 1)
        deadline = time.time() + 10
        while again["State"] == "IN_PROGRESS" and time.time() < deadline:
            time.sleep(0.1)
            again = client.describe_create_account_status(
                CreateAccountRequestId=status["Id"])["CreateAccountStatus"]
        self.assertEqual(again["State"], "SUCCEEDED")
        self.assertEqual(len(client.list_accounts()["Accounts"]), 2)
