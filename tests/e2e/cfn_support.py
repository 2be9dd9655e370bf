"""What the CloudFormation end-to-end tests share: the folder of their templates, waiters that
poll every second, a stack's events as tuples, and the case of a stack of ssm_update.yaml (one SSM
parameter whose name and value are stack parameters)."""
import pathlib

from harness import EmulatorTestCase

TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "data" / "templates"
SSM_UPDATE = TEMPLATES / "ssm_update.yaml"
# Waiters poll every second here rather than AWS's 30.
FAST = {"Delay": 1, "MaxAttempts": 30}


def stack_events(cfn, stack, until_user_initiated=False):
    """(LogicalResourceId, ResourceStatus, ResourceStatusReason) of the stack's events oldest
    first, every page; with until_user_initiated, only those of the last operation."""
    lines = []
    for page in cfn.get_paginator("describe_stack_events").paginate(StackName=stack):
        for event in page["StackEvents"]:
            lines.append((event["LogicalResourceId"], event["ResourceStatus"],
                          event.get("ResourceStatusReason", "")))
            if until_user_initiated and event.get("ResourceStatusReason") == "User Initiated":
                return list(reversed(lines))
    return list(reversed(lines))


class SsmUpdateStackCase(EmulatorTestCase):
    """A stack name and an SSM parameter prefix of the test's own, and the Parameters of
    ssm_update.yaml for a parameter under that prefix."""

    def setUp(self):
        self.cfn = self.client("cloudformation")
        self.ssm = self.client("ssm")
        self.name = self.unique("stack")
        self.prefix = "/" + self.unique("e2e")

    def parameters(self, name, value):
        return [{"ParameterKey": "ParamName", "ParameterValue": self.prefix + name},
                {"ParameterKey": "ParamValue", "ParameterValue": value}]
