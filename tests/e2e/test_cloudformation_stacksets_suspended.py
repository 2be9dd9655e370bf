"""CloudFormation StackSets, service-managed, through boto3: an account closed with
Organizations' CloseAccount is skipped by the set's operations (SKIPPED_SUSPENDED_ACCOUNT), no
stack is made there, and the operation still succeeds.

Organizations is global, so each test makes an organization of its own, managed by a new
12-digit account (the access key id is the account).
"""
import itertools
import time

from stackset_support import OrganizationMixin, StackSetCase

REASON = ("This account is suspended. To remove this instance from the stack set, run "
          "DeleteStackInstances with the RetainStacks parameter.")
TEMPLATE = """
Resources:
  Marker:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /e2e/suspended-marker
      Type: String
      Value: deployed
"""
_accounts = itertools.count(330000000001)


class SuspendedAccountStackSetTest(OrganizationMixin, StackSetCase):
    def setUp(self):
        """A new organization with an OU `workloads` holding two member accounts, `active` and
        `closed`, and trusted access for StackSets. No self-managed roles: the set is
        service-managed."""
        self.make_organization(str(next(_accounts)))
        self.ou = self.new_ou("workloads")
        self.active = self.new_member("active", self.ou)
        self.closed = self.new_member("closed", self.ou)
        self.cfn().activate_organizations_access()

    def cfn(self, account=None, region="us-east-1"):
        """The management account's client unless `account` is given."""
        return super().cfn(account or self.manager, region)

    def close(self, account):
        """CloseAccount, then waits until Organizations reports the account SUSPENDED."""
        self.orgs.close_account(AccountId=account)
        for _ in range(200):
            if self.orgs.describe_account(AccountId=account)["Account"]["Status"] == "SUSPENDED":
                return
            time.sleep(0.05)
        raise AssertionError(f"{account} is not SUSPENDED")

    def deploy(self, name):
        """A service-managed set `name` deployed to the OU in us-east-1; its id and operation."""
        set_id = self.cfn().create_stack_set(
            StackSetName=name, TemplateBody=TEMPLATE, PermissionModel="SERVICE_MANAGED",
            AutoDeployment={"Enabled": False})["StackSetId"]
        operation = self.cfn().create_stack_instances(
            StackSetName=name, DeploymentTargets={"OrganizationalUnitIds": [self.ou]},
            Regions=["us-east-1"],
            OperationPreferences={"FailureToleranceCount": 0})["OperationId"]
        return set_id, operation

    def stacks_of(self, account):
        stacks = self.cfn(account).describe_stacks()["Stacks"]
        return [s for s in stacks if s["StackStatus"] != "DELETE_COMPLETE"]

    def test_a_closed_accounts_instance_is_skipped_with_every_field(self):
        self.close(self.closed)
        set_id, operation = self.deploy("suspended-fields")
        self.wait_operation("suspended-fields", operation)
        instance = self.instance("suspended-fields", self.closed)
        self.assert_instance(instance, set_id, self.closed, "us-east-1", "OUTDATED",
                             "SKIPPED_SUSPENDED_ACCOUNT", operation, reason=REASON)
        self.assertEqual(instance["OrganizationalUnitId"], self.ou)
        self.assertNotIn("StackId", instance)
        self.assertNotIn("LastDriftCheckTimestamp", instance)
        self.assertEqual(set(instance) - {"ResponseMetadata"},
                         {"StackSetId", "Region", "Account", "ParameterOverrides", "Status",
                          "StackInstanceStatus", "StatusReason", "OrganizationalUnitId",
                          "DriftStatus", "LastOperationId"})

    def test_no_stack_is_made_in_the_closed_account(self):
        self.close(self.closed)
        _, operation = self.deploy("suspended-nostack")
        self.wait_operation("suspended-nostack", operation)
        self.assertEqual(self.stacks_of(self.closed), [])

    def test_the_other_account_is_deployed(self):
        self.close(self.closed)
        set_id, operation = self.deploy("suspended-other")
        self.wait_operation("suspended-other", operation)
        instance = self.instance("suspended-other", self.active)
        self.assert_instance(instance, set_id, self.active, "us-east-1", "CURRENT", "SUCCEEDED",
                             operation)
        stacks = self.stacks_of(self.active)
        self.assertEqual(len(stacks), 1)
        self.assertEqual(instance["StackId"], stacks[0]["StackId"])
        self.assertEqual(stacks[0]["StackStatus"], "CREATE_COMPLETE")

    def test_the_operation_succeeds_within_a_zero_failure_tolerance(self):
        self.close(self.closed)
        _, operation = self.deploy("suspended-operation")
        self.assertEqual(self.wait_operation("suspended-operation", operation)["Status"],
                         "SUCCEEDED")
        results = self.cfn().list_stack_set_operation_results(
            StackSetName="suspended-operation", OperationId=operation)["Summaries"]
        by_account = {r["Account"]: r for r in results}
        self.assertEqual(by_account[self.closed]["Status"], "SUCCEEDED")
        self.assertEqual(by_account[self.closed]["StatusReason"], REASON)
        self.assertEqual(by_account[self.active]["Status"], "SUCCEEDED")

    def test_the_detailed_status_filter_lists_the_skipped_instance(self):
        self.close(self.closed)
        _, operation = self.deploy("suspended-filter")
        self.wait_operation("suspended-filter", operation)
        skipped = self.cfn().list_stack_instances(
            StackSetName="suspended-filter",
            Filters=[{"Name": "DETAILED_STATUS",
                      "Values": "SKIPPED_SUSPENDED_ACCOUNT"}])["Summaries"]
        self.assertEqual([s["Account"] for s in skipped], [self.closed])
        self.assertEqual(skipped[0]["StackInstanceStatus"],
                         {"DetailedStatus": "SKIPPED_SUSPENDED_ACCOUNT"})
        succeeded = self.cfn().list_stack_instances(
            StackSetName="suspended-filter",
            Filters=[{"Name": "DETAILED_STATUS", "Values": "SUCCEEDED"}])["Summaries"]
        self.assertEqual([s["Account"] for s in succeeded], [self.active])

    def test_delete_with_retain_stacks_removes_the_skipped_instance(self):
        self.close(self.closed)
        _, operation = self.deploy("suspended-delete")
        self.wait_operation("suspended-delete", operation)
        operation = self.cfn().delete_stack_instances(
            StackSetName="suspended-delete", DeploymentTargets={"Accounts": [self.closed]},
            Regions=["us-east-1"], RetainStacks=True)["OperationId"]
        self.assertEqual(self.wait_operation("suspended-delete", operation)["Status"],
                         "SUCCEEDED")
        remaining = self.cfn().list_stack_instances(StackSetName="suspended-delete")["Summaries"]
        self.assertEqual([s["Account"] for s in remaining], [self.active])


if __name__ == "__main__":
    import unittest
    unittest.main()
