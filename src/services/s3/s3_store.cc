#include "services/s3/s3_store.h"

namespace nimbus::s3 {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE s3_buckets (name TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, "
    "created_millis INTEGER NOT NULL);"
    "CREATE INDEX s3_buckets_account ON s3_buckets (account, name);"
    "CREATE TABLE s3_objects (bucket TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL, "
    "etag TEXT NOT NULL, modified_millis INTEGER NOT NULL, file TEXT NOT NULL, headers TEXT NOT "
    "NULL, metadata TEXT NOT NULL, checksums TEXT NOT NULL, tags TEXT NOT NULL, "
    "PRIMARY KEY (bucket, key)) WITHOUT ROWID",
    "CREATE TABLE s3_uploads (upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT "
    "NULL, initiated_millis INTEGER NOT NULL, headers TEXT NOT NULL, metadata TEXT NOT NULL, "
    "tags TEXT NOT NULL);"
    "CREATE TABLE s3_parts (upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, size INTEGER "
    "NOT NULL, etag TEXT NOT NULL, modified_millis INTEGER NOT NULL, file TEXT NOT NULL, "
    "PRIMARY KEY (upload_id, part_number)) WITHOUT ROWID",
    // Versioning: every version of a key is a row; `ordinal` decreases from one version to the
    // next, so that the primary key's order is S3's listing order (keys ascending, newest first).
    "ALTER TABLE s3_buckets ADD COLUMN versioning TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE s3_buckets ADD COLUMN mfa_delete TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE s3_object_versions (bucket TEXT NOT NULL, key TEXT NOT NULL, ordinal INTEGER "
    "NOT NULL, version_id TEXT NOT NULL, latest INTEGER NOT NULL, delete_marker INTEGER NOT NULL, "
    "size INTEGER NOT NULL, etag TEXT NOT NULL, modified_millis INTEGER NOT NULL, file TEXT NOT "
    "NULL, headers TEXT NOT NULL, metadata TEXT NOT NULL, checksums TEXT NOT NULL, tags TEXT NOT "
    "NULL, PRIMARY KEY (bucket, key, ordinal)) WITHOUT ROWID;"
    "INSERT INTO s3_object_versions SELECT bucket, key, 0, 'null', 1, 0, size, etag, "
    "modified_millis, file, headers, metadata, checksums, tags FROM s3_objects;"
    "DROP TABLE s3_objects;"
    "ALTER TABLE s3_object_versions RENAME TO s3_objects;"
    "CREATE INDEX s3_uploads_listing ON s3_uploads (bucket, key, upload_id)",
    // An upload's announced checksum and each part's checksums (a composite checksum is made of
    // them at completion).
    "ALTER TABLE s3_uploads ADD COLUMN checksum_algorithm TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE s3_uploads ADD COLUMN checksum_type TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE s3_parts ADD COLUMN checksums TEXT NOT NULL DEFAULT '{}'",
};

constexpr std::string_view kObjectColumns =
    "bucket, key, size, etag, modified_millis, file, headers, metadata, checksums, tags, "
    "version_id, delete_marker, latest, ordinal";

constexpr std::string_view kBucketColumns =
    "name, account, region, created_millis, versioning, mfa_delete";

constexpr std::string_view kUploadColumns =
    "upload_id, bucket, key, initiated_millis, headers, metadata, tags, checksum_algorithm, "
    "checksum_type";

UploadRecord UploadFrom(const store::Row& row) {
  return {.upload_id = row.Text(0),
          .bucket = row.Text(1),
          .key = row.Text(2),
          .initiated_millis = row.Int(3),
          .headers = row.Text(4),
          .metadata = row.Text(5),
          .tags = row.Text(6),
          .checksum_algorithm = row.Text(7),
          .checksum_type = row.Text(8)};
}

BucketRecord BucketFrom(const store::Row& row) {
  return {.name = row.Text(0),
          .account = row.Text(1),
          .region = row.Text(2),
          .created_millis = row.Int(3),
          .versioning = row.Text(4),
          .mfa_delete = row.Text(5)};
}

ObjectRecord ObjectFrom(const store::Row& row) {
  return {.bucket = row.Text(0),
          .key = row.Text(1),
          .version_id = row.Text(10),
          .delete_marker = row.Int(11) != 0,
          .latest = row.Int(12) != 0,
          .ordinal = row.Int(13),
          .size = row.Int(2),
          .etag = row.Text(3),
          .modified_millis = row.Int(4),
          .file = row.Text(5),
          .headers = row.Text(6),
          .metadata = row.Text(7),
          .checksums = row.Text(8),
          .tags = row.Text(9)};
}

// The smallest string greater than every string that starts with `prefix`, or "" if none is
// (a prefix of 0xff bytes only): the key range of a prefix is [prefix, PrefixEnd(prefix)).
std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

}  // namespace

