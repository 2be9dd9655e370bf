"""STS federation against the real binary (boto3): AssumeRole session tags, GetFederationToken
under --sigv4 verify, AssumeRoleWithWebIdentity with an IAM OIDC provider and a JWT built here,
AssumeRoleWithSAML with an IAM SAML provider and an assertion built here."""
import base64
import datetime
import json

from botocore.exceptions import ClientError

from harness import EmulatorTestCase
from iam_support import ensure_role
from verified_support import VerifiedTestCase

ACCOUNT = "111122223333"
USER_KEY = "AKIAFEDERATIONE2E001"
USER_SECRET = "federation-e2e-secret-0000000000000000000"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(claims):
    """A JWT whose signature is not a signature: nimbus does not verify it."""
    header = b64url(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    return f"{header}.{b64url(json.dumps(claims).encode())}.{b64url(b'not-signed')}"


def iso(delta_seconds):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
        seconds=delta_seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def saml_metadata():
    """IdP metadata; the model wants at least 1,000 characters."""
    return ('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
            'entityID="https://idp.example.com"><md:IDPSSODescriptor '
            'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
            '<md:KeyDescriptor use="signing"><ds:KeyInfo '
            'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>'
            + "A" * 1000 + '</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>'
            '</md:IDPSSODescriptor></md:EntityDescriptor>')


def saml_response(role_arn, provider_arn, session="alice", expires_in=300):
    xml = ('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
           'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">'
           '<saml:Issuer>https://idp.example.com</saml:Issuer><saml:Assertion>'
           '<saml:Issuer>https://idp.example.com</saml:Issuer><saml:Subject>'
           '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">'
           'alice@example.com</saml:NameID><saml:SubjectConfirmation>'
           '<saml:SubjectConfirmationData Recipient="https://signin.aws.amazon.com/saml"/>'
           '</saml:SubjectConfirmation></saml:Subject>'
           f'<saml:Conditions NotOnOrAfter="{iso(expires_in)}"><saml:AudienceRestriction>'
           '<saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience>'
           '</saml:AudienceRestriction></saml:Conditions><saml:AttributeStatement>'
           '<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">'
           f'<saml:AttributeValue>{role_arn},{provider_arn}</saml:AttributeValue>'
           '</saml:Attribute><saml:Attribute '
           'Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">'
           f'<saml:AttributeValue>{session}</saml:AttributeValue></saml:Attribute>'
           '</saml:AttributeStatement></saml:Assertion></samlp:Response>')
    return base64.b64encode(xml.encode()).decode()


class StsFederationTestCase(EmulatorTestCase):
    def error_of(self, call):
        with self.assertRaises(ClientError) as cm:
            call()
        return cm.exception.response

    def session_client(self, service, credentials):
        return self.client(service, access_key=credentials["AccessKeyId"],
                           secret_key=credentials["SecretAccessKey"],
                           session_token=credentials["SessionToken"])


class SessionTagsTest(StsFederationTestCase):
    def setUp(self):
        self.role_arn = ensure_role(self.client("iam", access_key=ACCOUNT), "tagged")

    def assume(self, sts=None, **kwargs):
        return (sts or self.client("sts")).assume_role(
            RoleArn=self.role_arn, RoleSessionName="s1", **kwargs)

    def test_tag_keys_differing_only_in_case_are_duplicates(self):
        response = self.error_of(lambda: self.assume(
            Tags=[{"Key": "Team", "Value": "a"}, {"Key": "team", "Value": "b"}]))
        self.assertEqual(response["Error"], {
            "Type": "Sender", "Code": "InvalidParameterValue",
            "Message": "Duplicate tag keys found. Please note that Tag keys are case insensitive."})
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_transitive_tag_key_must_be_among_the_tags(self):
        response = self.error_of(lambda: self.assume(
            Tags=[{"Key": "Team", "Value": "a"}], TransitiveTagKeys=["Project"]))
        self.assertEqual(response["Error"]["Code"], "InvalidParameterValue")
        self.assertEqual(response["Error"]["Message"],
                         "The specified transitive tag key must be included in the requested tags.")

    def test_chained_session_cannot_override_a_transitive_tag(self):
        first = self.assume(Tags=[{"Key": "Team", "Value": "a"}], TransitiveTagKeys=["Team"])
        chained = self.session_client("sts", first["Credentials"])
        response = self.error_of(lambda: self.assume(chained, Tags=[{"Key": "Team", "Value": "b"}]))
        self.assertEqual(response["Error"]["Code"], "InvalidParameterValue")
        self.assertEqual(response["Error"]["Message"],
                         "One of the specified transitive tag keys can't be set because it "
                         "conflicts with a transitive tag key from the calling session.")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_transitive_tag_passes_on_through_a_chained_session(self):
        first = self.assume(Tags=[{"Key": "Team", "Value": "a"}], TransitiveTagKeys=["Team"])
        second = self.assume(self.session_client("sts", first["Credentials"]))
        third = self.session_client("sts", second["Credentials"])
        response = self.error_of(lambda: self.assume(third, Tags=[{"Key": "Team", "Value": "c"}]))
        self.assertEqual(response["Error"]["Code"], "InvalidParameterValue")


class FederationTokenTest(VerifiedTestCase, StsFederationTestCase):
    """Under --sigv4 verify, with the key of an IAM user from a credentials file."""

    PROFILE = "fed"
    ACCESS_KEY = USER_KEY
    SECRET_KEY = USER_SECRET
    ACCOUNT = ACCOUNT  # the module's
    USER_NAME = "federator"

    def user(self, service):
        return self.client(service, access_key=USER_KEY, secret_key=USER_SECRET)

    def test_federated_user_arn_and_id(self):
        out = self.user("sts").get_federation_token(Name="bob", DurationSeconds=900)
        self.assertEqual(out["FederatedUser"], {
            "Arn": f"arn:aws:sts::{ACCOUNT}:federated-user/bob",
            "FederatedUserId": f"{ACCOUNT}:bob"})
        self.assertTrue(out["Credentials"]["AccessKeyId"].startswith("ASIA"))

    def test_federation_token_signs_get_caller_identity(self):
        creds = self.user("sts").get_federation_token(Name="carol")["Credentials"]
        identity = self.session_client("sts", creds).get_caller_identity()
        self.assertEqual(identity["Arn"], f"arn:aws:sts::{ACCOUNT}:federated-user/carol")
        self.assertEqual(identity["UserId"], f"{ACCOUNT}:carol")
        self.assertEqual(identity["Account"], ACCOUNT)

    def test_federation_token_with_session_credentials_is_access_denied(self):
        creds = self.user("sts").get_session_token(DurationSeconds=900)["Credentials"]
        response = self.error_of(
            lambda: self.session_client("sts", creds).get_federation_token(Name="dave"))
        self.assertEqual(response["Error"], {
            "Type": "Sender", "Code": "AccessDenied",
            "Message": "Cannot call GetFederationToken with session credentials"})
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 403)


