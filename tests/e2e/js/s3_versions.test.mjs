// S3 versioning and multipart upload listing with the JS SDK v3 (path style).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  S3Client, CreateBucketCommand, PutBucketVersioningCommand, GetBucketVersioningCommand,
  PutObjectCommand, GetObjectCommand, DeleteObjectCommand, ListObjectVersionsCommand,
  CreateMultipartUploadCommand, ListMultipartUploadsCommand,
} from "@aws-sdk/client-s3";
import { startNimbus, clientConfig, unique } from "./harness.mjs";

let nimbus;
before(async () => { nimbus = await startNimbus(); });
after(async () => { assert.equal(await nimbus.stop(), 0); });

function s3() {
  return new S3Client(clientConfig(nimbus.endpoint, { forcePathStyle: true }));
}

async function versionedBucket(client) {
  const bucket = unique("js-s3v").toLowerCase();
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await client.send(new PutBucketVersioningCommand({
    Bucket: bucket, VersioningConfiguration: { Status: "Enabled" },
  }));
  return bucket;
}

test("versioning put with the JS SDK reads back as Enabled", async () => {
  const client = s3();
  const bucket = await versionedBucket(client);
  const got = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
  assert.equal(got.Status, "Enabled");
});

test("an older version reads back by its VersionId", async () => {
  const client = s3();
  const bucket = await versionedBucket(client);
  const first = await client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "one" }));
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "two" }));
  assert.equal(first.VersionId.length, 32);
  const got = await client.send(new GetObjectCommand({
    Bucket: bucket, Key: "k", VersionId: first.VersionId,
  }));
  assert.equal(await got.Body.transformToString(), "one");
});

test("a delete leaves a delete marker that ListObjectVersions shows as latest", async () => {
  const client = s3();
  const bucket = await versionedBucket(client);
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "v" }));
  const deleted = await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
  assert.equal(deleted.DeleteMarker, true);
  const listed = await client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  assert.equal(listed.Versions.length, 1);
  assert.equal(listed.Versions[0].IsLatest, false);
  assert.equal(listed.DeleteMarkers[0].VersionId, deleted.VersionId);
  assert.equal(listed.DeleteMarkers[0].IsLatest, true);
});

test("ListMultipartUploads lists an upload in progress", async () => {
  const client = s3();
  const bucket = unique("js-s3u").toLowerCase();
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "big" }));
  const listed = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  assert.equal(listed.Uploads.length, 1);
  assert.equal(listed.Uploads[0].UploadId, created.UploadId);
  assert.equal(listed.Uploads[0].Key, "big");
});