S3Store::S3Store(store::Database& db) : schema_(db, "s3", kMigrations) {}

std::optional<BucketRecord> S3Store::FindBucket(store::Transaction& tx,
                                                std::string_view name) const {
  std::optional<store::Row> row =
      tx.QueryOne("SELECT " + std::string(kBucketColumns) + " FROM s3_buckets WHERE name = ?",
                  {std::string(name)});
  if (!row) return std::nullopt;
  return BucketFrom(*row);
}

void S3Store::InsertBucket(store::Transaction& tx, const BucketRecord& bucket) {
  tx.Exec("INSERT INTO s3_buckets (name, account, region, created_millis) VALUES (?, ?, ?, ?)",
          {bucket.name, bucket.account, bucket.region, bucket.created_millis});
}

void S3Store::DeleteBucket(store::Transaction& tx, std::string_view name) {
  tx.Exec("DELETE FROM s3_buckets WHERE name = ?", {std::string(name)});
}

std::vector<BucketRecord> S3Store::ListBuckets(store::Transaction& tx,
                                               std::string_view account) const {
  std::vector<BucketRecord> buckets;
  for (const store::Row& row : tx.Query("SELECT " + std::string(kBucketColumns) +
                                            " FROM s3_buckets WHERE account = ? ORDER BY name",
                                        {std::string(account)})) {
    buckets.push_back(BucketFrom(row));
  }
  return buckets;
}

void S3Store::SetVersioning(store::Transaction& tx, std::string_view name, std::string_view status,
                            std::string_view mfa_delete) {
  tx.Exec("UPDATE s3_buckets SET versioning = ?, mfa_delete = ? WHERE name = ?",
          {std::string(status), std::string(mfa_delete), std::string(name)});
}

bool S3Store::HasObjects(store::Transaction& tx, std::string_view bucket) const {
  return tx.QueryOne("SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1", {std::string(bucket)})
      .has_value();
}

std::optional<ObjectRecord> S3Store::FindObject(store::Transaction& tx, std::string_view bucket,
                                                std::string_view key) const {
  std::optional<store::Row> row =
      tx.QueryOne("SELECT " + std::string(kObjectColumns) +
                      " FROM s3_objects WHERE bucket = ? AND key = ? ORDER BY ordinal LIMIT 1",
                  {std::string(bucket), std::string(key)});
  if (!row) return std::nullopt;
  return ObjectFrom(*row);
}

std::optional<ObjectRecord> S3Store::FindVersion(store::Transaction& tx, std::string_view bucket,
                                                 std::string_view key,
                                                 std::string_view version_id) const {
  std::optional<store::Row> row =
      tx.QueryOne("SELECT " + std::string(kObjectColumns) +
                      " FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?",
                  {std::string(bucket), std::string(key), std::string(version_id)});
  if (!row) return std::nullopt;
  return ObjectFrom(*row);
}

