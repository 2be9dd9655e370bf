"""S3 versioning, ListMultipartUploads and UploadPartCopy against the real binary: boto3 and the
AWS CLI."""
import datetime
import os
import tempfile
import unittest

from botocore.exceptions import ClientError

from harness import EmulatorTestCase


class S3VersionsTest(EmulatorTestCase):
    def s3(self):
        return self.client("s3")

    def bucket(self, s3, versioning=None):
        name = self.unique("s3v")
        s3.create_bucket(Bucket=name)
        if versioning:
            s3.put_bucket_versioning(Bucket=name,
                                     VersioningConfiguration={"Status": versioning})
        return name

    def error(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        return cm.exception.response

    def test_bucket_never_versioned_has_no_status(self):
        s3 = self.s3()
        out = s3.get_bucket_versioning(Bucket=self.bucket(s3))
        self.assertNotIn("Status", out)
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 200)

    def test_put_then_get_bucket_versioning(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        self.assertEqual(s3.get_bucket_versioning(Bucket=name)["Status"], "Enabled")

    def test_mfa_delete_without_mfa_is_access_denied(self):
        s3 = self.s3()
        resp = self.error(s3.put_bucket_versioning, Bucket=self.bucket(s3),
                          VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"})
        self.assertEqual(resp["Error"]["Code"], "AccessDenied")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 403)

    def test_put_object_without_versioning_has_no_version_id(self):
        s3 = self.s3()
        out = s3.put_object(Bucket=self.bucket(s3), Key="k", Body=b"v")
        self.assertNotIn("VersionId", out)
        self.assertNotIn("x-amz-version-id", out["ResponseMetadata"]["HTTPHeaders"])

    def test_every_put_makes_a_version_readable_by_id(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        first = s3.put_object(Bucket=name, Key="k", Body=b"one")["VersionId"]
        second = s3.put_object(Bucket=name, Key="k", Body=b"two")["VersionId"]
        self.assertEqual(len(first), 32)
        self.assertNotEqual(first, second)
        old = s3.get_object(Bucket=name, Key="k", VersionId=first)
        self.assertEqual(old["Body"].read(), b"one")
        self.assertEqual(old["VersionId"], first)
        self.assertEqual(s3.head_object(Bucket=name, Key="k")["VersionId"], second)

    def test_suspended_bucket_writes_the_null_version(self):
        s3 = self.s3()
        name = self.bucket(s3, "Suspended")
        self.assertEqual(s3.put_object(Bucket=name, Key="k", Body=b"1")["VersionId"], "null")
        s3.put_object(Bucket=name, Key="k", Body=b"2")
        versions = s3.list_object_versions(Bucket=name)["Versions"]
        self.assertEqual([v["VersionId"] for v in versions], ["null"])

    def test_missing_version_is_no_such_version(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        s3.put_object(Bucket=name, Key="k", Body=b"v")
        resp = self.error(s3.get_object, Bucket=name, Key="k",
                          VersionId="A" * 32)
        self.assertEqual(resp["Error"]["Code"], "NoSuchVersion")
        self.assertEqual(resp["Error"]["Message"], "The specified version does not exist.")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 404)

    def test_malformed_version_id_is_invalid_argument(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        s3.put_object(Bucket=name, Key="k", Body=b"v")
        resp = self.error(s3.get_object, Bucket=name, Key="k", VersionId="bad")
        self.assertEqual(resp["Error"]["Code"], "InvalidArgument")
        self.assertEqual(resp["Error"]["Message"], "Invalid version id specified")

    def test_delete_adds_a_delete_marker_and_get_is_no_such_key_with_it(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        s3.put_object(Bucket=name, Key="k", Body=b"v")
        marker = s3.delete_object(Bucket=name, Key="k")
        self.assertTrue(marker["DeleteMarker"])
        resp = self.error(s3.get_object, Bucket=name, Key="k")
        self.assertEqual(resp["Error"]["Code"], "NoSuchKey")
        headers = resp["ResponseMetadata"]["HTTPHeaders"]
        self.assertEqual(headers["x-amz-delete-marker"], "true")
        self.assertEqual(headers["x-amz-version-id"], marker["VersionId"])

    def test_head_of_a_delete_marker_version_is_405(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        s3.put_object(Bucket=name, Key="k", Body=b"v")
        marker = s3.delete_object(Bucket=name, Key="k")["VersionId"]
        resp = self.error(s3.get_object, Bucket=name, Key="k", VersionId=marker)
        self.assertEqual(resp["Error"]["Code"], "MethodNotAllowed")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 405)
        self.assertEqual(resp["ResponseMetadata"]["HTTPHeaders"]["allow"], "DELETE")

    def test_deleting_the_marker_restores_the_object(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        s3.put_object(Bucket=name, Key="k", Body=b"back")
        marker = s3.delete_object(Bucket=name, Key="k")["VersionId"]
        s3.delete_object(Bucket=name, Key="k", VersionId=marker)
        self.assertEqual(s3.get_object(Bucket=name, Key="k")["Body"].read(), b"back")

    def test_delete_objects_with_version_ids(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        first = s3.put_object(Bucket=name, Key="k", Body=b"1")["VersionId"]
        out = s3.delete_objects(Bucket=name, Delete={"Objects": [
            {"Key": "k", "VersionId": first}, {"Key": "other"}]})
        by_key = {d["Key"]: d for d in out["Deleted"]}
        self.assertEqual(by_key["k"]["VersionId"], first)
        self.assertTrue(by_key["other"]["DeleteMarker"])
        self.assertEqual(len(by_key["other"]["DeleteMarkerVersionId"]), 32)

    def test_bucket_with_only_a_delete_marker_is_not_empty(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        s3.delete_object(Bucket=name, Key="ghost")
        resp = self.error(s3.delete_bucket, Bucket=name)
        self.assertEqual(resp["Error"]["Code"], "BucketNotEmpty")

    def test_list_object_versions_pages_in_s3_order(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        ids = [s3.put_object(Bucket=name, Key="a", Body=b"x")["VersionId"] for _ in range(3)]
        s3.put_object(Bucket=name, Key="b", Body=b"x")
        paginator = s3.get_paginator("list_object_versions")
        seen = []
        for page in paginator.paginate(Bucket=name, PaginationConfig={"PageSize": 2}):
            seen += [(v["Key"], v["VersionId"], v["IsLatest"]) for v in page.get("Versions", [])]
        self.assertEqual([s[:2] for s in seen[:3]], [("a", i) for i in reversed(ids)])
        self.assertEqual([s[2] for s in seen], [True, False, False, True])

    def test_list_object_versions_with_delimiter_keeps_keys_through_url_encoding(self):
        # botocore asks for encoding-type=url by itself and decodes the answer.
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        s3.put_object(Bucket=name, Key="dir/a b", Body=b"x")
        s3.put_object(Bucket=name, Key="top+1", Body=b"x")
        out = s3.list_object_versions(Bucket=name, Delimiter="/")
        self.assertEqual([p["Prefix"] for p in out["CommonPrefixes"]], ["dir/"])
        self.assertEqual([v["Key"] for v in out["Versions"]], ["top+1"])

    def test_list_object_versions_with_explicit_url_encoding_answers_encoded_keys(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        s3.put_object(Bucket=name, Key="top+1", Body=b"x")
        out = s3.list_object_versions(Bucket=name, EncodingType="url")
        self.assertEqual([v["Key"] for v in out["Versions"]], ["top%2B1"])

    def test_list_objects_hides_deleted_keys(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        s3.put_object(Bucket=name, Key="gone", Body=b"x")
        s3.put_object(Bucket=name, Key="kept", Body=b"x")
        s3.delete_object(Bucket=name, Key="gone")
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=name)["Contents"]]
        self.assertEqual(keys, ["kept"])

    def test_copy_object_from_a_version(self):
        s3 = self.s3()
        name = self.bucket(s3, "Enabled")
        first = s3.put_object(Bucket=name, Key="src", Body=b"old")["VersionId"]
        s3.put_object(Bucket=name, Key="src", Body=b"new")
        out = s3.copy_object(Bucket=name, Key="dst",
                             CopySource={"Bucket": name, "Key": "src", "VersionId": first})
        self.assertEqual(out["CopySourceVersionId"], first)
        self.assertEqual(len(out["VersionId"]), 32)
        self.assertEqual(s3.get_object(Bucket=name, Key="dst")["Body"].read(), b"old")

    def test_copy_source_if_none_match_of_the_etag_is_precondition_failed(self):
        s3 = self.s3()
        name = self.bucket(s3)
        etag = s3.put_object(Bucket=name, Key="src", Body=b"x")["ETag"]
        resp = self.error(s3.copy_object, Bucket=name, Key="dst",
                          CopySource={"Bucket": name, "Key": "src"}, CopySourceIfNoneMatch=etag)
        self.assertEqual(resp["Error"]["Code"], "PreconditionFailed")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 412)

    def test_copy_source_if_unmodified_since_before_the_change_is_precondition_failed(self):
        s3 = self.s3()
        name = self.bucket(s3)
        s3.put_object(Bucket=name, Key="src", Body=b"x")
        resp = self.error(s3.copy_object, Bucket=name, Key="dst",
                          CopySource={"Bucket": name, "Key": "src"},
                          CopySourceIfUnmodifiedSince=datetime.datetime(2000, 1, 1))
        self.assertEqual(resp["Error"]["Code"], "PreconditionFailed")

    def test_upload_part_copy_with_a_range(self):
        s3 = self.s3()
        name = self.bucket(s3)
        s3.put_object(Bucket=name, Key="src", Body=b"0123456789")
        upload = s3.create_multipart_upload(Bucket=name, Key="dst")["UploadId"]
        part = s3.upload_part_copy(Bucket=name, Key="dst", UploadId=upload, PartNumber=1,
                                   CopySource={"Bucket": name, "Key": "src"},
                                   CopySourceRange="bytes=3-6")
        self.assertIn("LastModified", part["CopyPartResult"])
        s3.complete_multipart_upload(
            Bucket=name, Key="dst", UploadId=upload,
            MultipartUpload={"Parts": [{"PartNumber": 1,
                                        "ETag": part["CopyPartResult"]["ETag"]}]})
        self.assertEqual(s3.get_object(Bucket=name, Key="dst")["Body"].read(), b"3456")

    def test_upload_part_copy_range_past_the_end_is_invalid_argument(self):
        s3 = self.s3()
        name = self.bucket(s3)
        s3.put_object(Bucket=name, Key="src", Body=b"0123456789")
        upload = s3.create_multipart_upload(Bucket=name, Key="dst")["UploadId"]
        resp = self.error(s3.upload_part_copy, Bucket=name, Key="dst", UploadId=upload,
                          PartNumber=1, CopySource={"Bucket": name, "Key": "src"},
                          CopySourceRange="bytes=0-10")
        self.assertEqual(resp["Error"]["Code"], "InvalidArgument")

    def test_list_multipart_uploads_pages(self):
        s3 = self.s3()
        name = self.bucket(s3)
        ids = {s3.create_multipart_upload(Bucket=name, Key=k)["UploadId"]: k
               for k in ("a", "b", "c")}
        paginator = s3.get_paginator("list_multipart_uploads")
        seen = []
        for page in paginator.paginate(Bucket=name, PaginationConfig={"PageSize": 2}):
            seen += [(u["Key"], u["UploadId"]) for u in page.get("Uploads", [])]
        self.assertEqual(sorted(seen), sorted((k, i) for i, k in ids.items()))
        self.assertEqual([k for k, _ in seen], ["a", "b", "c"])

    def test_list_multipart_uploads_answers_initiated_and_owner(self):
        s3 = self.s3()
        name = self.bucket(s3)
        s3.create_multipart_upload(Bucket=name, Key="k")
        upload = s3.list_multipart_uploads(Bucket=name)["Uploads"][0]
        self.assertIsInstance(upload["Initiated"], datetime.datetime)
        self.assertEqual(upload["StorageClass"], "STANDARD")
        self.assertEqual(len(upload["Owner"]["ID"]), 64)

    def test_cli_versioning_and_rm_leaves_a_delete_marker(self):
        name = self.unique("s3v")
        self.aws("s3api", "create-bucket", "--bucket", name)
        self.aws("s3api", "put-bucket-versioning", "--bucket", name,
                 "--versioning-configuration", "Status=Enabled")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "f.txt")
            with open(path, "w") as f:
                f.write("hello")
            result = self.aws("s3", "cp", path, f"s3://{name}/f.txt", check=False)
            self.assertEqual(result.returncode, 0, result.stderr)
        result = self.aws("s3", "rm", f"s3://{name}/f.txt", check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        listed = self.aws("s3api", "list-object-versions", "--bucket", name)
        self.assertEqual(len(listed["Versions"]), 1)
        self.assertEqual(listed["DeleteMarkers"][0]["Key"], "f.txt")
        self.assertTrue(listed["DeleteMarkers"][0]["IsLatest"])
        status = self.aws("s3api", "get-bucket-versioning", "--bucket", name)
        self.assertEqual(status["Status"], "Enabled")


if __name__ == "__main__":
    unittest.main()
