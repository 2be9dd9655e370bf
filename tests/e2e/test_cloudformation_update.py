"""UpdateStack against the real binary: boto3 and its waiters, and the AWS CLI's update-stack and
wait, with SSM parameters updated in place, replaced, and a replacement whose new name is taken
rolling back."""

from botocore.exceptions import ClientError, WaiterError

from cfn_support import FAST, SSM_UPDATE, SsmUpdateStackCase, stack_events


class CloudFormationUpdateTest(SsmUpdateStackCase):
    def create(self, name="/p", value="v1"):
        self.cfn.create_stack(StackName=self.name, TemplateBody=SSM_UPDATE.read_text(),
                              Parameters=self.parameters(name, value))
        self.cfn.get_waiter("stack_create_complete").wait(StackName=self.name,
                                                          WaiterConfig=FAST)

    def value(self, name):
        try:
            return self.ssm.get_parameter(Name=self.prefix + name)["Parameter"]["Value"]
        except ClientError as error:
            return error.response["Error"]["Code"]

    def stack(self):
        return self.cfn.describe_stacks(StackName=self.name)["Stacks"][0]

    def events(self):
        """(LogicalResourceId, ResourceStatus, ResourceStatusReason) of the last operation."""
        return stack_events(self.cfn, self.name, until_user_initiated=True)

    def test_boto3_updates_a_value_in_place_and_waits_for_it(self):
        self.create()
        self.cfn.update_stack(StackName=self.name, UsePreviousTemplate=True,
                              Parameters=[{"ParameterKey": "ParamName", "UsePreviousValue": True},
                                          {"ParameterKey": "ParamValue", "ParameterValue": "v2"}])
        self.cfn.get_waiter("stack_update_complete").wait(StackName=self.name, WaiterConfig=FAST)
        stack = self.stack()
        self.assertEqual(stack["StackStatus"], "UPDATE_COMPLETE")
        self.assertIn("LastUpdatedTime", stack)
        self.assertEqual(stack["Outputs"], [{"OutputKey": "Value", "OutputValue": "v2"}])
        self.assertEqual(self.value("/p"), "v2")
        self.assertEqual(self.events(), [
            (self.name, "UPDATE_IN_PROGRESS", "User Initiated"),
            ("Param", "UPDATE_IN_PROGRESS", ""),
            ("Param", "UPDATE_COMPLETE", ""),
            (self.name, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", ""),
            (self.name, "UPDATE_COMPLETE", "")])

    def test_cli_update_stack_with_a_new_name_replaces_the_parameter(self):
        self.create()
        self.aws("cloudformation", "update-stack", "--stack-name", self.name,
                 "--template-body", f"file://{SSM_UPDATE}",
                 "--parameters", f"ParameterKey=ParamName,ParameterValue={self.prefix}/q",
                 "ParameterKey=ParamValue,UsePreviousValue=true")
        self.aws("cloudformation", "wait", "stack-update-complete", "--stack-name", self.name)
        self.assertEqual(self.value("/q"), "v1")
        self.assertEqual(self.value("/p"), "ParameterNotFound")
        resource = self.cfn.describe_stack_resource(
            StackName=self.name, LogicalResourceId="Param")["StackResourceDetail"]
        self.assertEqual(resource["PhysicalResourceId"], self.prefix + "/q")
        self.assertEqual([line[1:] for line in self.events() if line[0] == "Param"], [
            ("UPDATE_IN_PROGRESS", "Requested update requires the creation of a new physical "
                                   "resource; hence creating one."),
            ("UPDATE_IN_PROGRESS", "Resource creation Initiated"),
            ("UPDATE_COMPLETE", ""),
            ("DELETE_IN_PROGRESS", ""),
            ("DELETE_COMPLETE", "")])

    def test_a_replacement_whose_new_name_is_taken_rolls_back(self):
        self.create()
        self.ssm.put_parameter(Name=self.prefix + "/taken", Value="mine", Type="String")
        self.cfn.update_stack(StackName=self.name, TemplateBody=SSM_UPDATE.read_text(),
                              Parameters=self.parameters("/taken", "v2"))
        self.cfn.get_waiter("stack_rollback_complete").wait(StackName=self.name,
                                                            WaiterConfig=FAST)
        stack = self.stack()
        self.assertEqual(stack["StackStatus"], "UPDATE_ROLLBACK_COMPLETE")
        self.assertEqual(self.value("/p"), "v1")
        self.assertEqual(self.value("/taken"), "mine")
        self.assertIn((self.name, "UPDATE_ROLLBACK_IN_PROGRESS",
                       "The following resource(s) failed to update: [Param]. "), self.events())

    def test_the_same_template_and_parameters_are_no_updates_to_be_performed(self):
        self.create()
        with self.assertRaises(ClientError) as cm:
            self.cfn.update_stack(StackName=self.name, TemplateBody=SSM_UPDATE.read_text(),
                                  Parameters=self.parameters("/p", "v1"))
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationError")
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         "No updates are to be performed.")

    def test_updating_a_stack_that_does_not_exist_fails(self):
        with self.assertRaises(ClientError) as cm:
            self.cfn.update_stack(StackName=self.name, TemplateBody=SSM_UPDATE.read_text())
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         f"Stack [{self.name}] does not exist")

    def test_cli_stack_policy_denies_a_modification_and_the_stack_rolls_back(self):
        self.create()
        policy = ('{"Statement": [{"Effect": "Deny", "Action": "Update:Modify", "Principal": "*",'
                  ' "Resource": "LogicalResourceId/Param"}, {"Effect": "Allow", "Action":'
                  ' "Update:*", "Principal": "*", "Resource": "*"}]}')
        self.aws("cloudformation", "set-stack-policy", "--stack-name", self.name,
                 "--stack-policy-body", policy)
        got = self.aws("cloudformation", "get-stack-policy", "--stack-name", self.name)
        self.assertEqual(got["StackPolicyBody"], policy)
        self.cfn.update_stack(StackName=self.name, UsePreviousTemplate=True,
                              Parameters=self.parameters("/p", "v2"))
        self.aws("cloudformation", "wait", "stack-rollback-complete", "--stack-name", self.name)
        self.assertEqual(self.value("/p"), "v1")
        self.assertIn(("Param", "UPDATE_FAILED",
                       "Action denied by stack policy: Statement [#1] does not allow "
                       "[Update:Modify] for resource [LogicalResourceId/Param];"), self.events())

    def test_rollback_stack_rolls_back_an_update_left_failed_by_disable_rollback(self):
        self.create()
        self.ssm.put_parameter(Name=self.prefix + "/taken", Value="mine", Type="String")
        self.cfn.update_stack(StackName=self.name, UsePreviousTemplate=True, DisableRollback=True,
                              Parameters=self.parameters("/taken", "v2"))
        waiter = self.cfn.get_waiter("stack_update_complete")
        with self.assertRaises(WaiterError):  # UPDATE_FAILED is a failure state of the waiter
            waiter.wait(StackName=self.name, WaiterConfig=FAST)
        self.assertEqual(self.stack()["StackStatus"], "UPDATE_FAILED")
        self.cfn.rollback_stack(StackName=self.name)
        self.cfn.get_waiter("stack_rollback_complete").wait(StackName=self.name,
                                                            WaiterConfig=FAST)
        self.assertEqual(self.value("/p"), "v1")