std::optional<ObjectRecord> S3Store::PutObject(store::Transaction& tx, const ObjectRecord& o) {
  std::optional<ObjectRecord> replaced = FindVersion(tx, o.bucket, o.key, o.version_id);
  if (replaced) {
    tx.Exec("DELETE FROM s3_objects WHERE bucket = ? AND key = ? AND ordinal = ?",
            {o.bucket, o.key, replaced->ordinal});
  }
  const std::optional<store::Row> newest = tx.QueryOne(
      "SELECT MIN(ordinal) FROM s3_objects WHERE bucket = ? AND key = ?", {o.bucket, o.key});
  const int64_t ordinal = newest && !newest->IsNull(0) ? newest->Int(0) - 1 : 0;
  tx.Exec("UPDATE s3_objects SET latest = 0 WHERE bucket = ? AND key = ? AND latest = 1",
          {o.bucket, o.key});
  tx.Exec("INSERT INTO s3_objects (" + std::string(kObjectColumns) +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
          {o.bucket, o.key, o.size, o.etag, o.modified_millis, o.file, o.headers, o.metadata,
           o.checksums, o.tags, o.version_id, static_cast<int64_t>(o.delete_marker), ordinal});
  return replaced;
}

std::optional<ObjectRecord> S3Store::DeleteVersion(store::Transaction& tx, std::string_view bucket,
                                                   std::string_view key,
                                                   std::string_view version_id) {
  std::optional<ObjectRecord> removed = FindVersion(tx, bucket, key, version_id);
  if (!removed) return std::nullopt;
  tx.Exec("DELETE FROM s3_objects WHERE bucket = ? AND key = ? AND ordinal = ?",
          {std::string(bucket), std::string(key), removed->ordinal});
  if (removed->latest) {
    tx.Exec(
        "UPDATE s3_objects SET latest = 1 WHERE bucket = ? AND key = ? AND ordinal = (SELECT "
        "MIN(ordinal) FROM s3_objects WHERE bucket = ? AND key = ?)",
        {std::string(bucket), std::string(key), std::string(bucket), std::string(key)});
  }
  return removed;
}

void S3Store::SetTags(store::Transaction& tx, std::string_view bucket, std::string_view key,
                      std::string_view version_id, std::string_view tags_json) {
  tx.Exec("UPDATE s3_objects SET tags = ? WHERE bucket = ? AND key = ? AND version_id = ?",
          {std::string(tags_json), std::string(bucket), std::string(key), std::string(version_id)});
}

void S3Store::ScanObjects(store::Transaction& tx, std::string_view bucket, std::string_view prefix,
                          std::string_view after,
                          const std::function<bool(const ListedObject&)>& visit) const {
  const std::string end = PrefixEnd(prefix);
  // One lower bound on the key, never two: SQLite seeks the primary key by one of them and
  // filters by the other, so `key >= prefix AND key > after` read the bucket from its first key
  // to `after` on every page. A key after `after` is at or after `prefix` when `after` is.
  const bool after_bounds = after >= prefix;
  std::vector<store::Value> params = {std::string(bucket),
                                      std::string(after_bounds ? after : prefix)};
  if (!end.empty()) params.emplace_back(end);
  const std::string sql =
      std::string("SELECT key, size, etag, modified_millis, headers, checksums FROM s3_objects "
                  "WHERE bucket = ? AND key ") +
      (after_bounds ? ">" : ">=") + " ? AND latest = 1 AND delete_marker = 0" +
      (end.empty() ? "" : " AND key < ?") + " ORDER BY key";
  tx.ForEachWhile(sql, params, [&visit](const store::RowView& row) {
    return visit(ListedObject{.key = row.Text(0),
                              .size = row.Int(1),
                              .etag = row.Text(2),
                              .modified_millis = row.Int(3),
                              .headers = row.Text(4),
                              .checksums = row.Text(5)});
  });
}

void S3Store::ScanVersions(store::Transaction& tx, std::string_view bucket, std::string_view prefix,
                           std::string_view after_key, int64_t after_ordinal,
                           const std::function<bool(const ObjectRecord&)>& visit) const {
  const std::string end = PrefixEnd(prefix);
  // One lower bound, as in ScanObjects: the row value (key, ordinal) seeks the primary key.
  const bool after_bounds = after_key >= prefix;
  std::string bound = after_bounds ? "(key, ordinal) > (?, ?)" : "key >= ?";
  std::vector<store::Value> params = {std::string(bucket)};
  if (after_bounds) {
    params.emplace_back(std::string(after_key));
    params.emplace_back(after_ordinal);
  } else {
    params.emplace_back(std::string(prefix));
  }
  constexpr int64_t kPage = 256;
  while (true) {
    std::vector<store::Value> values = params;
    if (!end.empty()) values.emplace_back(end);
    const std::string sql = "SELECT " + std::string(kObjectColumns) +
                            " FROM s3_objects WHERE bucket = ? AND " + bound +
                            (end.empty() ? "" : " AND key < ?") +
                            " ORDER BY key, ordinal LIMIT " + std::to_string(kPage);
    const std::vector<store::Row> rows = tx.Query(sql, values);
    for (const store::Row& row : rows) {
      if (!visit(ObjectFrom(row))) return;
    }
    if (static_cast<int64_t>(rows.size()) < kPage) return;
    bound = "(key, ordinal) > (?, ?)";
    params = {std::string(bucket), rows.back().Text(1), rows.back().Int(13)};
  }
}

