"""Organizations policies and CloseAccount against the real binary, driven by boto3.

Each test makes an organization of its own (access key = a fresh 12-digit management account).
"""
import itertools
import json
import time

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

_accounts = itertools.count(230000000001)

DENY_S3 = json.dumps({"Version": "2012-10-17",
                      "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]})


def new_account():
    return str(next(_accounts))


class OrganizationsPoliciesTest(EmulatorTestCase):
    # CloseAccount's PENDING_CLOSURE and CreateAccount's IN_PROGRESS last this long.
    nimbus_args = ("--async-delay-ms", "500")

    def orgs(self, account):
        return self.client("organizations", region="us-east-1", access_key=account)

    def code(self, cm):
        return cm.exception.response["Error"]["Code"]

    def new_org(self):
        account = new_account()
        client = self.orgs(account)
        client.create_organization(FeatureSet="ALL")
        root = client.list_roots()["Roots"][0]["Id"]
        return account, client, root

    def create_member(self, client, name):
        request = client.create_account(Email=f"{name}@example.com",
                                        AccountName=name)["CreateAccountStatus"]["Id"]
        deadline = time.time() + 10
        while time.time() < deadline:
            status = client.describe_create_account_status(
                CreateAccountRequestId=request)["CreateAccountStatus"]
            if status["State"] == "SUCCEEDED":
                return status["AccountId"]
            time.sleep(0.05)
        self.fail("account creation did not finish")

    def policy_ids(self, client, target, policy_type="SERVICE_CONTROL_POLICY"):
        return [p["Id"] for p in client.list_policies_for_target(
            TargetId=target, Filter=policy_type)["Policies"]]

    def create_policy(self, client, name, content=DENY_S3, policy_type="SERVICE_CONTROL_POLICY"):
        return client.create_policy(Name=name, Description=name, Type=policy_type,
                                    Content=content)["Policy"]["PolicySummary"]["Id"]

    def test_enabling_scps_attaches_full_aws_access_everywhere(self):
        account, client, root = self.new_org()
        ou = client.create_organizational_unit(ParentId=root, Name="prod")["OrganizationalUnit"]
        member = self.create_member(client, "dev")
        out = client.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
        self.assertEqual(out["Root"]["PolicyTypes"],
                         [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}])
        for target in (root, ou["Id"], member, account):
            self.assertEqual(self.policy_ids(client, target), ["p-FullAWSAccess"])
        later = client.create_organizational_unit(ParentId=root, Name="later")
        self.assertEqual(self.policy_ids(client, later["OrganizationalUnit"]["Id"]),
                         ["p-FullAWSAccess"])

    def test_full_aws_access_is_aws_managed(self):
        _, client, _ = self.new_org()
        policy = client.describe_policy(PolicyId="p-FullAWSAccess")["Policy"]
        self.assertEqual(policy["PolicySummary"], {
            "Id": "p-FullAWSAccess",
            "Arn": "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
            "Name": "FullAWSAccess", "Description": "Allows access to every operation",
            "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": True})
        self.assertEqual(json.loads(policy["Content"]), {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})

    def test_create_attach_detach_delete_scp(self):
        account, client, root = self.new_org()
        org_id = client.describe_organization()["Organization"]["Id"]
        client.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
        created = client.create_policy(Name="deny-s3", Description="no S3",
                                       Type="SERVICE_CONTROL_POLICY", Content=DENY_S3,
                                       Tags=[{"Key": "team", "Value": "a"}])["Policy"]
        policy = created["PolicySummary"]["Id"]
        self.assertRegex(policy, r"^p-[0-9a-z]{8}$")
        self.assertEqual(created["PolicySummary"]["Arn"],
                         f"arn:aws:organizations::{account}:policy/{org_id}/"
                         f"service_control_policy/{policy}")
        self.assertEqual(client.list_tags_for_resource(ResourceId=policy)["Tags"],
                         [{"Key": "team", "Value": "a"}])
        client.attach_policy(PolicyId=policy, TargetId=root)
        self.assertEqual(sorted(self.policy_ids(client, root)), sorted([policy, "p-FullAWSAccess"]))
        targets = client.list_targets_for_policy(PolicyId=policy)["Targets"]
        self.assertEqual(targets, [{"TargetId": root, "Type": "ROOT", "Name": "Root",
                                    "Arn": f"arn:aws:organizations::{account}:root/{org_id}/"
                                           f"{root}"}])
        client.detach_policy(PolicyId=policy, TargetId=root)
        client.delete_policy(PolicyId=policy)
        with self.assertRaises(ClientError) as cm:
            client.describe_policy(PolicyId=policy)
        self.assertEqual(self.code(cm), "PolicyNotFoundException")

    def test_deleting_an_attached_policy_is_policy_in_use(self):
        _, client, root = self.new_org()
        client.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
        policy = self.create_policy(client, "deny-s3")
        client.attach_policy(PolicyId=policy, TargetId=root)
        with self.assertRaises(ClientError) as cm:
            client.delete_policy(PolicyId=policy)
        self.assertEqual(self.code(cm), "PolicyInUseException")

    def test_attaching_twice_is_duplicate_policy_attachment(self):
        _, client, root = self.new_org()
        client.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
        with self.assertRaises(ClientError) as cm:
            client.attach_policy(PolicyId="p-FullAWSAccess", TargetId=root)
        self.assertEqual(self.code(cm), "DuplicatePolicyAttachmentException")

    def test_detaching_the_last_scp_is_a_constraint_violation(self):
        _, client, root = self.new_org()
        client.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
        with self.assertRaises(ClientError) as cm:
            client.detach_policy(PolicyId="p-FullAWSAccess", TargetId=root)
        self.assertEqual(self.code(cm), "ConstraintViolationException")
        self.assertEqual(cm.exception.response["Reason"],
                         "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")

    def test_attaching_before_enabling_the_type_is_policy_type_not_enabled(self):
        _, client, root = self.new_org()
        policy = self.create_policy(client, "deny-s3")
        with self.assertRaises(ClientError) as cm:
            client.attach_policy(PolicyId=policy, TargetId=root)
        self.assertEqual(self.code(cm), "PolicyTypeNotEnabledException")

    def test_malformed_scp_is_malformed_policy_document(self):
        _, client, _ = self.new_org()
        with self.assertRaises(ClientError) as cm:
            self.create_policy(client, "bad", content='{"Statement": "nope"}')
        self.assertEqual(self.code(cm), "MalformedPolicyDocumentException")

    def test_effective_tag_policy_merges_root_and_ou(self):
        _, client, root = self.new_org()
        client.enable_policy_type(RootId=root, PolicyType="TAG_POLICY")
        ou = client.create_organizational_unit(ParentId=root,
                                               Name="prod")["OrganizationalUnit"]["Id"]
        member = self.create_member(client, "dev")
        client.move_account(AccountId=member, SourceParentId=root, DestinationParentId=ou)
        root_policy = self.create_policy(client, "root-tags", policy_type="TAG_POLICY", content=json.dumps(
            {"tags": {"costcenter": {"tag_key": {"@@assign": "CostCenter"},
                                     "tag_value": {"@@assign": ["100", "200"]}}}}))
        ou_policy = self.create_policy(client, "ou-tags", policy_type="TAG_POLICY", content=json.dumps(
            {"tags": {"costcenter": {"tag_value": {"@@append": ["300"]}}}}))
        client.attach_policy(PolicyId=root_policy, TargetId=root)
        client.attach_policy(PolicyId=ou_policy, TargetId=ou)
        effective = client.describe_effective_policy(PolicyType="TAG_POLICY",
                                                     TargetId=member)["EffectivePolicy"]
        self.assertEqual(effective["TargetId"], member)
        self.assertEqual(effective["PolicyType"], "TAG_POLICY")
        self.assertEqual(json.loads(effective["PolicyContent"]), {
            "tags": {"costcenter": {"tag_key": "CostCenter",
                                    "tag_value": ["100", "200", "300"]}}})

    def test_effective_policy_without_attached_policies_is_not_found(self):
        account, client, root = self.new_org()
        client.enable_policy_type(RootId=root, PolicyType="AISERVICES_OPT_OUT_POLICY")
        with self.assertRaises(ClientError) as cm:
            client.describe_effective_policy(PolicyType="AISERVICES_OPT_OUT_POLICY",
                                             TargetId=account)
        self.assertEqual(self.code(cm), "EffectivePolicyNotFoundException")

    def test_close_account_goes_pending_closure_then_suspended(self):
        _, client, _ = self.new_org()
        member = self.create_member(client, "dev")
        client.close_account(AccountId=member)
        account = client.describe_account(AccountId=member)["Account"]
        self.assertEqual((account["Status"], account["State"]),
                         ("PENDING_CLOSURE", "PENDING_CLOSURE"))
        deadline = time.time() + 10
        while time.time() < deadline:
            account = client.describe_account(AccountId=member)["Account"]
            if account["Status"] != "PENDING_CLOSURE":
                break
            time.sleep(0.05)
        self.assertEqual((account["Status"], account["State"]), ("SUSPENDED", "SUSPENDED"))
        with self.assertRaises(ClientError) as cm:
            client.close_account(AccountId=member)
        self.assertEqual(self.code(cm), "AccountAlreadyClosedException")

    def test_closing_the_management_account_is_a_constraint_violation(self):
        account, client, _ = self.new_org()
        with self.assertRaises(ClientError) as cm:
            client.close_account(AccountId=account)
        self.assertEqual(self.code(cm), "ConstraintViolationException")
        self.assertEqual(cm.exception.response["Reason"], "CANNOT_CLOSE_MANAGEMENT_ACCOUNT")
