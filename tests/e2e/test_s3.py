"""S3 against the real binary: boto3 (path style and virtual host) and the AWS CLI."""
import base64
import hashlib
import io
import os
import socket
import tempfile
import unittest
import urllib.request
from unittest import mock

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

from harness import EmulatorTestCase, Nimbus


class S3Test(EmulatorTestCase):
    def s3(self, **kw):
        return self.client("s3", **kw)

    def bucket(self, s3=None):
        name = self.unique("s3")
        (s3 or self.s3()).create_bucket(Bucket=name)
        return name

    def error(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        return cm.exception.response

    def test_create_bucket_then_head_it(self):
        s3 = self.s3()
        name = self.bucket(s3)
        head = s3.head_bucket(Bucket=name)
        self.assertEqual(head["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"], "us-east-1")

    def test_create_bucket_in_another_region_with_its_constraint(self):
        s3 = self.s3(region="eu-west-1")
        name = self.unique("s3")
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        self.assertEqual(s3.get_bucket_location(Bucket=name)["LocationConstraint"], "eu-west-1")

    def test_get_bucket_location_of_us_east_1_is_none(self):
        s3 = self.s3()
        self.assertIsNone(s3.get_bucket_location(Bucket=self.bucket(s3))["LocationConstraint"])

    def test_create_bucket_without_constraint_outside_us_east_1_is_illegal(self):
        resp = self.error(self.s3(region="eu-west-1").create_bucket, Bucket=self.unique("s3"))
        self.assertEqual(resp["Error"]["Code"], "IllegalLocationConstraintException")

    def test_another_accounts_bucket_name_is_bucket_already_exists(self):
        name = self.bucket()
        other = self.s3(access_key="444455556666", secret_key="x")
        resp = self.error(other.create_bucket, Bucket=name)
        self.assertEqual(resp["Error"]["Code"], "BucketAlreadyExists")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 409)

    def test_list_buckets_has_creation_date_and_region(self):
        s3 = self.s3()
        name = self.bucket(s3)
        listed = {b["Name"]: b for b in s3.list_buckets()["Buckets"]}
        self.assertEqual(listed[name]["BucketRegion"], "us-east-1")
        self.assertEqual(listed[name]["CreationDate"].year >= 2024, True)

    def test_delete_non_empty_bucket_is_bucket_not_empty(self):
        s3 = self.s3()
        name = self.bucket(s3)
        s3.put_object(Bucket=name, Key="k", Body=b"v")
        resp = self.error(s3.delete_bucket, Bucket=name)
        self.assertEqual(resp["Error"]["Code"], "BucketNotEmpty")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 409)
        self.assertEqual(resp["Error"]["BucketName"], name)

    def test_head_of_a_missing_bucket_is_404(self):
        resp = self.error(self.s3().head_bucket, Bucket=self.unique("s3"))
        self.assertEqual(resp["Error"]["Code"], "404")

    def test_put_then_get_object_with_metadata(self):
        s3 = self.s3()
        name = self.bucket(s3)
        put = s3.put_object(Bucket=name, Key="dir/a b+c.json", Body=b'{"x": 1}',
                            ContentType="application/json", Metadata={"owner": "e2e"})
        got = s3.get_object(Bucket=name, Key="dir/a b+c.json")
        self.assertEqual(got["Body"].read(), b'{"x": 1}')
        self.assertEqual(got["ETag"], put["ETag"])
        self.assertEqual(got["ETag"], '"%s"' % hashlib.md5(b'{"x": 1}').hexdigest())
        self.assertEqual(got["ContentType"], "application/json")
        self.assertEqual(got["Metadata"], {"owner": "e2e"})

    def test_get_object_checksum_is_verified_by_boto3(self):
        s3 = self.s3()
        name = self.bucket(s3)
        s3.put_object(Bucket=name, Key="c", Body=b"hello", ChecksumAlgorithm="SHA256")
        got = s3.get_object(Bucket=name, Key="c", ChecksumMode="ENABLED")
        self.assertEqual(got["ChecksumSHA256"], "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=")
        self.assertEqual(got["Body"].read(), b"hello")

    def test_wrong_content_md5_is_bad_digest(self):
        s3 = self.s3()
        name = self.bucket(s3)
        other = base64.b64encode(hashlib.md5(b"other").digest()).decode()
        resp = self.error(s3.put_object, Bucket=name, Key="k", Body=b"hello", ContentMD5=other)
        self.assertEqual(resp["Error"]["Code"], "BadDigest")

    def test_get_of_a_missing_key_is_no_such_key(self):
        s3 = self.s3()
        name = self.bucket(s3)
        resp = self.error(s3.get_object, Bucket=name, Key="missing")
        self.assertEqual(resp["Error"]["Code"], "NoSuchKey")
        self.assertEqual(resp["Error"]["Message"], "The specified key does not exist.")
        self.assertEqual(resp["Error"]["Key"], "missing")

    def test_ranged_get_is_206_with_content_range(self):
        s3 = self.s3()
        name = self.bucket(s3)
        s3.put_object(Bucket=name, Key="r", Body=b"0123456789")
        got = s3.get_object(Bucket=name, Key="r", Range="bytes=3-5")
        self.assertEqual(got["ResponseMetadata"]["HTTPStatusCode"], 206)
        self.assertEqual(got["ContentRange"], "bytes 3-5/10")
        self.assertEqual(got["Body"].read(), b"345")

    def test_range_beyond_the_end_is_invalid_range(self):
        s3 = self.s3()
        name = self.bucket(s3)
        s3.put_object(Bucket=name, Key="r", Body=b"0123456789")
        resp = self.error(s3.get_object, Bucket=name, Key="r", Range="bytes=20-")
        self.assertEqual(resp["Error"]["Code"], "InvalidRange")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 416)

    def test_if_none_match_of_the_etag_is_304(self):
        s3 = self.s3()
        name = self.bucket(s3)
        etag = s3.put_object(Bucket=name, Key="n", Body=b"v")["ETag"]
        resp = self.error(s3.get_object, Bucket=name, Key="n", IfNoneMatch=etag)
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 304)
        # The connection stays usable after a 304 without a body.
        self.assertEqual(s3.get_object(Bucket=name, Key="n")["Body"].read(), b"v")

    def test_if_match_of_another_etag_is_412(self):
        s3 = self.s3()
        name = self.bucket(s3)
        s3.put_object(Bucket=name, Key="n", Body=b"v")
        resp = self.error(s3.get_object, Bucket=name, Key="n", IfMatch='"abc"')
        self.assertEqual(resp["Error"]["Code"], "PreconditionFailed")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 412)

    def test_copy_object_with_replaced_metadata(self):
        s3 = self.s3()
        name = self.bucket(s3)
        s3.put_object(Bucket=name, Key="src", Body=b"data", Metadata={"a": "1"})
        s3.copy_object(Bucket=name, Key="dst", CopySource={"Bucket": name, "Key": "src"},
                       MetadataDirective="REPLACE", Metadata={"b": "2"})
        got = s3.get_object(Bucket=name, Key="dst")
        self.assertEqual(got["Body"].read(), b"data")
        self.assertEqual(got["Metadata"], {"b": "2"})

    def test_delete_objects_reports_each_key(self):
        s3 = self.s3()
        name = self.bucket(s3)
        for key in ("a", "b"):
            s3.put_object(Bucket=name, Key=key, Body=b"x")
        out = s3.delete_objects(Bucket=name, Delete={"Objects": [{"Key": "a"}, {"Key": "b"}]})
        self.assertEqual(sorted(d["Key"] for d in out["Deleted"]), ["a", "b"])
        self.assertEqual(s3.list_objects_v2(Bucket=name)["KeyCount"], 0)

    def test_list_objects_v2_with_delimiter_and_pages(self):
        s3 = self.s3()
        name = self.bucket(s3)
        for key in ("a.txt", "dir/one", "dir/two", "z b+c"):
            s3.put_object(Bucket=name, Key=key, Body=b"x")
        page = s3.list_objects_v2(Bucket=name, Delimiter="/", MaxKeys=2)
        self.assertEqual([c["Key"] for c in page["Contents"]], ["a.txt"])
        self.assertEqual([p["Prefix"] for p in page["CommonPrefixes"]], ["dir/"])
        self.assertTrue(page["IsTruncated"])
        rest = s3.list_objects_v2(Bucket=name, Delimiter="/", MaxKeys=2,
                                  ContinuationToken=page["NextContinuationToken"])
        self.assertEqual([c["Key"] for c in rest["Contents"]], ["z b+c"])
        self.assertFalse(rest["IsTruncated"])

    def test_list_objects_paginator_walks_every_key(self):
        s3 = self.s3()
        name = self.bucket(s3)
        keys = [f"k{i:02d}" for i in range(7)]
        for key in keys:
            s3.put_object(Bucket=name, Key=key, Body=b"x")
        listed = [c["Key"] for page in s3.get_paginator("list_objects").paginate(
            Bucket=name, PaginationConfig={"PageSize": 3}) for c in page["Contents"]]
        self.assertEqual(listed, keys)

    def test_object_tagging_round_trip(self):
        s3 = self.s3()
        name = self.bucket(s3)
        s3.put_object(Bucket=name, Key="t", Body=b"x", Tagging="a=1&b=two")
        self.assertEqual(s3.get_object(Bucket=name, Key="t")["TagCount"], 2)
        s3.put_object_tagging(Bucket=name, Key="t",
                              Tagging={"TagSet": [{"Key": "c", "Value": "3"}]})
        self.assertEqual(s3.get_object_tagging(Bucket=name, Key="t")["TagSet"],
                         [{"Key": "c", "Value": "3"}])

    def test_virtual_host_addressing(self):
        # boto3 puts the bucket in the host (<bucket>.localhost:<port>) for a localhost endpoint;
        # such names do not resolve here, so they are pointed at 127.0.0.1 as a resolver would.
        s3 = boto3.client("s3", endpoint_url=self.endpoint.replace("127.0.0.1", "localhost"),
                          region_name="us-east-1", aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                          aws_secret_access_key="x",
                          config=Config(s3={"addressing_style": "virtual"}))
        urls = []
        s3.meta.events.register("before-send", lambda request, **_: urls.append(request.url))
        resolve = socket.getaddrinfo

        def localhost(host, *args, **kwargs):
            return resolve("127.0.0.1" if host.endswith(".localhost") else host, *args, **kwargs)

        name = self.unique("s3")
        with mock.patch("socket.getaddrinfo", localhost):
            s3.create_bucket(Bucket=name)
            s3.put_object(Bucket=name, Key="v.txt", Body=b"virtual")
            listed = s3.list_objects_v2(Bucket=name)
        self.assertTrue(urls[0].startswith(f"http://{name}.localhost:"), urls[0])
        self.assertEqual([c["Key"] for c in listed["Contents"]], ["v.txt"])
        self.assertEqual(self.s3().get_object(Bucket=name, Key="v.txt")["Body"].read(), b"virtual")

    def test_multipart_upload_of_a_file_reads_back_whole(self):
        s3 = self.s3()
        name = self.bucket(s3)
        data = os.urandom(12 * 1024 * 1024)
        config = TransferConfig(multipart_threshold=5 * 1024 * 1024,
                                multipart_chunksize=5 * 1024 * 1024)
        s3.upload_fileobj(io.BytesIO(data), name, "multi.bin", Config=config)
        head = s3.head_object(Bucket=name, Key="multi.bin")
        self.assertTrue(head["ETag"].endswith('-3"'), head["ETag"])
        self.assertEqual(head["ContentLength"], len(data))
        got = s3.get_object(Bucket=name, Key="multi.bin")["Body"].read()
        self.assertEqual(hashlib.sha256(got).digest(), hashlib.sha256(data).digest())

    def test_presigned_get_urls_read_the_object(self):
        s3 = self.s3()
        name = self.bucket(s3)
        s3.put_object(Bucket=name, Key="shared.txt", Body=b"presigned")
        for signer in (self.s3(signature_version="s3v4"), s3):  # SigV4, and boto3's default
            url = signer.generate_presigned_url(
                "get_object", Params={"Bucket": name, "Key": "shared.txt"}, ExpiresIn=300)
            with urllib.request.urlopen(url) as response:
                self.assertEqual(response.read(), b"presigned")

    def test_unimplemented_operation_is_not_implemented(self):
        s3 = self.s3()
        resp = self.error(s3.list_bucket_analytics_configurations, Bucket=self.bucket(s3))
        self.assertEqual(resp["Error"]["Code"], "NotImplemented")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 501)
        self.assertEqual(resp["Error"]["Message"],
                         "nimbus does not implement S3.ListBucketAnalyticsConfigurations yet")

    def cli(self, *args):
        """Runs a high-level `aws s3` command (text output); returns its stdout."""
        result = self.aws(*args, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_cli_mb_cp_ls_rm(self):
        name = self.unique("s3")
        self.cli("s3", "mb", f"s3://{name}")
        data = os.urandom(20 * 1024 * 1024)  # over the CLI's 8 MiB threshold: a multipart upload
        with tempfile.TemporaryDirectory() as tmp:
            up = os.path.join(tmp, "up.bin")
            down = os.path.join(tmp, "down.bin")
            with open(up, "wb") as f:
                f.write(data)
            self.cli("s3", "cp", up, f"s3://{name}/files/big.bin")
            listing = self.cli("s3", "ls", f"s3://{name}/files/")
            self.assertIn("big.bin", listing)
            self.assertIn(str(len(data)), listing)
            self.cli("s3", "cp", f"s3://{name}/files/big.bin", down)
            with open(down, "rb") as f:
                self.assertEqual(hashlib.sha256(f.read()).digest(), hashlib.sha256(data).digest())
        self.cli("s3", "rm", f"s3://{name}/files/big.bin")
        self.assertNotIn("Contents", self.aws("s3api", "list-objects-v2", "--bucket", name))
        self.cli("s3", "rb", f"s3://{name}")

    def test_cli_s3api_put_object_and_head(self):
        name = self.unique("s3")
        self.aws("s3api", "create-bucket", "--bucket", name)
        with tempfile.NamedTemporaryFile() as f:
            f.write(b"cli body")
            f.flush()
            put = self.aws("s3api", "put-object", "--bucket", name, "--key", "k",
                           "--body", f.name, "--content-type", "text/plain")
        head = self.aws("s3api", "head-object", "--bucket", name, "--key", "k")
        self.assertEqual(head["ETag"], put["ETag"])
        self.assertEqual(head["ContentLength"], 8)
        self.assertEqual(head["ContentType"], "text/plain")


class S3DataDirTest(unittest.TestCase):
    """Objects under --data-dir outlive the process, also one killed with SIGKILL."""

    def client(self, nimbus):
        return boto3.client("s3", endpoint_url=nimbus.endpoint, region_name="us-east-1",
                            aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="x",
                            config=Config(retries={"max_attempts": 1}))

    def test_objects_survive_a_kill_and_restart(self):
        with tempfile.TemporaryDirectory() as data_dir:
            first = Nimbus("--data-dir", data_dir)
            try:
                s3 = self.client(first)
                s3.create_bucket(Bucket="kept")
                s3.put_object(Bucket="kept", Key="k", Body=b"durable")
            finally:
                first.proc.kill()
                first.proc.wait()
            self.assertTrue(os.listdir(os.path.join(data_dir, "s3-objects")))
            second = Nimbus("--data-dir", data_dir)
            try:
                got = self.client(second).get_object(Bucket="kept", Key="k")
                self.assertEqual(got["Body"].read(), b"durable")
            finally:
                self.assertEqual(second.stop(), 0)
