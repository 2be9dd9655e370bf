"""SSM documents against the real binary with boto3 (and the AWS CLI for CloudFormation): the
document lifecycle, versions, formats, the AWS-owned documents, sharing, and a stack created
from an ssm-doc:// TemplateURL."""
import json

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

ACCOUNT = "000000000000"  # the default account of the harness key

COMMAND = {
    "schemaVersion": "2.2",
    "description": "Print a greeting",
    "parameters": {"greeting": {"type": "String", "default": "hello"}},
    "mainSteps": [{"action": "aws:runShellScript", "name": "greet",
                   "inputs": {"runCommand": ["echo {{ greeting }}"]}}],
}


def command(echo):
    body = dict(COMMAND)
    body["mainSteps"] = [{"action": "aws:runShellScript", "name": "greet",
                          "inputs": {"runCommand": [echo]}}]
    return json.dumps(body)


class SsmDocumentsTest(EmulatorTestCase):
    def error_code(self, call, **kwargs):
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        return cm.exception.response["Error"]["Code"]

    def test_create_describe_and_get_a_command_document(self):
        ssm = self.client("ssm")
        name = self.unique("doc")
        created = ssm.create_document(Name=name, Content=json.dumps(COMMAND),
                                      DocumentType="Command")["DocumentDescription"]
        self.assertEqual(created["Status"], "Active")
        self.assertEqual(created["DocumentVersion"], "1")
        self.assertEqual(created["Owner"], ACCOUNT)
        self.assertEqual(created["SchemaVersion"], "2.2")
        self.assertEqual(created["PlatformTypes"], ["Linux", "MacOS"])
        self.assertEqual(created["Parameters"],
                         [{"Name": "greeting", "Type": "String", "DefaultValue": "hello"}])
        described = ssm.describe_document(Name=name)["Document"]
        self.assertEqual(described["Hash"], created["Hash"])
        self.assertEqual(described["HashType"], "Sha256")
        got = ssm.get_document(Name=name)
        self.assertEqual(json.loads(got["Content"]), COMMAND)
        self.assertEqual(got["DocumentFormat"], "JSON")

    def test_yaml_document_is_served_as_json_on_request(self):
        ssm = self.client("ssm")
        name = self.unique("yaml")
        ssm.create_document(Name=name, DocumentFormat="YAML", Content=(
            "schemaVersion: '2.2'\nmainSteps:\n  - action: aws:runShellScript\n"
            "    name: run\n    inputs:\n      runCommand:\n        - uptime\n"))
        got = ssm.get_document(Name=name, DocumentFormat="JSON")
        self.assertEqual(json.loads(got["Content"])["mainSteps"][0]["inputs"]["runCommand"],
                         ["uptime"])

    def test_invalid_content_and_duplicates_are_refused(self):
        ssm = self.client("ssm")
        name = self.unique("bad")
        self.assertEqual(self.error_code(ssm.create_document, Name=name, Content="{not json"),
                         "InvalidDocumentContent")
        self.assertEqual(self.error_code(ssm.create_document, Name=name,
                                         Content=json.dumps({"mainSteps": []})),
                         "InvalidDocumentContent")
        ssm.create_document(Name=name, Content=command("a"))
        self.assertEqual(self.error_code(ssm.create_document, Name=name, Content=command("b")),
                         "DocumentAlreadyExists")
        self.assertEqual(self.error_code(ssm.update_document, Name=name, Content=command("a"),
                                         DocumentVersion="$LATEST"),
                         "DuplicateDocumentContent")
        self.assertEqual(self.error_code(ssm.get_document, Name=self.unique("missing")),
                         "InvalidDocument")

    def test_versions_default_and_delete(self):
        ssm = self.client("ssm")
        name = self.unique("ver")
        ssm.create_document(Name=name, Content=command("v1"), VersionName="first")
        updated = ssm.update_document(Name=name, Content=command("v2"),
                                      DocumentVersion="$LATEST")["DocumentDescription"]
        self.assertEqual((updated["DocumentVersion"], updated["LatestVersion"],
                          updated["DefaultVersion"]), ("2", "2", "1"))
        versions = ssm.list_document_versions(Name=name)["DocumentVersions"]
        self.assertEqual([(v["DocumentVersion"], v["IsDefaultVersion"]) for v in versions],
                         [("1", True), ("2", False)])
        self.assertEqual(versions[0]["VersionName"], "first")
        default = ssm.update_document_default_version(Name=name, DocumentVersion="2")
        self.assertEqual(default["Description"]["DefaultVersion"], "2")
        self.assertEqual(json.loads(ssm.get_document(Name=name)["Content"])["mainSteps"][0]
                         ["inputs"]["runCommand"], ["v2"])
        self.assertEqual(self.error_code(ssm.delete_document, Name=name, DocumentVersion="2"),
                         "InvalidDocumentOperation")
        ssm.delete_document(Name=name, DocumentVersion="1")
        self.assertEqual([v["DocumentVersion"] for v in
                          ssm.list_document_versions(Name=name)["DocumentVersions"]], ["2"])
        ssm.delete_document(Name=name)
        self.assertEqual(self.error_code(ssm.describe_document, Name=name), "InvalidDocument")

    def test_aws_owned_documents_are_listed_and_readable(self):
        ssm = self.client("ssm")
        names = [d["Name"] for page in ssm.get_paginator("list_documents").paginate(
            Filters=[{"Key": "Owner", "Values": ["Amazon"]}]) for d in page["DocumentIdentifiers"]]
        for expected in ("AWS-RunShellScript", "AWS-RunPowerShellScript", "AWS-UpdateSSMAgent",
                         "AWS-ConfigureAWSPackage", "AWS-StartSSHSession"):
            self.assertIn(expected, names)
        shell = ssm.describe_document(Name="AWS-RunShellScript")["Document"]
        self.assertEqual(shell["Owner"], "Amazon")
        self.assertEqual([p["Name"] for p in shell["Parameters"]],
                         ["commands", "workingDirectory", "executionTimeout"])
        self.assertEqual(self.error_code(ssm.delete_document, Name="AWS-RunShellScript"),
                         "InvalidDocumentOperation")

    def test_list_documents_filters_and_pages(self):
        ssm = self.client("ssm", region="eu-west-2")
        prefix = self.unique("list")
        for i in range(5):
            ssm.create_document(Name=f"{prefix}-{i}", Content=command(str(i)),
                                Tags=[{"Key": "parity", "Value": "even" if i % 2 == 0 else "odd"}])
        pages = list(ssm.get_paginator("list_documents").paginate(
            Filters=[{"Key": "Owner", "Values": ["Self"]}, {"Key": "Name", "Values": [prefix]}],
            PaginationConfig={"PageSize": 2}))
        self.assertEqual([len(p["DocumentIdentifiers"]) for p in pages], [2, 2, 1])
        odd = ssm.list_documents(Filters=[{"Key": "tag:parity", "Values": ["odd"]}])
        self.assertEqual([d["Name"] for d in odd["DocumentIdentifiers"]],
                         [f"{prefix}-1", f"{prefix}-3"])

    def test_sharing_with_an_account(self):
        ssm = self.client("ssm")
        name = self.unique("share")
        ssm.create_document(Name=name, Content=command("shared"))
        ssm.modify_document_permission(Name=name, PermissionType="Share",
                                       AccountIdsToAdd=["123456789012"])
        permission = ssm.describe_document_permission(Name=name, PermissionType="Share")
        self.assertEqual(permission["AccountIds"], ["123456789012"])
        self.assertEqual(self.error_code(ssm.delete_document, Name=name),
                         "InvalidDocumentOperation")
        ssm.modify_document_permission(Name=name, PermissionType="Share",
                                       AccountIdsToRemove=["123456789012"])
        self.assertEqual(ssm.describe_document_permission(
            Name=name, PermissionType="Share")["AccountIds"], [])
        ssm.delete_document(Name=name)

    def test_document_tags(self):
        ssm = self.client("ssm")
        name = self.unique("tags")
        ssm.create_document(Name=name, Content=command("t"), Tags=[{"Key": "a", "Value": "1"}])
        ssm.add_tags_to_resource(ResourceType="Document", ResourceId=name,
                                 Tags=[{"Key": "b", "Value": "2"}])
        self.assertEqual(ssm.list_tags_for_resource(ResourceType="Document",
                                                    ResourceId=name)["TagList"],
                         [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
        self.assertEqual(ssm.describe_document(Name=name)["Document"]["Tags"],
                         [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])

    def test_stack_from_an_ssm_document_template_url(self):
        ssm = self.client("ssm")
        name = self.unique("tmpl")
        parameter = "/" + self.unique("from-doc")
        ssm.create_document(Name=name, DocumentType="CloudFormation", DocumentFormat="YAML",
                            Content=("Resources:\n  Param:\n    Type: AWS::SSM::Parameter\n"
                                     "    Properties:\n"
                                     f"      Name: {parameter}\n"
                                     "      Type: String\n"
                                     "      Value: !Ref AWS::Region\n"))
        stack = self.unique("stack")
        arn = f"arn:aws:ssm:us-east-1:{ACCOUNT}:document/{name}"
        self.aws("cloudformation", "create-stack", "--stack-name", stack,
                 "--template-url", f"ssm-doc://{arn}")
        self.aws("cloudformation", "wait", "stack-create-complete", "--stack-name", stack)
        self.assertEqual(ssm.get_parameter(Name=parameter)["Parameter"]["Value"], "us-east-1")


if __name__ == "__main__":
    import unittest
    unittest.main()
