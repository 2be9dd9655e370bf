"""CloudFormation's native KMS and Organizations resources against the real binary (boto3): a
stack with a key, an alias, an OU and an account (created asynchronously by Organizations) whose
values are read back through the KMS and Organizations APIs; a taken alias that rolls the stack
back with KMS's own message; a deleted stack whose key is scheduled for deletion."""
import datetime
import itertools
import time

from cfn_support import FAST, TEMPLATES, stack_events
from harness import EmulatorTestCase

KMS_ORG = TEMPLATES / "kms_org.yaml"
KEY_ALIAS = TEMPLATES / "kms_key_alias.yaml"
# One account and no DeletionPolicy: the type's default, Retain, applies.
ACCOUNT_ONLY = """Resources:
  Account:
    Type: AWS::Organizations::Account
    Properties:
      AccountName: Dev
      Email: EMAIL
"""
# Organizations is global and an account belongs to one organization: each test is the management
# account of its own (the access key is the 12-digit account id).
_accounts = itertools.count(230000000001)


class CloudFormationKmsOrganizationsTest(EmulatorTestCase):
    def setUp(self):
        self.account = str(next(_accounts))
        self.cfn = self.client("cloudformation", access_key=self.account)
        self.kms = self.client("kms", access_key=self.account)
        self.ssm = self.client("ssm", access_key=self.account)
        self.org = self.client("organizations", access_key=self.account)
        self.name = self.unique("stack")
        self.alias = "alias/" + self.unique("key")

    def events(self, stack):
        """(LogicalResourceId, ResourceStatus, ResourceStatusReason) oldest first."""
        return stack_events(self.cfn, stack)

    def wait_for_status(self, status, attempts=50):
        """Polls DescribeStacks until the stack is `status` (no waiter ends at ROLLBACK_COMPLETE
        alone: stack_create_complete fails on it)."""
        for _ in range(attempts):
            current = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]["StackStatus"]
            if current == status:
                return
            time.sleep(0.1)
        self.fail(f"{self.name} is {current}, not {status}")

    def create_kms_org_stack(self):
        self.org.create_organization(FeatureSet="ALL")
        root = self.org.list_roots()["Roots"][0]["Id"]
        prefix = "/" + self.unique("e2e")
        stack_id = self.cfn.create_stack(
            StackName=self.name, TemplateBody=KMS_ORG.read_text(),
            Parameters=[{"ParameterKey": "Prefix", "ParameterValue": prefix},
                        {"ParameterKey": "AliasName", "ParameterValue": self.alias},
                        {"ParameterKey": "RootId", "ParameterValue": root},
                        {"ParameterKey": "Email", "ParameterValue": f"{self.name}@example.com"}],
            Tags=[{"Key": "team", "Value": "blue"}])["StackId"]
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        stack = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        return stack_id, prefix, root, outputs

    def test_the_key_and_alias_of_a_stack_are_read_back_through_kms(self):
        _, prefix, _, outputs = self.create_kms_org_stack()
        key = self.kms.describe_key(KeyId=self.alias)["KeyMetadata"]
        self.assertEqual(key["KeyId"], outputs["KeyId"])
        self.assertEqual(outputs["KeyIdAttribute"], outputs["KeyId"])
        self.assertEqual(outputs["AliasName"], self.alias)
        self.assertEqual(key["Description"], f"{self.name} key")
        self.assertEqual(self.ssm.get_parameter(Name=prefix + "/key-arn")["Parameter"]["Value"],
                         f"arn:aws:kms:us-east-1:{self.account}:key/{outputs['KeyId']}")
        self.assertTrue(
            self.kms.get_key_rotation_status(KeyId=outputs["KeyId"])["KeyRotationEnabled"])
        tags = self.kms.list_resource_tags(KeyId=outputs["KeyId"])["Tags"]
        self.assertEqual(tags, [{"TagKey": "purpose", "TagValue": "e2e"},
                                {"TagKey": "team", "TagValue": "blue"}])

    def test_the_ou_and_account_of_a_stack_are_read_back_through_organizations(self):
        stack_id, prefix, root, outputs = self.create_kms_org_stack()
        unit = self.org.describe_organizational_unit(
            OrganizationalUnitId=outputs["UnitId"])["OrganizationalUnit"]
        self.assertEqual(unit["Name"], f"{self.name}-unit")
        self.assertEqual(outputs["UnitIdAttribute"], outputs["UnitId"])
        self.assertEqual(self.ssm.get_parameter(Name=prefix + "/unit-arn")["Parameter"]["Value"],
                         unit["Arn"])
        self.assertEqual(self.org.list_parents(ChildId=outputs["UnitId"])["Parents"][0]["Id"], root)

        account = self.org.describe_account(AccountId=outputs["AccountId"])["Account"]
        self.assertRegex(outputs["AccountId"], r"^\d{12}$")
        self.assertEqual(account["Email"], f"{self.name}@example.com")
        self.assertEqual(outputs["AccountIdAttribute"], outputs["AccountId"])
        self.assertEqual(outputs["AccountStatus"], "ACTIVE")
        self.assertEqual(outputs["AccountJoinedMethod"], "CREATED")
        self.assertRegex(outputs["AccountJoinedTimestamp"],
                         r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        joined = datetime.datetime.strptime(outputs["AccountJoinedTimestamp"],
                                             "%Y-%m-%dT%H:%M:%S.%f%z")
        self.assertLess(abs((joined - account["JoinedTimestamp"]).total_seconds()), 0.002)
        self.assertEqual(
            self.ssm.get_parameter(Name=prefix + "/account-arn")["Parameter"]["Value"],
            account["Arn"])
        self.assertEqual(
            self.org.list_parents(ChildId=outputs["AccountId"])["Parents"][0]["Id"],
            outputs["UnitId"])
        tags = {t["Key"]: t["Value"]
                for t in self.org.list_tags_for_resource(ResourceId=outputs["AccountId"])["Tags"]}
        self.assertEqual(tags, {"aws:cloudformation:stack-name": self.name,
                                "aws:cloudformation:stack-id": stack_id,
                                "aws:cloudformation:logical-id": "Account",
                                "team": "blue"})

    def test_the_cdk_metadata_id_is_the_id_part_of_the_stack_id(self):
        stack_id, _, _, outputs = self.create_kms_org_stack()
        self.assertEqual(outputs["Metadata"], stack_id.rsplit("/", 1)[1])
        resource = self.cfn.describe_stack_resource(
            StackName=self.name, LogicalResourceId="CDKMetadata")["StackResourceDetail"]
        self.assertEqual(resource["PhysicalResourceId"], outputs["Metadata"])

    def test_the_account_is_created_after_polling_its_creation_request(self):
        _, _, _, outputs = self.create_kms_org_stack()
        statuses = self.org.list_create_account_status()["CreateAccountStatuses"]
        self.assertEqual([(s["State"], s["AccountId"]) for s in statuses],
                         [("SUCCEEDED", outputs["AccountId"])])
        events = [e for e in self.events(self.name) if e[0] == "Account"]
        self.assertEqual([e[1] for e in events],
                         ["CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE"])

    def test_a_taken_alias_rolls_the_stack_back_with_kms_message(self):
        existing = self.kms.create_key()["KeyMetadata"]["KeyId"]
        self.kms.create_alias(AliasName=self.alias, TargetKeyId=existing)
        self.cfn.create_stack(
            StackName=self.name, TemplateBody=KEY_ALIAS.read_text(),
            Parameters=[{"ParameterKey": "AliasName", "ParameterValue": self.alias}])
        self.wait_for_status("ROLLBACK_COMPLETE")
        message = (f"An alias with the name arn:aws:kms:us-east-1:{self.account}:{self.alias} "
                   "already exists")
        self.assertIn(("Alias", "CREATE_FAILED", message), self.events(self.name))
        # The key created before the alias was rolled back: scheduled for deletion.
        key_id = next(e for e in self.cfn.describe_stack_resources(StackName=self.name)
                      ["StackResources"] if e["LogicalResourceId"] == "Key")["PhysicalResourceId"]
        self.assertEqual(self.kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"],
                         "PendingDeletion")
        # The alias that was there first still points at its own key.
        self.assertEqual(self.kms.describe_key(KeyId=self.alias)["KeyMetadata"]["KeyId"], existing)

    def test_deleting_the_stack_schedules_the_keys_deletion_and_removes_the_alias(self):
        self.cfn.create_stack(
            StackName=self.name, TemplateBody=KEY_ALIAS.read_text(),
            Parameters=[{"ParameterKey": "AliasName", "ParameterValue": self.alias}])
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        outputs = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]["Outputs"]
        key_id = outputs[0]["OutputValue"]
        self.cfn.delete_stack(StackName=self.name)
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=self.name, WaiterConfig=FAST)
        key = self.kms.describe_key(KeyId=key_id)["KeyMetadata"]
        self.assertEqual(key["KeyState"], "PendingDeletion")
        self.assertEqual(key["PendingDeletionWindowInDays"], 30)
        aliases = [a["AliasName"] for a in self.kms.list_aliases(KeyId=key_id)["Aliases"]]
        self.assertEqual(aliases, [])

    def test_deleting_a_stack_keeps_its_account_as_the_types_default_deletion_policy_says(self):
        self.org.create_organization(FeatureSet="ALL")
        self.cfn.create_stack(StackName=self.name, TemplateBody=ACCOUNT_ONLY.replace(
            "EMAIL", f"{self.name}@example.com"))
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name, WaiterConfig=FAST)
        account_id = self.cfn.describe_stack_resource(
            StackName=self.name, LogicalResourceId="Account")["StackResourceDetail"][
                "PhysicalResourceId"]
        stack_id = self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]["StackId"]
        self.cfn.delete_stack(StackName=self.name)
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=stack_id, WaiterConfig=FAST)
        self.assertEqual([e for e in self.events(stack_id) if e[0] == "Account"][-1],
                         ("Account", "DELETE_SKIPPED", ""))
        self.assertEqual(self.org.describe_account(AccountId=account_id)["Account"]["Status"],
                         "ACTIVE")
