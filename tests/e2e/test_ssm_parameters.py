"""SSM Parameter Store against the real binary: boto3 and the AWS CLI."""
import base64
import datetime

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

ACCOUNT = "000000000000"


class SsmParametersTest(EmulatorTestCase):
    def setUp(self):
        self.ssm = self.client("ssm")
        self.root = "/" + self.unique("e2e")

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        return cm.exception.response

    def assert_error(self, response, code, message, member="message"):
        """The whole error: code, HTTP status, message, and the members of the error shape that
        botocore parses (SSM's shapes have none besides the message, under `member`; None when
        AWS sends no message)."""
        self.assertEqual(response["Error"]["Code"], code)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(response["Error"]["Message"], message or "")
        members = {k: v for k, v in response.items() if k not in ("Error", "ResponseMetadata")}
        self.assertEqual(members, {member: message} if message and member else {})

    # PutParameter / GetParameter

    def test_put_then_get_parameter(self):
        name = self.root + "/db/url"
        out = self.ssm.put_parameter(Name=name, Value="v1", Type="String", Description="d")
        self.assertEqual(out["Version"], 1)
        self.assertEqual(out["Tier"], "Standard")
        p = self.ssm.get_parameter(Name=name)["Parameter"]
        self.assertEqual(p["Name"], name)
        self.assertEqual(p["Value"], "v1")
        self.assertEqual(p["Type"], "String")
        self.assertEqual(p["Version"], 1)
        self.assertEqual(p["DataType"], "text")
        self.assertEqual(p["ARN"], f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter{name}")
        self.assertIsInstance(p["LastModifiedDate"], datetime.datetime)
        age = datetime.datetime.now(datetime.timezone.utc) - p["LastModifiedDate"]
        self.assertLess(abs(age.total_seconds()), 60)

    def test_put_existing_without_overwrite_is_parameter_already_exists(self):
        name = self.root + "/x"
        self.ssm.put_parameter(Name=name, Value="v1", Type="String")
        response = self.error(self.ssm.put_parameter, Name=name, Value="v2", Type="String")
        self.assertEqual(response["Error"]["Code"], "ParameterAlreadyExists")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(self.ssm.get_parameter(Name=name)["Parameter"]["Value"], "v1")
        out = self.ssm.put_parameter(Name=name, Value="v2", Overwrite=True)
        self.assertEqual(out["Version"], 2)
        self.assertEqual(self.ssm.get_parameter(Name=name)["Parameter"]["Value"], "v2")

    def test_value_with_a_nul_is_returned_whole(self):
        for kind in ("String", "SecureString"):
            name = f"{self.root}/nul/{kind}"
            self.ssm.put_parameter(Name=name, Value="a\x00b", Type=kind)
            p = self.ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]
            self.assertEqual(p["Value"], "a\x00b", kind)

    def test_get_unknown_parameter_is_parameter_not_found(self):
        response = self.error(self.ssm.get_parameter, Name=self.root + "/missing")
        self.assertEqual(response["Error"]["Code"], "ParameterNotFound")
        self.assertEqual(response["Error"]["Message"], f"Parameter {self.root}/missing not found.")

    def test_name_rules(self):
        cases = {
            "awsthing": "ValidationException",
            "/ssm/x": "ValidationException",
            "a/b": "ValidationException",
            self.root + "/bad name": "ValidationException",
            self.root + "/bad*": "ValidationException",
            "/aws/reserved/x": "AccessDeniedException",
            "/" + "/".join(str(i) for i in range(16)): "HierarchyLevelLimitExceededException",
        }
        for name, code in cases.items():
            response = self.error(self.ssm.put_parameter, Name=name, Value="v", Type="String")
            self.assertEqual(response["Error"]["Code"], code, name)
        fifteen = self.root + "".join(f"/{i}" for i in range(14))
        self.assertEqual(self.ssm.put_parameter(Name=fifteen, Value="v", Type="String")["Version"], 1)

    def test_create_without_type_is_validation_exception(self):
        response = self.error(self.ssm.put_parameter, Name=self.root + "/t", Value="v")
        self.assertEqual(response["Error"]["Code"], "ValidationException")
        self.assertEqual(response["Error"]["Message"],
                         "A parameter type is required when you create a parameter.")

    def test_overwrite_with_tags_is_validation_exception(self):
        name = self.root + "/t"
        self.ssm.put_parameter(Name=name, Value="v", Type="String")
        response = self.error(self.ssm.put_parameter, Name=name, Value="w", Overwrite=True,
                              Tags=[{"Key": "k", "Value": "v"}])
        self.assertEqual(response["Error"]["Code"], "ValidationException")
        self.assertIn("tags and overwrite can't be used together", response["Error"]["Message"])

    def test_allowed_pattern(self):
        name = self.root + "/num"
        response = self.error(self.ssm.put_parameter, Name=name, Value="abc", Type="String",
                              AllowedPattern=r"^\d+$")
        self.assertEqual(response["Error"]["Code"], "ParameterPatternMismatchException")
        self.ssm.put_parameter(Name=name, Value="42", Type="String", AllowedPattern=r"^\d+$")
        meta = self.ssm.describe_parameters(
            ParameterFilters=[{"Key": "Name", "Values": [name]}])["Parameters"][0]
        self.assertEqual(meta["AllowedPattern"], r"^\d+$")

    def test_tiers_and_value_size(self):
        big = "x" * 5000
        response = self.error(self.ssm.put_parameter, Name=self.root + "/big", Value=big,
                              Type="String")
        self.assertEqual(response["Error"]["Code"], "ValidationException")
        self.assertIn("4096", response["Error"]["Message"])
        out = self.ssm.put_parameter(Name=self.root + "/big", Value=big, Type="String",
                                     Tier="Intelligent-Tiering")
        self.assertEqual(out["Tier"], "Advanced")
        response = self.error(self.ssm.put_parameter, Name=self.root + "/big", Value="small",
                              Overwrite=True, Tier="Standard")
        self.assertEqual(response["Error"]["Code"], "ValidationException")
        self.assertIn("downgrade", response["Error"]["Message"])

    def test_string_list_and_data_type(self):
        name = self.root + "/list"
        self.ssm.put_parameter(Name=name, Value="a,b,c", Type="StringList")
        p = self.ssm.get_parameter(Name=name)["Parameter"]
        self.assertEqual((p["Type"], p["Value"]), ("StringList", "a,b,c"))
        response = self.error(self.ssm.put_parameter, Name=self.root + "/img",
                              Value="ami-12345678", Type="String", DataType="aws:ec2:bogus")
        self.assertEqual(response["Error"]["Code"], "ValidationException")
        self.ssm.put_parameter(Name=self.root + "/img", Value="ami-0123456789abcdef0",
                               Type="String", DataType="aws:ec2:image")
        self.assertEqual(
            self.ssm.get_parameter(Name=self.root + "/img")["Parameter"]["DataType"],
            "aws:ec2:image")

    def test_policies_are_echoed(self):
        name = self.root + "/expiring"
        policy = ('[{"Type":"Expiration","Version":"1.0",'
                  '"Attributes":{"Timestamp":"2030-12-02T21:34:33.000Z"}}]')
        self.ssm.put_parameter(Name=name, Value="v", Type="String", Tier="Advanced",
                               Policies=policy)
        meta = self.ssm.describe_parameters(
            ParameterFilters=[{"Key": "Name", "Values": [name]}])["Parameters"][0]
        self.assertEqual(meta["Tier"], "Advanced")
        self.assertEqual(meta["Policies"][0]["PolicyType"], "Expiration")
        self.assertEqual(meta["Policies"][0]["PolicyStatus"], "Pending")
        self.assertIn("2030-12-02T21:34:33.000Z", meta["Policies"][0]["PolicyText"])

    # SecureString through KMS

    def test_secure_string_with_the_default_key(self):
        name = self.root + "/secret"
        self.ssm.put_parameter(Name=name, Value="hunter2", Type="SecureString")
        encrypted = self.ssm.get_parameter(Name=name)["Parameter"]["Value"]
        self.assertNotEqual(encrypted, "hunter2")
        self.assertGreater(len(base64.b64decode(encrypted)), len("hunter2"))
        decrypted = self.ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]
        self.assertEqual(decrypted["Value"], "hunter2")
        meta = self.ssm.describe_parameters(
            ParameterFilters=[{"Key": "Name", "Values": [name]}])["Parameters"][0]
        self.assertEqual(meta["KeyId"], "alias/aws/ssm")
        self.assertEqual(meta["Type"], "SecureString")

    def test_secure_string_with_a_customer_key_and_a_disabled_key(self):
        kms = self.client("kms")
        key_id = kms.create_key(Description="ssm e2e")["KeyMetadata"]["KeyId"]
        name = self.root + "/secret"
        self.ssm.put_parameter(Name=name, Value="s3cr3t", Type="SecureString", KeyId=key_id)
        p = self.ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]
        self.assertEqual(p["Value"], "s3cr3t")
        history = self.ssm.get_parameter_history(Name=name)["Parameters"]
        self.assertEqual(history[0]["KeyId"], key_id)
        kms.disable_key(KeyId=key_id)
        response = self.error(self.ssm.get_parameter, Name=name, WithDecryption=True)
        self.assertEqual(response["Error"]["Code"], "InvalidKeyId")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        # The KMS error, quoted as Parameter Store quotes it.
        self.assertRegex(response["Error"]["Message"],
                         r"^.+ \(Service: AWSKMS; Status Code: 400; Error Code: "
                         r"DisabledException; Request ID: [0-9a-f-]{36}\)$")
        self.assertEqual(response["message"], response["Error"]["Message"])
        response = self.error(self.ssm.put_parameter, Name=self.root + "/other", Value="x",
                              Type="SecureString", KeyId=key_id)
        self.assertEqual(response["Error"]["Code"], "InvalidKeyId")

    def test_advanced_secure_string_longer_than_kms_takes_round_trips(self):
        name = self.root + "/big-secret"
        value = "".join(str(i % 10) for i in range(8000))
        self.ssm.put_parameter(Name=name, Value=value, Type="SecureString", Tier="Advanced")
        got = self.ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]
        self.assertEqual(got["Value"], value)
        self.assertNotEqual(self.ssm.get_parameter(Name=name)["Parameter"]["Value"], value)

    def test_secure_string_with_an_unknown_key_is_invalid_key_id(self):
        response = self.error(self.ssm.put_parameter, Name=self.root + "/s", Value="x",
                              Type="SecureString",
                              KeyId="11111111-2222-3333-4444-555555555555")
        self.assertEqual(response["Error"]["Code"], "InvalidKeyId")

    # Selectors, labels, history

    def test_version_and_label_selectors(self):
        name = self.root + "/sel"
        self.ssm.put_parameter(Name=name, Value="one", Type="String")
        self.ssm.put_parameter(Name=name, Value="two", Type="String", Overwrite=True)
        out = self.ssm.label_parameter_version(Name=name, ParameterVersion=1,
                                               Labels=["prod", "1bad"])
        self.assertEqual(out["ParameterVersion"], 1)
        self.assertEqual(out["InvalidLabels"], ["1bad"])
        p = self.ssm.get_parameter(Name=name + ":1")["Parameter"]
        self.assertEqual((p["Value"], p["Version"], p["Selector"], p["Name"]),
                         ("one", 1, ":1", name))
        p = self.ssm.get_parameter(Name=name + ":prod")["Parameter"]
        self.assertEqual((p["Value"], p["Selector"]), ("one", ":prod"))
        arn = f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter{name}"
        self.assertEqual(self.ssm.get_parameter(Name=arn)["Parameter"]["Value"], "two")
        response = self.error(self.ssm.get_parameter, Name=name + ":9")
        self.assertEqual(response["Error"]["Code"], "ParameterVersionNotFound")
        self.assertEqual(response["Error"]["Message"],
                         f"Systems Manager could not find version 9 of {name}. "
                         "Verify the version and try again.")

    def test_labels_move_and_are_limited_to_ten_per_version(self):
        name = self.root + "/lab"
        self.ssm.put_parameter(Name=name, Value="one", Type="String")
        self.ssm.put_parameter(Name=name, Value="two", Type="String", Overwrite=True)
        self.ssm.label_parameter_version(Name=name, ParameterVersion=1, Labels=["blue"])
        self.ssm.label_parameter_version(Name=name, Labels=["blue"])
        history = self.ssm.get_parameter_history(Name=name)["Parameters"]
        self.assertEqual([h["Labels"] for h in history], [[], ["blue"]])
        self.ssm.label_parameter_version(Name=name, Labels=[f"l{i}" for i in range(9)])
        response = self.error(self.ssm.label_parameter_version, Name=name, Labels=["extra"])
        self.assertEqual(response["Error"]["Code"], "ParameterVersionLabelLimitExceeded")
        response = self.error(self.ssm.label_parameter_version, Name=name, ParameterVersion=5,
                              Labels=["x"])
        self.assertEqual(response["Error"]["Code"], "ParameterVersionNotFound")
        out = self.ssm.unlabel_parameter_version(Name=name, ParameterVersion=2,
                                                 Labels=["blue", "nope"])
        self.assertEqual(out["RemovedLabels"], ["blue"])
        self.assertEqual(out["InvalidLabels"], ["nope"])

    def test_history_pages_and_the_version_limit(self):
        name = self.root + "/hist"
        self.ssm.put_parameter(Name=name, Value="1", Type="String")
        for i in range(2, 102):
            self.ssm.put_parameter(Name=name, Value=str(i), Overwrite=True)
        versions = []
        for page in self.ssm.get_paginator("get_parameter_history").paginate(
                Name=name, PaginationConfig={"PageSize": 30}):
            self.assertLessEqual(len(page["Parameters"]), 30)
            versions += [p["Version"] for p in page["Parameters"]]
        self.assertEqual(versions, list(range(2, 102)))
        self.ssm.label_parameter_version(Name=name, ParameterVersion=2, Labels=["pinned"])
        response = self.error(self.ssm.put_parameter, Name=name, Value="x", Overwrite=True)
        self.assertEqual(response["Error"]["Code"], "ParameterMaxVersionLimitExceeded")
        response = self.error(self.ssm.get_parameter_history, Name=name, NextToken="forged")
        self.assertEqual(response["Error"]["Code"], "InvalidNextToken")

    # GetParameters, DeleteParameter(s)

    def test_get_parameters_reports_invalid_names(self):
        self.ssm.put_parameter(Name=self.root + "/a", Value="1", Type="String")
        out = self.ssm.get_parameters(Names=[self.root + "/a", self.root + "/missing",
                                             self.root + "/a:7"])
        self.assertEqual([p["Value"] for p in out["Parameters"]], ["1"])
        self.assertEqual(out["InvalidParameters"], [self.root + "/missing", self.root + "/a:7"])

    def test_delete_parameter_and_parameters(self):
        for n in ("a", "b"):
            self.ssm.put_parameter(Name=f"{self.root}/{n}", Value="v", Type="String")
        self.ssm.delete_parameter(Name=self.root + "/a")
        response = self.error(self.ssm.delete_parameter, Name=self.root + "/a")
        self.assertEqual(response["Error"]["Code"], "ParameterNotFound")
        out = self.ssm.delete_parameters(Names=[self.root + "/a", self.root + "/b"])
        self.assertEqual(out["DeletedParameters"], [self.root + "/b"])
        self.assertEqual(out["InvalidParameters"], [self.root + "/a"])

    # GetParametersByPath / DescribeParameters

    def _tree(self):
        names = [f"{self.root}/app/p{i:02d}" for i in range(23)]
        names += [f"{self.root}/app/sub/s{i}" for i in range(3)]
        names += [f"{self.root}/other/o"]
        for name in names:
            self.ssm.put_parameter(Name=name, Value=name[-3:], Type="String")
        self.ssm.put_parameter(Name=f"{self.root}/app/sub/list", Value="a,b", Type="StringList",
                               Tags=[{"Key": "team", "Value": "blue"}])
        return names + [f"{self.root}/app/sub/list"]

    def test_get_parameters_by_path_one_level_and_recursive_with_paging(self):
        self._tree()
        one_level = []
        pages = 0
        for page in self.ssm.get_paginator("get_parameters_by_path").paginate(
                Path=self.root + "/app", PaginationConfig={"PageSize": 10}):
            pages += 1
            one_level += [p["Name"] for p in page["Parameters"]]
        self.assertEqual(pages, 3)
        self.assertEqual(one_level, [f"{self.root}/app/p{i:02d}" for i in range(23)])
        recursive = []
        for page in self.ssm.get_paginator("get_parameters_by_path").paginate(
                Path=self.root + "/app/", Recursive=True):
            recursive += [p["Name"] for p in page["Parameters"]]
        self.assertEqual(len(recursive), 27)
        self.assertEqual(recursive[-4:], [f"{self.root}/app/sub/list"] +
                         [f"{self.root}/app/sub/s{i}" for i in range(3)])
        first = self.ssm.get_parameters_by_path(Path=self.root + "/app", MaxResults=5)
        self.assertEqual(len(first["Parameters"]), 5)
        self.assertIn("NextToken", first)
        second = self.ssm.get_parameters_by_path(Path=self.root + "/app", MaxResults=5,
                                                 NextToken=first["NextToken"])
        self.assertEqual(second["Parameters"][0]["Name"], f"{self.root}/app/p05")

    def test_get_parameters_by_path_filters_and_errors(self):
        self._tree()
        out = self.ssm.get_parameters_by_path(
            Path=self.root, Recursive=True,
            ParameterFilters=[{"Key": "Type", "Option": "Equals", "Values": ["StringList"]}])
        self.assertEqual([p["Name"] for p in out["Parameters"]], [f"{self.root}/app/sub/list"])
        self.ssm.label_parameter_version(Name=f"{self.root}/app/p03", Labels=["live"])
        out = self.ssm.get_parameters_by_path(
            Path=self.root, Recursive=True, ParameterFilters=[{"Key": "Label", "Values": ["live"]}])
        self.assertEqual([p["Name"] for p in out["Parameters"]], [f"{self.root}/app/p03"])
        errors = [
            ({"ParameterFilters": [{"Key": "Name", "Values": ["x"]}]}, "InvalidFilterKey"),
            ({"ParameterFilters": [{"Key": "Type", "Option": "Contains", "Values": ["S"]}]},
             "InvalidFilterOption"),
            ({"ParameterFilters": [{"Key": "Type", "Values": ["Nope"]}]}, "InvalidFilterValue"),
            ({"NextToken": "not-a-token"}, "InvalidNextToken"),
        ]
        for extra, code in errors:
            response = self.error(self.ssm.get_parameters_by_path, Path=self.root, **extra)
            self.assertEqual(response["Error"]["Code"], code, extra)
        response = self.error(self.ssm.get_parameters_by_path, Path="no-slash")
        self.assertEqual(response["Error"]["Code"], "ValidationException")
        response = self.error(self.ssm.get_parameters_by_path, Path=self.root, MaxResults=11)
        self.assertEqual(response["Error"]["Code"], "ValidationException")

    def test_describe_parameters_filters_and_paging(self):
        names = self._tree()
        described = []
        for page in self.ssm.get_paginator("describe_parameters").paginate(
                ParameterFilters=[{"Key": "Path", "Option": "Recursive", "Values": [self.root]}],
                PaginationConfig={"PageSize": 7}):
            self.assertLessEqual(len(page["Parameters"]), 7)
            described += [p["Name"] for p in page["Parameters"]]
        self.assertEqual(described, sorted(names))
        meta = self.ssm.describe_parameters(
            ParameterFilters=[{"Key": "tag:team", "Values": ["blue"]}])["Parameters"]
        self.assertEqual([m["Name"] for m in meta], [f"{self.root}/app/sub/list"])
        self.assertEqual(meta[0]["LastModifiedUser"], f"arn:aws:iam::{ACCOUNT}:root")
        self.assertEqual(meta[0]["Version"], 1)
        meta = self.ssm.describe_parameters(ParameterFilters=[
            {"Key": "Name", "Option": "BeginsWith", "Values": [f"{self.root}/app/sub/s"]}])
        self.assertEqual(len(meta["Parameters"]), 3)
        meta = self.ssm.describe_parameters(ParameterFilters=[
            {"Key": "Path", "Option": "OneLevel", "Values": [f"{self.root}/app/sub"]},
            {"Key": "Type", "Values": ["StringList"]}])
        self.assertEqual([m["Name"] for m in meta["Parameters"]], [f"{self.root}/app/sub/list"])
        meta = self.ssm.describe_parameters(Filters=[{"Key": "Name", "Values": [f"{self.root}/other"]}])
        self.assertEqual([m["Name"] for m in meta["Parameters"]], [f"{self.root}/other/o"])
        response = self.error(self.ssm.describe_parameters,
                              ParameterFilters=[{"Key": "Label", "Values": ["x"]}])
        self.assertEqual(response["Error"]["Code"], "InvalidFilterKey")
        response = self.error(self.ssm.describe_parameters, ParameterFilters=[
            {"Key": "Path", "Option": "BeginsWith", "Values": [self.root]}])
        self.assertEqual(response["Error"]["Code"], "InvalidFilterOption")
        response = self.error(self.ssm.describe_parameters, NextToken="bogus")
        self.assertEqual(response["Error"]["Code"], "InvalidNextToken")

    # Tags

    def test_tags_on_parameters(self):
        name = self.root + "/tagged"
        self.ssm.put_parameter(Name=name, Value="v", Type="String",
                               Tags=[{"Key": "env", "Value": "dev"}])
        self.ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId=name,
                                      Tags=[{"Key": "team", "Value": "core"},
                                            {"Key": "env", "Value": "prod"}])
        tags = self.ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=name)
        self.assertEqual(tags["TagList"], [{"Key": "env", "Value": "prod"},
                                           {"Key": "team", "Value": "core"}])
        self.ssm.remove_tags_from_resource(ResourceType="Parameter", ResourceId=name,
                                           TagKeys=["env"])
        tags = self.ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=name)
        self.assertEqual(tags["TagList"], [{"Key": "team", "Value": "core"}])
        too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(50)]
        response = self.error(self.ssm.add_tags_to_resource, ResourceType="Parameter",
                              ResourceId=name, Tags=too_many)
        self.assertEqual(response["Error"]["Code"], "TooManyTagsError")
        response = self.error(self.ssm.list_tags_for_resource, ResourceType="Parameter",
                              ResourceId=self.root + "/missing")
        self.assertEqual(response["Error"]["Code"], "InvalidResourceId")
        response = self.error(self.ssm.list_tags_for_resource, ResourceType="OpsItem",
                              ResourceId="oi-0123456789ab")
        self.assertEqual(response["Error"]["Code"], "InvalidResourceType")

    def test_parameters_are_per_account_and_region(self):
        name = self.root + "/scoped"
        self.ssm.put_parameter(Name=name, Value="v", Type="String")
        other_region = self.client("ssm", region="eu-west-1")
        response = self.error(other_region.get_parameter, Name=name)
        self.assertEqual(response["Error"]["Code"], "ParameterNotFound")
        other_account = self.client("ssm", access_key="123456789012")
        response = self.error(other_account.get_parameter, Name=name)
        self.assertEqual(response["Error"]["Code"], "ParameterNotFound")

    # Every error kind, whole

    def test_every_error_kind_is_answered_whole(self):
        name = self.root + "/p"
        self.ssm.put_parameter(Name=name, Value="v1", Type="String")
        self.ssm.label_parameter_version(Name=name, Labels=[f"l{i}" for i in range(10)])
        deep = self.root + "".join(f"/{i}" for i in range(15))
        cases = [
            ("ParameterNotFound", "message", f"Parameter {self.root}/missing not found.",
             self.ssm.get_parameter, {"Name": self.root + "/missing"}),
            ("ParameterVersionNotFound", "message",
             f"Systems Manager could not find version 3 of {name}. Verify the version and try "
             "again.", self.ssm.get_parameter, {"Name": name + ":3"}),
            ("ParameterAlreadyExists", "message",
             "The parameter already exists. To overwrite this value, set the overwrite option "
             "in the request to true.",
             self.ssm.put_parameter, {"Name": name, "Value": "v2", "Type": "String"}),
            ("AccessDeniedException", "Message", "No access to reserved parameter name: /aws/x/y.",
             self.ssm.put_parameter, {"Name": "/aws/x/y", "Value": "v", "Type": "String"}),
            ("HierarchyLevelLimitExceededException", "message",
             "A hierarchy can have a maximum of 15 levels. For more information, see "
             "Requirements and constraints for parameter names in the Amazon Web Services "
             "Systems Manager User Guide.",
             self.ssm.put_parameter, {"Name": deep, "Value": "v", "Type": "String"}),
            ("ValidationException", "Message",
             "A parameter type is required when you create a parameter.",
             self.ssm.put_parameter, {"Name": self.root + "/untyped", "Value": "v"}),
            ("InvalidAllowedPatternException", "message",
             "The request does not meet the regular expression requirement.",
             self.ssm.put_parameter, {"Name": self.root + "/q", "Value": "1", "Type": "String",
                                      "AllowedPattern": "(unclosed"}),
            ("ParameterPatternMismatchException", "message",
             "Parameter value, cannot be validated against allowedPattern: ^\\d+$",
             self.ssm.put_parameter, {"Name": self.root + "/q", "Value": "abc", "Type": "String",
                                      "AllowedPattern": "^\\d+$"}),
            ("InvalidPolicyAttributeException", "message",
             "A policy attribute or its value is invalid. The policy text must be a JSON array "
             "of policies.",
             self.ssm.put_parameter, {"Name": self.root + "/q", "Value": "v", "Type": "String",
                                      "Tier": "Advanced", "Policies": "{}"}),
            ("InvalidPolicyTypeException", "message",
             "The policy type is not supported. Parameter Store supports the following policy "
             "types: Expiration, ExpirationNotification, and NoChangeNotification.",
             self.ssm.put_parameter, {"Name": self.root + "/q", "Value": "v", "Type": "String",
                                      "Tier": "Advanced", "Policies": '[{"Type":"Bogus"}]'}),
            ("PoliciesLimitExceededException", "message",
             "You specified more than the maximum number of allowed policies for the parameter. "
             "The maximum is 10.",
             self.ssm.put_parameter, {"Name": self.root + "/q", "Value": "v", "Type": "String",
                                      "Tier": "Advanced", "Policies": "[1,2,3,4,5,6,7,8,9,10,11]"}),
            ("ParameterVersionLabelLimitExceeded", "message",
             "A parameter version can have maximum 10 labels.Move one or more labels to another "
             "version and try again.",
             self.ssm.label_parameter_version, {"Name": name, "Labels": ["extra"]}),
            ("InvalidKeyId", "message", "Invalid keyId alias/none",
             self.ssm.put_parameter, {"Name": self.root + "/s", "Value": "v",
                                      "Type": "SecureString", "KeyId": "alias/none"}),
            # InvalidFilterKey's and TooManyTagsError's shapes have no members: the message is
            # not a modelled member.
            ("InvalidFilterKey", None,
             "The following filter key is not valid: Label. Valid filter keys include: [Path, "
             "Name, Type, KeyId, Tier, DataType, tag:<key>].",
             self.ssm.describe_parameters, {"ParameterFilters": [{"Key": "Label",
                                                                 "Values": ["x"]}]}),
            ("InvalidFilterOption", "message",
             "The following filter option is not valid: Contains. Valid options include: "
             "[BeginsWith, Equals].",
             self.ssm.get_parameters_by_path,
             {"Path": self.root, "ParameterFilters": [{"Key": "Type", "Option": "Contains",
                                                       "Values": ["S"]}]}),
            ("InvalidFilterValue", "Message",
             "The following filter value is not valid: Gold. Valid values include: [Standard, "
             "Advanced, Intelligent-Tiering].",
             self.ssm.describe_parameters, {"ParameterFilters": [{"Key": "Tier",
                                                                 "Values": ["Gold"]}]}),
            ("InvalidNextToken", "Message", "The specified token is not valid.",
             self.ssm.get_parameter_history, {"Name": name, "NextToken": "forged"}),
            ("InvalidResourceId", None, None,
             self.ssm.list_tags_for_resource, {"ResourceType": "Parameter",
                                               "ResourceId": self.root + "/missing"}),
            ("InvalidResourceType", None, None,
             self.ssm.list_tags_for_resource, {"ResourceType": "OpsItem",
                                               "ResourceId": "oi-0123456789ab"}),
            ("TooManyTagsError", None,
             "The Tags parameter contains too many tags. A resource can have up to 50 tags.",
             self.ssm.add_tags_to_resource,
             {"ResourceType": "Parameter", "ResourceId": name,
              "Tags": [{"Key": f"k{i}", "Value": "v"} for i in range(51)]}),
        ]
        for code, member, message, call, kwargs in cases:
            with self.subTest(code):
                self.assert_error(self.error(call, **kwargs), code, message, member)

    def test_put_parameter_with_fifty_one_tags_is_validation_exception(self):
        response = self.error(self.ssm.put_parameter, Name=self.root + "/t", Value="v",
                              Type="String",
                              Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
        self.assert_error(response, "ValidationException",
                          "The Tags parameter contains too many tags. A resource can have up to "
                          "50 tags.", "Message")

    # AWS CLI

    def test_cli_round_trip(self):
        name = self.root + "/cli/value"
        out = self.aws("ssm", "put-parameter", "--name", name, "--value", "from-cli",
                       "--type", "SecureString")
        self.assertEqual(out["Version"], 1)
        got = self.aws("ssm", "get-parameter", "--name", name, "--with-decryption")
        self.assertEqual(got["Parameter"]["Value"], "from-cli")
        self.aws("ssm", "put-parameter", "--name", name, "--value", "v2", "--overwrite")
        self.aws("ssm", "label-parameter-version", "--name", name, "--parameter-version", "1",
                 "--labels", "first")
        history = self.aws("ssm", "get-parameter-history", "--name", name)
        self.assertEqual([h["Version"] for h in history["Parameters"]], [1, 2])
        self.assertEqual(history["Parameters"][0]["Labels"], ["first"])
        self.aws("ssm", "unlabel-parameter-version", "--name", name, "--parameter-version", "1",
                 "--labels", "first")
        self.aws("ssm", "add-tags-to-resource", "--resource-type", "Parameter", "--resource-id",
                 name, "--tags", "Key=owner,Value=cli")
        tags = self.aws("ssm", "list-tags-for-resource", "--resource-type", "Parameter",
                        "--resource-id", name)
        self.assertEqual(tags["TagList"], [{"Key": "owner", "Value": "cli"}])
        self.aws("ssm", "remove-tags-from-resource", "--resource-type", "Parameter",
                 "--resource-id", name, "--tag-keys", "owner")
        both = self.aws("ssm", "get-parameters", "--names", name, self.root + "/nope")
        self.assertEqual(both["InvalidParameters"], [self.root + "/nope"])
        self.aws("ssm", "delete-parameters", "--names", name)
        result = self.aws("ssm", "get-parameter", "--name", name, check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ParameterNotFound", result.stderr)

    def test_cli_paginates_by_path_and_describe(self):
        for i in range(25):
            self.aws("ssm", "put-parameter", "--name", f"{self.root}/cli/p{i:02d}", "--value",
                     str(i), "--type", "String")
        # The CLI follows NextToken itself: 25 parameters in pages of 4.
        out = self.aws("ssm", "get-parameters-by-path", "--path", self.root, "--recursive",
                       "--page-size", "4")
        self.assertEqual([p["Name"] for p in out["Parameters"]],
                         [f"{self.root}/cli/p{i:02d}" for i in range(25)])
        out = self.aws("ssm", "describe-parameters", "--parameter-filters",
                       f"Key=Path,Option=Recursive,Values={self.root}", "--page-size", "6")
        self.assertEqual(len(out["Parameters"]), 25)
        out = self.aws("ssm", "get-parameters-by-path", "--path", self.root + "/cli",
                       "--max-items", "10")
        self.assertEqual(len(out["Parameters"]), 10)
        self.assertIn("NextToken", out)
        result = self.aws("ssm", "get-parameters-by-path", "--path", self.root,
                          "--parameter-filters", "Key=Name,Values=x", check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("InvalidFilterKey", result.stderr)
        result = self.aws("ssm", "put-parameter", "--name", f"{self.root}/cli/p00", "--value",
                          "x", "--type", "String", check=False)
        self.assertIn("ParameterAlreadyExists", result.stderr)
