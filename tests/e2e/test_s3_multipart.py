"""S3 multipart uploads against the real binary, driven by boto3: the multipart ETag (the MD5 of
the parts' binary MD5s) and the checksum the upload announces (COMPOSITE from the parts'
checksums, FULL_OBJECT over the whole body)."""
import base64
import hashlib
import io
import os
import zlib

from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

from harness import EmulatorTestCase

PART = 5 * 1024 * 1024


def crc32(data):
    return zlib.crc32(data).to_bytes(4, "big")


def b64(raw):
    return base64.b64encode(raw).decode()


class S3MultipartTest(EmulatorTestCase):
    def setUp(self):
        self.s3 = self.client("s3")
        self.bucket = self.unique("multipart")
        self.s3.create_bucket(Bucket=self.bucket)

    def upload_parts(self, key, parts, **create):
        """Creates an upload of `key`, sends `parts` with their CRC32 and completes it with
        their ETags and checksums; CompleteMultipartUpload's answer."""
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key=key, **create)["UploadId"]
        done = []
        for number, body in enumerate(parts, 1):
            etag = self.s3.upload_part(Bucket=self.bucket, Key=key, UploadId=upload,
                                       PartNumber=number, Body=body,
                                       ChecksumCRC32=b64(crc32(body)))["ETag"]
            done.append({"PartNumber": number, "ETag": etag, "ChecksumCRC32": b64(crc32(body))})
        return self.s3.complete_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload,
                                                 MultipartUpload={"Parts": done})

    def test_the_etag_is_the_md5_of_the_parts_md5s(self):
        parts = [os.urandom(PART), os.urandom(PART), b"tail"]
        done = self.upload_parts("etag.bin", parts)
        expected = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
        self.assertEqual(done["ETag"], f'"{expected}-3"')
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key="etag.bin")["ETag"],
                         f'"{expected}-3"')

    def test_a_crc32_upload_has_the_composite_checksum_of_its_parts(self):
        parts = [os.urandom(PART), b"tail"]
        done = self.upload_parts("composite.bin", parts, ChecksumAlgorithm="CRC32")
        expected = b64(crc32(b"".join(crc32(p) for p in parts))) + "-2"
        self.assertEqual((done["ChecksumCRC32"], done["ChecksumType"]), (expected, "COMPOSITE"))
        head = self.s3.head_object(Bucket=self.bucket, Key="composite.bin", ChecksumMode="ENABLED")
        self.assertEqual((head["ChecksumCRC32"], head["ChecksumType"]), (expected, "COMPOSITE"))

    def test_a_full_object_upload_has_the_whole_bodys_checksum(self):
        parts = [os.urandom(PART), b"tail"]
        done = self.upload_parts("full.bin", parts, ChecksumAlgorithm="CRC32",
                                 ChecksumType="FULL_OBJECT")
        self.assertEqual((done["ChecksumCRC32"], done["ChecksumType"]),
                         (b64(crc32(b"".join(parts))), "FULL_OBJECT"))

    def test_upload_fileobj_completes_with_the_parts_checksums(self):
        data = os.urandom(2 * PART + 100)
        config = TransferConfig(multipart_threshold=PART, multipart_chunksize=PART)
        self.s3.upload_fileobj(io.BytesIO(data), self.bucket, "transfer.bin", Config=config)
        head = self.s3.head_object(Bucket=self.bucket, Key="transfer.bin", ChecksumMode="ENABLED")
        pieces = [data[i:i + PART] for i in range(0, len(data), PART)]
        self.assertEqual(head["ChecksumCRC32"],
                         b64(crc32(b"".join(crc32(p) for p in pieces))) + "-3")
        self.assertEqual(head["ETag"], '"%s-3"' % hashlib.md5(
            b"".join(hashlib.md5(p).digest() for p in pieces)).hexdigest())

    def test_completing_without_a_parts_checksum_is_invalid_request(self):
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key="k",
                                                 ChecksumAlgorithm="CRC32")["UploadId"]
        etag = self.s3.upload_part(Bucket=self.bucket, Key="k", UploadId=upload, PartNumber=1,
                                   Body=b"x", ChecksumCRC32=b64(crc32(b"x")))["ETag"]
        with self.assertRaises(ClientError) as cm:
            self.s3.complete_multipart_upload(
                Bucket=self.bucket, Key="k", UploadId=upload,
                MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidRequest")
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         "The upload was created using a crc32 checksum. The complete request "
                         "must include the checksum for each part. It was missing for part 1 in "
                         "the request.")