std::optional<UploadRecord> S3Store::FindUpload(store::Transaction& tx,
                                                std::string_view upload_id) const {
  std::optional<store::Row> row =
      tx.QueryOne("SELECT " + std::string(kUploadColumns) + " FROM s3_uploads WHERE upload_id = ?",
                  {std::string(upload_id)});
  if (!row) return std::nullopt;
  return UploadFrom(*row);
}

void S3Store::InsertUpload(store::Transaction& tx, const UploadRecord& u) {
  tx.Exec("INSERT INTO s3_uploads (" + std::string(kUploadColumns) +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {u.upload_id, u.bucket, u.key, u.initiated_millis, u.headers, u.metadata, u.tags,
           u.checksum_algorithm, u.checksum_type});
}

void S3Store::DeleteUpload(store::Transaction& tx, std::string_view upload_id) {
  tx.Exec("DELETE FROM s3_parts WHERE upload_id = ?", {std::string(upload_id)});
  tx.Exec("DELETE FROM s3_uploads WHERE upload_id = ?", {std::string(upload_id)});
}

void S3Store::ScanUploads(store::Transaction& tx, std::string_view bucket, std::string_view prefix,
                          std::string_view after_key, std::string_view after_upload_id,
                          const std::function<bool(const UploadRecord&)>& visit) const {
  const std::string end = PrefixEnd(prefix);
  std::string sql =
      "SELECT " + std::string(kUploadColumns) +
      " FROM s3_uploads "
      "WHERE bucket = ? AND key >= ? AND (key > ? OR (key = ? AND upload_id > ? AND ? != ''))";
  std::vector<store::Value> params = {std::string(bucket),          std::string(prefix),
                                      std::string(after_key),       std::string(after_key),
                                      std::string(after_upload_id), std::string(after_upload_id)};
  if (!end.empty()) {
    sql += " AND key < ?";
    params.emplace_back(end);
  }
  sql += " ORDER BY key, upload_id";
  for (const store::Row& row : tx.Query(sql, params)) {
    if (!visit(UploadFrom(row))) return;
  }
}

std::optional<PartRecord> S3Store::PutPart(store::Transaction& tx, const PartRecord& part) {
  std::optional<PartRecord> replaced;
  for (const PartRecord& existing : Parts(tx, part.upload_id)) {
    if (existing.part_number == part.part_number) replaced = existing;
  }
  tx.Exec(
      "INSERT OR REPLACE INTO s3_parts (upload_id, part_number, size, etag, modified_millis, "
      "file, checksums) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {part.upload_id, part.part_number, part.size, part.etag, part.modified_millis, part.file,
       part.checksums});
  return replaced;
}

std::vector<PartRecord> S3Store::Parts(store::Transaction& tx, std::string_view upload_id) const {
  std::vector<PartRecord> parts;
  for (const store::Row& row :
       tx.Query("SELECT upload_id, part_number, size, etag, modified_millis, file, checksums "
                "FROM s3_parts WHERE upload_id = ? ORDER BY part_number",
                {std::string(upload_id)})) {
    parts.push_back({.upload_id = row.Text(0),
                     .part_number = row.Int(1),
                     .size = row.Int(2),
                     .etag = row.Text(3),
                     .modified_millis = row.Int(4),
                     .file = row.Text(5),
                     .checksums = row.Text(6)});
  }
  return parts;
}

}  // namespace nimbus::s3
