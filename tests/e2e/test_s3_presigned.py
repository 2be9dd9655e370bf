"""S3 presigned URLs under --sigv4 verify: boto3's generate_presigned_url with SigV4 (`s3v4`) and
SigV2 (`s3`), signed by the default test key (from a credentials file) and by a key IAM created.
Valid URLs work; a changed signature, an expired URL and an unknown key get S3's errors."""
import http.client
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from verified_support import VerifiedTestCase

ACCOUNT = "123456789012"
SIGNATURES = ("s3v4", "s3")  # SigV4 query parameters, and SigV2 (AWSAccessKeyId/Expires)


class S3PresignedTest(VerifiedTestCase):
    PROFILE = "ci"

    def s3(self, signature="s3v4", **keys):
        return self.client("s3", signature_version=signature, s3={"addressing_style": "path"},
                           **keys)

    def bucket_with_object(self, body=b"presigned"):
        s3 = self.s3()
        name = self.unique("presign")
        s3.create_bucket(Bucket=name)
        s3.put_object(Bucket=name, Key="shared.txt", Body=body)
        return name

    def iam_user_keys(self):
        iam = self.client("iam")
        user = self.unique("signer")
        iam.create_user(UserName=user)
        key = iam.create_access_key(UserName=user)["AccessKey"]
        return {"access_key": key["AccessKeyId"], "secret_key": key["SecretAccessKey"]}

    @staticmethod
    def get(url):
        with urllib.request.urlopen(url) as response:
            return response.status, response.read()

    @staticmethod
    def put(url, body):
        """PUTs `body` with no Content-Type: SigV2 signs the Content-Type, and urllib would add
        one the URL was not signed with."""
        parts = urllib.parse.urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.request("PUT", f"{parts.path}?{parts.query}", body=body)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def s3_error(self, url):
        """(status, Code, Message) of the S3 XML error a GET of `url` answers."""
        with self.assertRaises(urllib.error.HTTPError) as cm:
            urllib.request.urlopen(url)
        root = ET.fromstring(cm.exception.read())
        self.assertEqual(root.tag, "Error")
        return cm.exception.code, root.findtext("Code"), root.findtext("Message")

    def test_presigned_get_with_the_default_key_reads_the_object(self):
        name = self.bucket_with_object()
        for signature in SIGNATURES:
            with self.subTest(signature=signature):
                url = self.s3(signature).generate_presigned_url(
                    "get_object", Params={"Bucket": name, "Key": "shared.txt"}, ExpiresIn=300)
                self.assertEqual(self.get(url), (200, b"presigned"))

    def test_presigned_put_with_the_default_key_writes_the_object(self):
        name = self.bucket_with_object()
        for signature in SIGNATURES:
            with self.subTest(signature=signature):
                key = f"put-{signature}.txt"
                url = self.s3(signature).generate_presigned_url(
                    "put_object", Params={"Bucket": name, "Key": key}, ExpiresIn=300)
                self.assertEqual(self.put(url, b"uploaded " + signature.encode()), (200, b""))
                body = self.s3().get_object(Bucket=name, Key=key)["Body"].read()
                self.assertEqual(body, b"uploaded " + signature.encode())

    def test_presigned_get_with_an_iam_users_key_reads_the_object(self):
        name = self.bucket_with_object()
        keys = self.iam_user_keys()
        for signature in SIGNATURES:
            with self.subTest(signature=signature):
                url = self.s3(signature, **keys).generate_presigned_url(
                    "get_object", Params={"Bucket": name, "Key": "shared.txt"}, ExpiresIn=300)
                self.assertEqual(self.get(url), (200, b"presigned"))

    def test_presigned_put_with_an_iam_users_key_writes_the_object(self):
        name = self.bucket_with_object()
        keys = self.iam_user_keys()
        for signature in SIGNATURES:
            with self.subTest(signature=signature):
                key = f"user-{signature}.txt"
                url = self.s3(signature, **keys).generate_presigned_url(
                    "put_object", Params={"Bucket": name, "Key": key}, ExpiresIn=300)
                self.assertEqual(self.put(url, b"by the user"), (200, b""))
                self.assertEqual(self.s3().get_object(Bucket=name, Key=key)["Body"].read(),
                                 b"by the user")

    def test_changed_signature_is_signature_does_not_match(self):
        name = self.bucket_with_object()
        for signature, param in (("s3v4", "X-Amz-Signature"), ("s3", "Signature")):
            with self.subTest(signature=signature):
                url = self.s3(signature).generate_presigned_url(
                    "get_object", Params={"Bucket": name, "Key": "shared.txt"}, ExpiresIn=300)
                parts = urllib.parse.urlsplit(url)
                query = urllib.parse.parse_qsl(parts.query)
                changed = [(k, ("0" * len(v) if k == param else v)) for k, v in query]
                bad = parts._replace(query=urllib.parse.urlencode(changed)).geturl()
                status, code, _ = self.s3_error(bad)
                self.assertEqual((status, code), (403, "SignatureDoesNotMatch"))

    def test_url_signed_with_the_wrong_secret_is_signature_does_not_match(self):
        name = self.bucket_with_object()
        for signature in SIGNATURES:
            with self.subTest(signature=signature):
                url = self.s3(signature, secret_key="not-the-secret").generate_presigned_url(
                    "get_object", Params={"Bucket": name, "Key": "shared.txt"}, ExpiresIn=300)
                status, code, _ = self.s3_error(url)
                self.assertEqual((status, code), (403, "SignatureDoesNotMatch"))

    def test_expired_url_is_access_denied_request_has_expired(self):
        name = self.bucket_with_object()
        urls = {signature: self.s3(signature).generate_presigned_url(
            "get_object", Params={"Bucket": name, "Key": "shared.txt"}, ExpiresIn=1)
            for signature in SIGNATURES}
        time.sleep(2.5)
        for signature, url in urls.items():
            with self.subTest(signature=signature):
                self.assertEqual(self.s3_error(url), (403, "AccessDenied", "Request has expired"))

    def test_unknown_key_is_invalid_access_key_id(self):
        name = self.bucket_with_object()
        for signature in SIGNATURES:
            with self.subTest(signature=signature):
                url = self.s3(signature, access_key="AKIAUNKNOWNKEY000000").generate_presigned_url(
                    "get_object", Params={"Bucket": name, "Key": "shared.txt"}, ExpiresIn=300)
                self.assertEqual(self.s3_error(url),
                                 (403, "InvalidAccessKeyId",
                                  "The AWS Access Key Id you provided does not exist in our "
                                  "records."))

    def test_deleted_iam_key_is_invalid_access_key_id(self):
        name = self.bucket_with_object()
        iam = self.client("iam")
        user = self.unique("revoked")
        iam.create_user(UserName=user)
        key = iam.create_access_key(UserName=user)["AccessKey"]
        url = self.s3(access_key=key["AccessKeyId"],
                      secret_key=key["SecretAccessKey"]).generate_presigned_url(
            "get_object", Params={"Bucket": name, "Key": "shared.txt"}, ExpiresIn=300)
        self.assertEqual(self.get(url), (200, b"presigned"))
        iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
        status, code, _ = self.s3_error(url)
        self.assertEqual((status, code), (403, "InvalidAccessKeyId"))


if __name__ == "__main__":
    unittest.main()
