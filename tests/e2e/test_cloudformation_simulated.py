"""Resource types nimbus does not emulate, simulated from their resource schemas: a VPC, a
subnet, a security group and an SNS topic created with the AWS CLI, their Ref and Fn::GetAtt
values in the stack's outputs, the label on their events, a property validation failure, and
--cfn-simulated fail on a second server."""
import json
import pathlib
import time

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "data" / "templates"
NETWORK = TEMPLATES / "simulated_network.yaml"
EC2_LABEL = ("Simulated by nimbus: nimbus does not emulate the EC2 service; the resource exists "
             "only in this stack")
SNS_LABEL = ("Simulated by nimbus: nimbus does not emulate the SNS service; the resource exists "
             "only in this stack")
FAST = {"Delay": 1, "MaxAttempts": 30}


class SimulatedResourcesTest(EmulatorTestCase):
    stack = None  # the stack the read-only tests share, created by the first of them

    def setUp(self):
        self.cfn = self.client("cloudformation")
        cls = type(self)
        if cls.stack is None:
            # Created as users do: the CLI with a template file, then `wait`.
            cls.stack = self.unique("net")
            self.aws("cloudformation", "create-stack", "--stack-name", cls.stack,
                     "--template-body", f"file://{NETWORK}")
            self.aws("cloudformation", "wait", "stack-create-complete", "--stack-name", cls.stack)
            described = self.aws("cloudformation", "describe-stacks", "--stack-name", cls.stack)
            cls.described = described["Stacks"][0]
            cls.outputs = {o["OutputKey"]: o["OutputValue"] for o in cls.described["Outputs"]}

    def test_the_stack_is_create_complete(self):
        self.assertEqual(self.described["StackStatus"], "CREATE_COMPLETE")

    def test_a_vpc_ref_is_vpc_and_seventeen_hex_digits(self):
        self.assertRegex(self.outputs["VpcId"], r"^vpc-[0-9a-f]{17}$")

    def test_a_vpcs_default_security_group_is_a_security_group_id(self):
        self.assertRegex(self.outputs["DefaultSecurityGroup"], r"^sg-[0-9a-f]{17}$")

    def test_a_subnet_ref_is_subnet_and_seventeen_hex_digits(self):
        self.assertRegex(self.outputs["SubnetId"], r"^subnet-[0-9a-f]{17}$")

    def test_a_subnets_cidr_attribute_is_the_block_it_was_given(self):
        self.assertEqual(self.outputs["SubnetCidr"], "10.0.0.0/24")

    def test_a_security_groups_group_id_is_a_security_group_id(self):
        self.assertRegex(self.outputs["GroupId"], r"^sg-[0-9a-f]{17}$")

    def test_a_topic_ref_is_its_arn_with_its_generated_name(self):
        self.assertRegex(self.outputs["TopicArn"],
                         rf"^arn:aws:sns:us-east-1:000000000000:{self.stack}-Alerts-[A-Z0-9]{{13}}$")
        self.assertTrue(self.outputs["TopicArn"].endswith(":" + self.outputs["TopicName"]))

    def test_every_create_complete_event_says_the_resource_is_simulated(self):
        events = self.cfn.describe_stack_events(StackName=self.stack)["StackEvents"]
        reasons = {e["LogicalResourceId"]: e.get("ResourceStatusReason", "")
                   for e in events if e["ResourceStatus"] == "CREATE_COMPLETE"}
        self.assertEqual(reasons, {"Vpc": EC2_LABEL, "Subnet": EC2_LABEL, "WebGroup": EC2_LABEL,
                                   "Alerts": SNS_LABEL, self.stack: ""})

    def test_describe_stack_resources_gives_the_physical_ids_and_the_label(self):
        resources = self.cfn.describe_stack_resources(StackName=self.stack)["StackResources"]
        by_id = {r["LogicalResourceId"]: r for r in resources}
        self.assertEqual(by_id["Vpc"]["PhysicalResourceId"], self.outputs["VpcId"])
        self.assertEqual(by_id["Vpc"]["ResourceStatusReason"], EC2_LABEL)
        self.assertEqual(by_id["Alerts"]["PhysicalResourceId"], self.outputs["TopicArn"])

    def test_a_resource_that_fails_validation_fails_with_awss_reason(self):
        name = self.unique("bad")
        body = json.dumps({"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
            "Code": {"ZipFile": "x"}, "Runtime": "python3.12"}}}})
        self.cfn.create_stack(StackName=name, TemplateBody=body)
        self.wait_status(name, "ROLLBACK_COMPLETE")
        events = self.cfn.describe_stack_events(StackName=name)["StackEvents"]
        failed = [e for e in events if e["ResourceStatus"] == "CREATE_FAILED"]
        self.assertEqual(failed[0]["LogicalResourceId"], "Fn")
        self.assertEqual(failed[0]["ResourceStatusReason"],
                         "Property validation failure: [The property {/Role} is required]")

    def test_deleting_the_stack_deletes_its_simulated_resources(self):
        name = self.unique("gone")
        self.cfn.create_stack(StackName=name, TemplateBody=NETWORK.read_text())
        self.cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig=FAST)
        self.cfn.delete_stack(StackName=name)
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=FAST)
        summaries = self.cfn.list_stacks(StackStatusFilter=["DELETE_COMPLETE"])["StackSummaries"]
        ids = [s["StackId"] for s in summaries if s["StackName"] == name]
        resources = self.cfn.describe_stack_resources(StackName=ids[0])["StackResources"]
        self.assertEqual({r["ResourceStatus"] for r in resources}, {"DELETE_COMPLETE"})

    def wait_status(self, name, status):
        for _ in range(300):
            current = self.cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
            if current == status:
                return
            if not current.endswith("IN_PROGRESS"):
                self.fail(f"{name} is {current}, not {status}")
            time.sleep(0.1)
        self.fail(f"{name} never reached {status}")


class CfnSimulatedFailTest(EmulatorTestCase):
    nimbus_args = ("--cfn-simulated", "fail")

    def setUp(self):
        self.cfn = self.client("cloudformation")

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        return cm.exception.response["Error"]

    def test_create_stack_names_the_types_it_would_simulate(self):
        error = self.error(self.cfn.create_stack, StackName=self.unique("net"),
                           TemplateBody=NETWORK.read_text())
        self.assertEqual(error["Code"], "ValidationError")
        self.assertEqual(error["Message"],
                         "Template format error: nimbus does not emulate resource types "
                         "[AWS::EC2::VPC, AWS::EC2::Subnet, AWS::EC2::SecurityGroup, "
                         "AWS::SNS::Topic]; they would be simulated (--cfn-simulated fail)")

    def test_validate_template_fails_the_same_way(self):
        result = self.aws("cloudformation", "validate-template", "--template-body",
                          f"file://{NETWORK}", check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("nimbus does not emulate resource types [AWS::EC2::VPC", result.stderr)

    def test_native_types_are_still_created(self):
        name = self.unique("native")
        body = json.dumps({"Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {
            "Name": "/" + name, "Type": "String", "Value": "v"}}}})
        self.cfn.create_stack(StackName=name, TemplateBody=body)
        self.cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig=FAST)
        status = self.cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
        self.assertEqual(status, "CREATE_COMPLETE")
