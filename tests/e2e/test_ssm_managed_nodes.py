"""SSM managed nodes against the real binary: hybrid activations, agents that register and report
in through the agent's own calls (sent as raw JSON 1.1 requests, since boto3 has no method for
them), DescribeInstanceInformation with boto3 and the AWS CLI, and the fleet endpoint."""
import json
import os
import tempfile
import time
import urllib.error
import urllib.request

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from harness import TEST_KEY, TEST_SECRET, EmulatorTestCase, Nimbus

ACCOUNT = "000000000000"  # the default account of the harness key


class SsmManagedNodesTest(EmulatorTestCase):
    # Short enough to watch a node go ConnectionLost.
    nimbus_args = ("--ping-timeout-ms", "1500")

    def agent_call(self, operation, body, signed=True, credentials=None):
        """POSTs an AmazonSSM.<operation> request as the SSM Agent does: anonymous for
        RegisterManagedInstance, SigV4-signed otherwise (with `credentials`, else the harness
        key). Returns (status, parsed body)."""
        data = json.dumps(body).encode()
        request = AWSRequest(method="POST", url=self.endpoint + "/", data=data, headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"AmazonSSM.{operation}",
        })
        if signed:
            SigV4Auth(credentials or Credentials(TEST_KEY, TEST_SECRET), "ssm",
                      "us-east-1").add_auth(request)
        prepared = request.prepare()
        raw = urllib.request.Request(prepared.url, data=data, headers=dict(prepared.headers),
                                     method="POST")
        try:
            with urllib.request.urlopen(raw, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def register(self, activation):
        status, out = self.agent_call("RegisterManagedInstance", {
            "ActivationCode": activation["ActivationCode"],
            "ActivationId": activation["ActivationId"],
            "PublicKey": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
            "PublicKeyType": "Rsa",
            "Fingerprint": "a1b2c3",
        }, signed=False)
        self.assertEqual(status, 200, out)
        return out["InstanceId"]

    def heartbeat(self, instance_id, **fields):
        body = {"InstanceId": instance_id, "AgentName": "amazon-ssm-agent",
                "AgentVersion": "3.3.987.0", "AgentStatus": "Active", "PlatformType": "Linux",
                "PlatformName": "Ubuntu", "PlatformVersion": "22.04",
                "ComputerName": f"{instance_id}.lab", "IPAddress": "10.1.2.3"}
        body.update(fields)
        status, out = self.agent_call("UpdateInstanceInformation", body)
        self.assertEqual(status, 200, out)
        self.assertEqual(out, {})

    def load_fleet(self, instances, account=ACCOUNT, region="us-east-1"):
        data = json.dumps({"Account": account, "Region": region, "Instances": instances}).encode()
        request = urllib.request.Request(self.endpoint + "/_nimbus/ssm/managed-instances",
                                         data=data, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())["InstanceIds"]

    def test_agents_register_report_and_are_listed(self):
        ssm = self.client("ssm")
        role = self.unique("role")
        activation = ssm.create_activation(IamRole=role, DefaultInstanceName="edge",
                                           RegistrationLimit=3,
                                           Tags=[{"Key": "site", "Value": "lab"}])
        self.assertRegex(activation["ActivationId"],
                         r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        self.assertEqual(len(activation["ActivationCode"]), 20)
        ids = [self.register(activation) for _ in range(3)]
        for instance_id in ids:
            self.assertRegex(instance_id, r"^mi-[0-9a-f]{17}$")
            self.heartbeat(instance_id, PlatformType="Windows" if instance_id == ids[0] else "Linux")

        out = ssm.describe_instance_information(
            Filters=[{"Key": "ActivationIds", "Values": [activation["ActivationId"]]}])
        listed = out["InstanceInformationList"]
        self.assertEqual([n["InstanceId"] for n in listed], sorted(ids))
        node = next(n for n in listed if n["InstanceId"] == ids[1])
        self.assertEqual(node["PingStatus"], "Online")
        self.assertEqual(node["AgentVersion"], "3.3.987.0")
        self.assertEqual(node["PlatformType"], "Linux")
        self.assertEqual(node["PlatformName"], "Ubuntu")
        self.assertEqual(node["PlatformVersion"], "22.04")
        self.assertEqual(node["ComputerName"], f"{ids[1]}.lab")
        self.assertEqual(node["IPAddress"], "10.1.2.3")
        self.assertEqual(node["IamRole"], role)
        self.assertEqual(node["Name"], "edge")
        self.assertEqual(node["ResourceType"], "ManagedInstance")
        self.assertEqual(node["ActivationId"], activation["ActivationId"])
        self.assertEqual(node["SourceType"], "AWS::SSM::ManagedInstance")
        self.assertIn("RegistrationDate", node)
        self.assertIn("LastPingDateTime", node)

        windows = ssm.describe_instance_information(Filters=[
            {"Key": "ActivationIds", "Values": [activation["ActivationId"]]},
            {"Key": "PlatformTypes", "Values": ["Windows"]}])["InstanceInformationList"]
        self.assertEqual([n["InstanceId"] for n in windows], [ids[0]])
        legacy = ssm.describe_instance_information(InstanceInformationFilterList=[
            {"key": "InstanceIds", "valueSet": [ids[2]]}])["InstanceInformationList"]
        self.assertEqual([n["InstanceId"] for n in legacy], [ids[2]])

        described = ssm.describe_activations(Filters=[
            {"FilterKey": "ActivationIds", "FilterValues": [activation["ActivationId"]]}])
        found = described["ActivationList"][0]
        self.assertEqual(found["RegistrationsCount"], 3)
        self.assertEqual(found["RegistrationLimit"], 3)
        self.assertEqual(found["IamRole"], role)
        self.assertEqual(found["DefaultInstanceName"], "edge")
        self.assertFalse(found["Expired"])
        self.assertEqual(found["Tags"], [{"Key": "site", "Value": "lab"}])

    def test_agent_flow_register_role_token_then_heartbeat_with_role_credentials(self):
        ssm = self.client("ssm")
        activation = ssm.create_activation(IamRole="SSMServiceRole")
        instance_id = self.register(activation)
        # The agent signs these with its RSA key; the access key id of the header is the node.
        node_key = Credentials(instance_id, "rsa-signed")
        status, token = self.agent_call("RequestManagedInstanceRoleToken",
                                        {"Fingerprint": "a1b2c3"}, credentials=node_key)
        self.assertEqual(status, 200, token)
        self.assertRegex(token["AccessKeyId"], r"^ASIA[A-Z0-9]{16}$")
        self.assertFalse(token["UpdateKeyPair"])
        self.assertGreater(token["TokenExpirationDate"], time.time() + 3000)
        status, out = self.agent_call("UpdateManagedInstancePublicKey",
                                      {"NewPublicKey": "MIIC", "NewPublicKeyType": "Rsa"},
                                      credentials=node_key)
        self.assertEqual((status, out), (200, {}))
        status, out = self.agent_call("RequestManagedInstanceRoleToken",
                                      {"Fingerprint": "changed"}, credentials=node_key)
        self.assertEqual((status, out["__type"]), (400, "MachineFingerprintDoesNotMatch"))
        role = Credentials(token["AccessKeyId"], token["SecretAccessKey"], token["SessionToken"])
        status, out = self.agent_call("UpdateInstanceInformation", {
            "InstanceId": instance_id, "AgentName": "amazon-ssm-agent",
            "AgentVersion": "3.3.1000.0", "AgentStatus": "Active", "PlatformType": "Linux",
            "PlatformName": "Debian GNU/Linux", "PlatformVersion": "12",
            "ComputerName": "agent-host", "IPAddress": "192.0.2.10"}, credentials=role)
        self.assertEqual((status, out), (200, {}))
        node = ssm.describe_instance_information(
            Filters=[{"Key": "InstanceIds", "Values": [instance_id]}])["InstanceInformationList"][0]
        self.assertEqual((node["AgentVersion"], node["PlatformName"], node["ComputerName"]),
                         ("3.3.1000.0", "Debian GNU/Linux", "agent-host"))

    def test_registration_limit_and_wrong_code(self):
        ssm = self.client("ssm")
        activation = ssm.create_activation(IamRole="r", RegistrationLimit=1)
        self.register(activation)
        status, out = self.agent_call("RegisterManagedInstance", {
            "ActivationCode": activation["ActivationCode"],
            "ActivationId": activation["ActivationId"]}, signed=False)
        self.assertEqual((status, out["__type"]), (400, "RegistrationLimitExceeded"))
        status, out = self.agent_call("RegisterManagedInstance", {
            "ActivationCode": "WRONGWRONGWRONGWRONG",
            "ActivationId": activation["ActivationId"]}, signed=False)
        self.assertEqual((status, out["__type"]), (400, "InvalidActivation"))
        status, out = self.agent_call("UpdateInstanceInformation",
                                      {"InstanceId": "mi-0123456789abcdef0"})
        self.assertEqual((status, out["__type"]), (400, "InvalidInstanceId"))

    def test_ping_status_turns_connection_lost_when_heartbeats_stop(self):
        ssm = self.client("ssm")
        activation = ssm.create_activation(IamRole="r", RegistrationLimit=2)
        quiet, chatty = self.register(activation), self.register(activation)
        deadline = time.time() + 2.0
        while time.time() < deadline:
            self.heartbeat(chatty)
            time.sleep(0.3)
        status = {n["InstanceId"]: n["PingStatus"] for n in ssm.describe_instance_information(
            Filters=[{"Key": "InstanceIds", "Values": [quiet, chatty]}])["InstanceInformationList"]}
        self.assertEqual(status, {quiet: "ConnectionLost", chatty: "Online"})
        lost = ssm.describe_instance_information(Filters=[
            {"Key": "ActivationIds", "Values": [activation["ActivationId"]]},
            {"Key": "PingStatus", "Values": ["ConnectionLost"]}])["InstanceInformationList"]
        self.assertEqual([n["InstanceId"] for n in lost], [quiet])
        self.heartbeat(quiet)
        back = ssm.describe_instance_information(
            Filters=[{"Key": "InstanceIds", "Values": [quiet]}])["InstanceInformationList"]
        self.assertEqual(back[0]["PingStatus"], "Online")

    def test_deregister_removes_the_node(self):
        ssm = self.client("ssm")
        instance_id = self.register(ssm.create_activation(IamRole="r"))
        ssm.deregister_managed_instance(InstanceId=instance_id)
        with self.assertRaises(ClientError) as cm:
            ssm.describe_instance_information(
                Filters=[{"Key": "InstanceIds", "Values": [instance_id]}])
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidInstanceId")
        with self.assertRaises(ClientError) as cm:
            ssm.deregister_managed_instance(InstanceId=instance_id)
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidInstanceId")

    def test_delete_activation(self):
        ssm = self.client("ssm")
        activation = ssm.create_activation(IamRole="r")
        ssm.delete_activation(ActivationId=activation["ActivationId"])
        with self.assertRaises(ClientError) as cm:
            ssm.delete_activation(ActivationId=activation["ActivationId"])
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidActivation")
        status, out = self.agent_call("RegisterManagedInstance", {
            "ActivationCode": activation["ActivationCode"],
            "ActivationId": activation["ActivationId"]}, signed=False)
        self.assertEqual((status, out["__type"]), (400, "InvalidActivation"))

    def test_fleet_endpoint_filters_and_pages(self):
        ssm = self.client("ssm", region="eu-west-1")
        instances = []
        for i in range(120):
            instances.append({
                "InstanceId": f"mi-{i:017x}",
                "PlatformType": ["Linux", "Windows", "MacOS"][i % 3],
                "AgentVersion": "3.3.1.0",
                "PingStatus": "ConnectionLost" if i % 10 == 0 else "Online",
                "Tags": [{"Key": "env", "Value": "prod" if i % 2 else "dev"}],
            })
        ids = self.load_fleet(instances, region="eu-west-1")
        self.assertEqual(len(ids), 120)

        paginator = ssm.get_paginator("describe_instance_information")
        pages = list(paginator.paginate(
            Filters=[{"Key": "tag:env", "Values": ["prod"]}], PaginationConfig={"PageSize": 25}))
        self.assertEqual([len(p["InstanceInformationList"]) for p in pages], [25, 25, 10])
        seen = [n["InstanceId"] for p in pages for n in p["InstanceInformationList"]]
        self.assertEqual(seen, [f"mi-{i:017x}" for i in range(120) if i % 2])

        linux_online = [n for p in paginator.paginate(Filters=[
            {"Key": "PlatformTypes", "Values": ["Linux"]},
            {"Key": "PingStatus", "Values": ["Online"]}]) for n in p["InstanceInformationList"]]
        self.assertEqual(len(linux_online), len([i for i in range(120)
                                                 if i % 3 == 0 and i % 10 != 0]))

        tagged = ssm.describe_instance_information(
            Filters=[{"Key": "tag-key", "Values": ["env"]}], MaxResults=50)
        self.assertEqual(len(tagged["InstanceInformationList"]), 50)
        self.assertIn("NextToken", tagged)

        # The other region sees none of them.
        self.assertEqual(self.client("ssm").describe_instance_information(
            Filters=[{"Key": "tag:env", "Values": ["prod"]}])["InstanceInformationList"], [])

    def test_describe_instance_information_errors(self):
        ssm = self.client("ssm")

        def code(**kwargs):
            with self.assertRaises(ClientError) as cm:
                ssm.describe_instance_information(**kwargs)
            self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
            return cm.exception.response["Error"]["Code"]

        self.assertEqual(code(Filters=[{"Key": "Colour", "Values": ["red"]}]), "InvalidFilterKey")
        self.assertEqual(code(Filters=[{"Key": "PingStatus", "Values": ["Asleep"]}]),
                         "InvalidInstanceInformationFilterValue")
        self.assertEqual(code(Filters=[{"Key": "ResourceType",
                                        "Values": ["ManagedInstance", "EC2Instance"]}]),
                         "InvalidInstanceInformationFilterValue")
        self.assertEqual(code(Filters=[{"Key": "InstanceIds", "Values": ["mi-12345"]}]),
                         "InvalidInstanceId")
        self.assertEqual(code(NextToken="not-a-token"), "InvalidNextToken")
        self.assertEqual(code(Filters=[{"Key": "PlatformTypes", "Values": ["Linux"]}],
                              InstanceInformationFilterList=[
                                  {"key": "PlatformTypes", "valueSet": ["Linux"]}]),
                         "ValidationException")
        # boto3 checks MaxResults >= 5 itself; the raw request shows the server does too.
        status, out = self.agent_call("DescribeInstanceInformation", {"MaxResults": 4})
        self.assertEqual((status, out["__type"]), (400, "ValidationException"))
        self.assertIn("maxResults", out["Message"])
        status, out = self.agent_call("DescribeInstanceInformation", {"MaxResults": 51})
        self.assertEqual((status, out["__type"]), (400, "ValidationException"))

    def assert_error(self, call, code, message, member="Message", **kwargs):
        """The whole error of a boto3 call: code, HTTP status, message and the members botocore
        parses from the error shape (only the message, under `member`; none when message is
        None)."""
        with self.assertRaises(ClientError) as cm:
            call(**kwargs)
        response = cm.exception.response
        self.assertEqual(response["Error"]["Code"], code)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(response["Error"]["Message"], message or "")
        members = {k: v for k, v in response.items() if k not in ("Error", "ResponseMetadata")}
        self.assertEqual(members, {member: message} if message and member else {})

    def test_every_error_kind_of_the_public_operations_is_answered_whole(self):
        ssm = self.client("ssm")
        missing = "6a4fc4e2-1e0e-4c8f-8e57-0c3c0b1f2a99"
        self.assert_error(ssm.delete_activation, "InvalidActivation",
                          f"Activation ID {missing} doesn't exist.", ActivationId=missing)
        self.assert_error(ssm.deregister_managed_instance, "InvalidInstanceId",
                          "Instance Id mi-0123456789abcdef0 is not valid.",
                          InstanceId="mi-0123456789abcdef0")
        self.assert_error(ssm.create_activation, "InvalidParameters",
                          "Expiration date must be in the future.", IamRole="r",
                          ExpirationDate=time.time() - 60)
        self.assert_error(ssm.describe_activations, "InvalidFilter",
                          "The filter IamRole needs at least one value.",
                          Filters=[{"FilterKey": "IamRole", "FilterValues": []}])
        self.assert_error(ssm.describe_instance_information, "InvalidNextToken",
                          "The specified token isn't valid.", NextToken="not-a-token")
        # InvalidFilterKey's shape has no members: the message is not a modelled member.
        self.assert_error(ssm.describe_instance_information, "InvalidFilterKey",
                          "The filter key Colour is not valid.", member=None,
                          Filters=[{"Key": "Colour", "Values": ["red"]}])
        self.assert_error(ssm.describe_instance_information,
                          "InvalidInstanceInformationFilterValue",
                          "ResourceType filter may contain only one value.", member="message",
                          Filters=[{"Key": "ResourceType",
                                    "Values": ["ManagedInstance", "EC2Instance"]}])
        self.assert_error(ssm.describe_instance_information, "ValidationException",
                          "InstanceInformationFilterList and Filters cannot be used together.",
                          Filters=[{"Key": "PlatformTypes", "Values": ["Linux"]}],
                          InstanceInformationFilterList=[
                              {"key": "PlatformTypes", "valueSet": ["Linux"]}])

    def test_every_error_kind_of_the_agent_calls_is_answered_whole(self):
        ssm = self.client("ssm")
        activation = ssm.create_activation(IamRole="r", RegistrationLimit=1)
        instance_id = self.register(activation)
        activation_id = activation["ActivationId"]
        status, out = self.agent_call("RegisterManagedInstance", {
            "ActivationCode": activation["ActivationCode"], "ActivationId": activation_id},
            signed=False)
        self.assertEqual((status, out), (400, {
            "__type": "RegistrationLimitExceeded",
            "Message": f"Activation {activation_id} has reached its registration limit of 1."}))
        status, out = self.agent_call("RegisterManagedInstance", {
            "ActivationCode": "WRONGWRONGWRONGWRONG", "ActivationId": activation_id},
            signed=False)
        self.assertEqual((status, out), (400, {
            "__type": "InvalidActivation",
            "Message": "The activation is not valid. The activation might have been deleted, or "
                       "the ActivationId and the ActivationCode do not match."}))
        status, out = self.agent_call("RequestManagedInstanceRoleToken", {"Fingerprint": "x"},
                                      credentials=Credentials(instance_id, "rsa-signed"))
        self.assertEqual((status, out), (400, {
            "__type": "MachineFingerprintDoesNotMatch",
            "Message": "The machine fingerprint does not match the one registered for "
                       f"{instance_id}."}))
        status, out = self.agent_call("UpdateInstanceInformation",
                                      {"InstanceId": "mi-0123456789abcdef0"})
        self.assertEqual((status, out), (400, {
            "__type": "InvalidInstanceId",
            "Message": "Instance Id mi-0123456789abcdef0 is not valid."}))

    def test_registering_after_the_expiration_date_is_activation_expired(self):
        activation = self.client("ssm").create_activation(IamRole="r",
                                                          ExpirationDate=time.time() + 1.5)
        time.sleep(2)
        status, out = self.agent_call("RegisterManagedInstance", {
            "ActivationCode": activation["ActivationCode"],
            "ActivationId": activation["ActivationId"]}, signed=False)
        self.assertEqual((status, out), (400, {
            "__type": "ActivationExpired",
            "Message": f"Activation {activation['ActivationId']} has expired."}))

    def test_managed_instance_tags(self):
        ssm = self.client("ssm")
        instance_id = self.register(ssm.create_activation(IamRole="r"))
        ssm.add_tags_to_resource(ResourceType="ManagedInstance", ResourceId=instance_id,
                                 Tags=[{"Key": "rack", "Value": "r7"}])
        tags = ssm.list_tags_for_resource(ResourceType="ManagedInstance",
                                          ResourceId=instance_id)["TagList"]
        self.assertEqual(tags, [{"Key": "rack", "Value": "r7"}])
        found = ssm.describe_instance_information(
            Filters=[{"Key": "tag:rack", "Values": ["r7"]}])["InstanceInformationList"]
        self.assertEqual([n["InstanceId"] for n in found], [instance_id])
        ssm.remove_tags_from_resource(ResourceType="ManagedInstance", ResourceId=instance_id,
                                      TagKeys=["rack"])
        self.assertEqual(ssm.describe_instance_information(
            Filters=[{"Key": "tag:rack", "Values": ["r7"]}])["InstanceInformationList"], [])

    def test_activation_tags_are_applied_to_registered_nodes(self):
        ssm = self.client("ssm")
        site = self.unique("site")
        instance_id = self.register(ssm.create_activation(
            IamRole="r", Tags=[{"Key": "site", "Value": site}]))
        self.assertEqual(ssm.list_tags_for_resource(ResourceType="ManagedInstance",
                                                    ResourceId=instance_id)["TagList"],
                         [{"Key": "site", "Value": site}])
        found = ssm.describe_instance_information(
            Filters=[{"Key": "tag:site", "Values": [site]}])["InstanceInformationList"]
        self.assertEqual([n["InstanceId"] for n in found], [instance_id])

    def test_is_latest_version_is_reported_for_agent_nodes(self):
        ssm = self.client("ssm")
        instance_id = self.register(ssm.create_activation(IamRole="r"))
        self.heartbeat(instance_id, AgentVersion="3.3.987.0")
        node = ssm.describe_instance_information(Filters=[
            {"Key": "InstanceIds", "Values": [instance_id]}])["InstanceInformationList"][0]
        self.assertIs(node["IsLatestVersion"], False)

    def test_tag_filters_combine_with_other_filter_keys(self):
        ssm = self.client("ssm", region="ap-south-1")
        ids = self.load_fleet([
            {"InstanceId": "mi-0000000000000a001", "PlatformType": "Linux",
             "Tags": {"env": "prod"}},
            {"InstanceId": "mi-0000000000000a002", "PlatformType": "Windows",
             "Tags": {"env": "prod"}},
        ], region="ap-south-1")
        found = ssm.describe_instance_information(Filters=[
            {"Key": "tag:env", "Values": ["prod"]},
            {"Key": "PlatformTypes", "Values": ["Windows"]}])["InstanceInformationList"]
        self.assertEqual([n["InstanceId"] for n in found], [ids[1]])

    def test_source_ids_and_source_types_filters(self):
        ssm = self.client("ssm", region="ca-central-1")
        self.load_fleet([
            {"InstanceId": "mi-0000000000000b001"},
            {"InstanceId": "i-0000000000000b002", "ResourceType": "EC2Instance"},
        ], region="ca-central-1")
        by_id = ssm.describe_instance_information(Filters=[
            {"Key": "SourceIds", "Values": ["i-0000000000000b002"]}])["InstanceInformationList"]
        self.assertEqual([n["InstanceId"] for n in by_id], ["i-0000000000000b002"])
        by_type = ssm.describe_instance_information(Filters=[
            {"Key": "SourceTypes", "Values": ["AWS::SSM::ManagedInstance"]}])
        self.assertEqual([n["InstanceId"] for n in by_type["InstanceInformationList"]],
                         ["mi-0000000000000b001"])

    def test_cli_create_activation_and_describe(self):
        activation = self.aws("ssm", "create-activation", "--iam-role", "cli-role",
                              "--registration-limit", "2", "--default-instance-name", "cli")
        instance_id = self.register(activation)
        self.heartbeat(instance_id)
        listed = self.aws("ssm", "describe-instance-information", "--filters",
                          f"Key=ActivationIds,Values={activation['ActivationId']}")
        nodes = listed["InstanceInformationList"]
        self.assertEqual([n["InstanceId"] for n in nodes], [instance_id])
        self.assertEqual(nodes[0]["Name"], "cli")
        # (No PingStatus check: one CLI start-up outlasts this class's 1.5 s ping timeout.)
        self.assertEqual(nodes[0]["AgentVersion"], "3.3.987.0")
        self.assertEqual(nodes[0]["ComputerName"], f"{instance_id}.lab")
        activations = self.aws("ssm", "describe-activations", "--filters",
                               f"FilterKey=ActivationIds,FilterValues={activation['ActivationId']}")
        self.assertEqual(activations["ActivationList"][0]["RegistrationsCount"], 1)
        result = self.aws("ssm", "describe-instance-information", "--filters",
                          "Key=Colour,Values=red", check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("InvalidFilterKey", result.stderr)


class SsmFleetFileTest(EmulatorTestCase):
    """--fleet FILE registers nodes before the first request."""

    @classmethod
    def setUpClass(cls):
        cls.fleet = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump({"Account": ACCOUNT, "Region": "us-east-1", "Instances": [
            {"InstanceId": "mi-0000000000000aaaa", "PlatformType": "Linux", "Name": "one",
             "Tags": {"role": "web"}},
            {"InstanceId": "mi-0000000000000bbbb", "PlatformType": "Windows",
             "PingStatus": "ConnectionLost"},
        ]}, cls.fleet)
        cls.fleet.close()
        cls.nimbus_args = ("--fleet", cls.fleet.name)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        os.unlink(cls.fleet.name)

    def test_nodes_from_the_file_are_registered(self):
        nodes = self.client("ssm").describe_instance_information()["InstanceInformationList"]
        self.assertEqual([(n["InstanceId"], n["PingStatus"], n["PlatformType"]) for n in nodes],
                         [("mi-0000000000000aaaa", "Online", "Linux"),
                          ("mi-0000000000000bbbb", "ConnectionLost", "Windows")])
        web = self.client("ssm").describe_instance_information(
            Filters=[{"Key": "tag:role", "Values": ["web"]}])["InstanceInformationList"]
        self.assertEqual([n["Name"] for n in web], ["one"])

    def test_a_bad_fleet_file_stops_start_up(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json") as bad:
            bad.write('{"Instances": [{"InstanceId": "mi-nope"}]}')
            bad.flush()
            with self.assertRaises(RuntimeError):
                Nimbus("--fleet", bad.name)


if __name__ == "__main__":
    import unittest
    unittest.main()
