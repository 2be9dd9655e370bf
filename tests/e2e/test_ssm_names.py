"""SSM parameter names against the real binary (boto3): "foo" and "/foo" are one parameter, AWS's
sub-path errors, and the read-only public parameters under /aws/service/."""
import json
import re

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

SUB_PATH_MESSAGE = (
    "Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, it "
    "can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of "
    "letters, numbers and the following 3 symbols .-_")
AL2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
REGIONS = "/aws/service/global-infrastructure/regions"


class SsmNamesTest(EmulatorTestCase):
    def setUp(self):
        self.ssm = self.client("ssm")

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        return cm.exception.response["Error"]

    # "foo" and "/foo"

    def test_top_level_name_with_and_without_slash_is_one_parameter(self):
        bare = self.unique("top")
        self.ssm.put_parameter(Name=bare, Value="v1", Type="String")
        got = self.ssm.get_parameter(Name="/" + bare)["Parameter"]
        self.assertEqual(got["Name"], "/" + bare)
        self.assertEqual(got["Value"], "v1")
        self.assertEqual(got["ARN"], f"arn:aws:ssm:us-east-1:000000000000:parameter/{bare}")
        self.assertEqual(
            self.error(self.ssm.put_parameter, Name="/" + bare, Value="v2", Type="String")["Code"],
            "ParameterAlreadyExists")
        self.assertEqual(
            self.ssm.put_parameter(Name="/" + bare, Value="v2", Overwrite=True)["Version"], 2)
        self.assertEqual(self.ssm.get_parameters(Names=["/" + bare])["Parameters"][0]["Value"],
                         "v2")
        history = self.ssm.get_parameter_history(Name="/" + bare)["Parameters"]
        self.assertEqual([h["Version"] for h in history], [1, 2])
        self.ssm.label_parameter_version(Name="/" + bare, ParameterVersion=1, Labels=["old"])
        self.assertEqual(self.ssm.get_parameter(Name=bare + ":old")["Parameter"]["Value"], "v1")
        self.ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId="/" + bare,
                                      Tags=[{"Key": "team", "Value": "a"}])
        tags = self.ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=bare)
        self.assertEqual(tags["TagList"], [{"Key": "team", "Value": "a"}])
        described = self.ssm.describe_parameters(
            ParameterFilters=[{"Key": "Name", "Option": "Contains", "Values": ["/" + bare]}])
        self.assertEqual([p["Name"] for p in described["Parameters"]], [bare])
        self.ssm.delete_parameter(Name="/" + bare)
        self.assertEqual(self.error(self.ssm.get_parameter, Name=bare)["Code"],
                         "ParameterNotFound")

    # sub-path errors

    def test_unrooted_path_is_a_validation_exception(self):
        error = self.error(self.ssm.put_parameter, Name="a/b", Value="v", Type="String")
        self.assertEqual((error["Code"], error["Message"]),
                         ("ValidationException", SUB_PATH_MESSAGE))

    def test_empty_sub_path_is_a_validation_exception(self):
        error = self.error(self.ssm.get_parameter, Name="/a//b")
        self.assertEqual((error["Code"], error["Message"]),
                         ("ValidationException", SUB_PATH_MESSAGE))

    # public parameters

    def test_public_image_ids_are_stable_and_differ_between_regions(self):
        east = self.ssm.get_parameter(Name=AL2023)["Parameter"]
        west = self.client("ssm", region="eu-west-1").get_parameter(Name=AL2023)["Parameter"]
        self.assertRegex(east["Value"], r"^ami-[0-9a-f]{17}$")
        self.assertRegex(west["Value"], r"^ami-[0-9a-f]{17}$")
        self.assertNotEqual(east["Value"], west["Value"])
        self.assertEqual(self.ssm.get_parameter(Name=AL2023)["Parameter"]["Value"], east["Value"])
        self.assertEqual(east["ARN"], "arn:aws:ssm:us-east-1::parameter" + AL2023)
        self.assertEqual(west["ARN"], "arn:aws:ssm:eu-west-1::parameter" + AL2023)

    def test_region_attributes_come_from_botocore(self):
        names = [REGIONS + "/eu-west-1/longName", REGIONS + "/eu-west-1/partition",
                 REGIONS + "/eu-west-1/domain", REGIONS + "/eu-west-1"]
        found = self.ssm.get_parameters(Names=names)["Parameters"]
        self.assertEqual({p["Name"]: p["Value"] for p in found}, {
            names[0]: "Europe (Ireland)", names[1]: "aws", names[2]: "amazonaws.com",
            names[3]: "eu-west-1"})

    def test_regions_page_by_path_without_repeats(self):
        seen = []
        pages = self.ssm.get_paginator("get_parameters_by_path").paginate(
            Path=REGIONS, PaginationConfig={"PageSize": 10})
        for page in pages:
            self.assertLessEqual(len(page["Parameters"]), 10)
            seen += [p["Value"] for p in page["Parameters"]]
        self.assertEqual(len(seen), len(set(seen)))
        self.assertIn("us-east-1", seen)
        self.assertIn("eu-west-1", seen)
        self.assertNotIn("cn-north-1", seen)

    def test_recursive_listing_of_amazon_linux_images(self):
        out = self.ssm.get_parameters_by_path(Path="/aws/service/ami-amazon-linux-latest",
                                              Recursive=True, MaxResults=10)
        self.assertEqual(len(out["Parameters"]), 10)
        self.assertIn("NextToken", out)
        for p in out["Parameters"]:
            self.assertTrue(re.fullmatch(r"ami-[0-9a-f]{17}", p["Value"]), p)

    def test_public_parameters_are_read_only(self):
        put = self.error(self.ssm.put_parameter, Name=AL2023, Value="ami-0123456789abcdef0",
                         Type="String", Overwrite=True)
        self.assertEqual(put["Code"], "AccessDeniedException")
        delete = self.error(self.ssm.delete_parameter, Name=AL2023)
        self.assertEqual(delete["Code"], "AccessDeniedException")
        self.assertEqual(delete["Message"], f"No access to reserved parameter name: {AL2023}.")

    def test_public_parameters_are_not_described(self):
        out = self.ssm.describe_parameters(
            ParameterFilters=[{"Key": "Name", "Option": "BeginsWith", "Values": ["/aws/"]}])
        self.assertEqual(out["Parameters"], [])

    def test_stack_parameter_of_image_id_type_resolves_a_public_parameter(self):
        stack = self.unique("pubami")
        template = {
            "Parameters": {"Image": {
                "Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "Default": AL2023}},
            "Resources": {"Copy": {"Type": "AWS::SSM::Parameter", "Properties": {
                "Name": "/" + stack + "/image", "Type": "String", "Value": {"Ref": "Image"}}}},
        }
        cfn = self.client("cloudformation")
        cfn.create_stack(StackName=stack, TemplateBody=json.dumps(template))
        cfn.get_waiter("stack_create_complete").wait(StackName=stack,
                                                     WaiterConfig={"Delay": 1})
        expected = self.ssm.get_parameter(Name=AL2023)["Parameter"]["Value"]
        copied = self.ssm.get_parameter(Name="/" + stack + "/image")["Parameter"]["Value"]
        self.assertEqual(copied, expected)