class WebIdentityTest(StsFederationTestCase):
    ISSUER = "https://token.example.com"
    PROVIDER = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.example.com"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        iam = EmulatorTestCase.client(cls, "iam", access_key=ACCOUNT)
        iam.create_open_id_connect_provider(Url=cls.ISSUER, ClientIDList=["sts.amazonaws.com"],
                                            ThumbprintList=["a" * 40])
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": cls.PROVIDER},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"token.example.com:aud": "sts.amazonaws.com"},
                          "StringLike": {"token.example.com:sub": "repo:org/*"}}}]}
        iam.create_role(RoleName="web", AssumeRolePolicyDocument=json.dumps(trust))

    def assume(self, token):
        return self.client("sts").assume_role_with_web_identity(
            RoleArn=f"arn:aws:iam::{ACCOUNT}:role/web", RoleSessionName="ci",
            WebIdentityToken=token)

    def token(self, sub="repo:org/app", iss=ISSUER, exp_in=600):
        now = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
        return jwt({"iss": iss, "aud": "sts.amazonaws.com", "sub": sub, "exp": now + exp_in})

    def test_provider_is_listed_in_iam(self):
        listed = self.client("iam", access_key=ACCOUNT).list_open_id_connect_providers()
        self.assertEqual(listed["OpenIDConnectProviderList"], [{"Arn": self.PROVIDER}])

    def test_token_of_a_trusted_subject_assumes_the_role(self):
        out = self.assume(self.token())
        self.assertEqual(out["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/web/ci")
        self.assertEqual(out["SubjectFromWebIdentityToken"], "repo:org/app")
        self.assertEqual(out["Audience"], "sts.amazonaws.com")
        self.assertEqual(out["Provider"], self.PROVIDER)
        identity = self.session_client("sts", out["Credentials"]).get_caller_identity()
        self.assertEqual(identity["Arn"], out["AssumedRoleUser"]["Arn"])

    def test_unknown_issuer_is_invalid_identity_token(self):
        response = self.error_of(lambda: self.assume(self.token(iss="https://other.example")))
        self.assertEqual(response["Error"]["Code"], "InvalidIdentityToken")
        self.assertEqual(response["Error"]["Message"],
                         "No OpenIDConnect provider found in your account for "
                         "https://other.example")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_subject_outside_the_condition_is_access_denied(self):
        response = self.error_of(lambda: self.assume(self.token(sub="repo:evil/app")))
        self.assertEqual(response["Error"]["Code"], "AccessDenied")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 403)

    def test_expired_token_is_expired_token_exception(self):
        response = self.error_of(lambda: self.assume(self.token(exp_in=-60)))
        self.assertEqual(response["Error"]["Code"], "ExpiredTokenException")


