import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command,
  HeadObjectCommand, DeleteObjectCommand,
} from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { startNimbus, clientConfig, unique } from "./harness.mjs";

let nimbus;
before(async () => { nimbus = await startNimbus(); });
after(async () => { assert.equal(await nimbus.stop(), 0); });

function s3() {
  return new S3Client(clientConfig(nimbus.endpoint, { forcePathStyle: true }));
}

function bucketName() {
  return unique("js-s3").toLowerCase();
}

test("an object put with forcePathStyle reads back with its ETag and metadata", async () => {
  const client = s3();
  const bucket = bucketName();
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const put = await client.send(new PutObjectCommand({
    Bucket: bucket, Key: "dir/a b.json", Body: "{\"x\":1}", ContentType: "application/json",
    Metadata: { owner: "js" },
  }));
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: "dir/a b.json" }));
  assert.equal(await got.Body.transformToString(), "{\"x\":1}");
  assert.equal(got.ETag, put.ETag);
  assert.equal(got.ContentType, "application/json");
  assert.deepEqual(got.Metadata, { owner: "js" });
});

test("a stream body reads back whole", async () => {
  const client = s3();
  const bucket = bucketName();
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const body = "streamed ".repeat(1000);
  await client.send(new PutObjectCommand({
    Bucket: bucket, Key: "stream", Body: Readable.from([Buffer.from(body)]),
    ContentLength: body.length,
  }));
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: "stream" }));
  assert.equal(head.ContentLength, body.length);
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: "stream" }));
  assert.equal(await got.Body.transformToString(), body);
});

test("ListObjectsV2 lists keys and common prefixes", async () => {
  const client = s3();
  const bucket = bucketName();
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const key of ["a", "d/1", "d/2"]) {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "x" }));
  }
  const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: "/" }));
  assert.deepEqual(out.Contents.map((c) => c.Key), ["a"]);
  assert.deepEqual(out.CommonPrefixes.map((p) => p.Prefix), ["d/"]);
  assert.equal(out.KeyCount, 2);
});

test("GetObject of a deleted key is NoSuchKey", async () => {
  const client = s3();
  const bucket = bucketName();
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: "gone", Body: "x" }));
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "gone" }));
  await assert.rejects(
    client.send(new GetObjectCommand({ Bucket: bucket, Key: "gone" })),
    (err) => err.name === "NoSuchKey" && err.$metadata.httpStatusCode === 404);
});