class SamlTest(StsFederationTestCase):
    PROVIDER = f"arn:aws:iam::{ACCOUNT}:saml-provider/corp"
    ROLE = f"arn:aws:iam::{ACCOUNT}:role/saml"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        iam = EmulatorTestCase.client(cls, "iam", access_key=ACCOUNT)
        iam.create_saml_provider(Name="corp", SAMLMetadataDocument=saml_metadata())
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": cls.PROVIDER},
            "Action": "sts:AssumeRoleWithSAML",
            "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}
        iam.create_role(RoleName="saml", AssumeRolePolicyDocument=json.dumps(trust))

    def assume(self, assertion, role=ROLE):
        return self.client("sts").assume_role_with_saml(
            RoleArn=role, PrincipalArn=self.PROVIDER, SAMLAssertion=assertion)

    def test_get_saml_provider_answers_the_metadata(self):
        out = self.client("iam", access_key=ACCOUNT).get_saml_provider(
            SAMLProviderArn=self.PROVIDER)
        self.assertEqual(out["SAMLMetadataDocument"], saml_metadata())

    def test_assertion_listing_the_role_assumes_it(self):
        out = self.assume(saml_response(self.ROLE, self.PROVIDER))
        self.assertEqual(out["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/saml/alice")
        self.assertEqual(out["Subject"], "alice@example.com")
        self.assertEqual(out["SubjectType"], "transient")
        self.assertEqual(out["Issuer"], "https://idp.example.com")
        self.assertEqual(out["Audience"], "https://signin.aws.amazon.com/saml")
        self.assertEqual(len(base64.b64decode(out["NameQualifier"])), 20)
        identity = self.session_client("sts", out["Credentials"]).get_caller_identity()
        self.assertEqual(identity["Arn"], out["AssumedRoleUser"]["Arn"])

    def test_role_not_in_the_assertion_is_access_denied(self):
        other = f"arn:aws:iam::{ACCOUNT}:role/other"
        response = self.error_of(lambda: self.assume(saml_response(other, self.PROVIDER)))
        self.assertEqual(response["Error"]["Code"], "AccessDenied")

    def test_expired_assertion_is_expired_token_exception(self):
        response = self.error_of(
            lambda: self.assume(saml_response(self.ROLE, self.PROVIDER, expires_in=-60)))
        self.assertEqual(response["Error"]["Code"], "ExpiredTokenException")

    def test_decode_authorization_message_nimbus_did_not_issue_is_invalid(self):
        response = self.error_of(
            lambda: self.client("sts").decode_authorization_message(EncodedMessage="abc"))
        self.assertEqual(response["Error"]["Code"], "InvalidAuthorizationMessageException")
