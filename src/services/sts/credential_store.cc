#include "services/sts/credential_store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace nimbus::sts {

namespace json = boost::json;

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE sts_credentials (access_key_id TEXT PRIMARY KEY, secret_access_key TEXT NOT "
    "NULL, session_token TEXT NOT NULL, account TEXT NOT NULL, arn TEXT NOT NULL, user_id TEXT "
    "NOT NULL, expires_millis INTEGER NOT NULL, created_millis INTEGER NOT NULL)",
    // {"Tags": [[key, value], ...], "TransitiveTagKeys": [key, ...]}
    "ALTER TABLE sts_credentials ADD COLUMN session_tags_json TEXT NOT NULL DEFAULT '{}'",
};

std::string TagsJson(const SessionTags& tags) {
  json::array pairs;
  for (const auto& [key, value] : tags.tags) pairs.push_back(json::array{key, value});
  json::array keys;
  for (const std::string& key : tags.transitive_keys) keys.push_back(json::string(key));
  return json::serialize(json::object{{"Tags", pairs}, {"TransitiveTagKeys", keys}});
}

SessionTags ParseTags(std::string_view text) {
  SessionTags out;
  boost::system::error_code ec;
  const json::value stored = json::parse(text, ec);
  if (ec || !stored.is_object()) return out;
  if (const json::value* pairs = stored.as_object().if_contains("Tags")) {
    for (const json::value& pair : pairs->as_array()) {
      out.tags.emplace_back(pair.as_array().at(0).as_string(), pair.as_array().at(1).as_string());
    }
  }
  if (const json::value* keys = stored.as_object().if_contains("TransitiveTagKeys")) {
    for (const json::value& key : keys->as_array()) {
      out.transitive_keys.emplace_back(key.as_string());
    }
  }
  return out;
}

}  // namespace

CredentialStore::CredentialStore(store::Database& db) : schema_(db, "sts", kMigrations) {}

void CredentialStore::Insert(store::Transaction& tx, const core::auth::KnownKey& key,
                             int64_t created_millis, const SessionTags& tags) {
  tx.Exec(
      "INSERT INTO sts_credentials (access_key_id, secret_access_key, session_token, account, "
      "arn, user_id, expires_millis, created_millis, session_tags_json) VALUES (?, ?, ?, ?, ?, "
      "?, ?, ?, ?)",
      {key.access_key_id, key.secret_access_key, key.session_token, key.account, key.arn,
       key.user_id, key.expires_millis, created_millis, TagsJson(tags)});
}

std::optional<core::auth::KnownKey> CredentialStore::FindKey(std::string_view access_key_id) const {
  // Every key this store issues starts with ASIA; the common AKIA/test keys need no lookup.
  if (access_key_id.substr(0, 4) != "ASIA") {
    return std::nullopt;
  }
  store::Transaction tx = schema_.Read();
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT access_key_id, secret_access_key, session_token, account, arn, user_id, "
      "expires_millis FROM sts_credentials WHERE access_key_id = ?",
      {std::string(access_key_id)});
  if (!row) {
    return std::nullopt;
  }
  return core::auth::KnownKey{.access_key_id = row->Text(0),
                              .secret_access_key = row->Text(1),
                              .session_token = row->Text(2),
                              .account = row->Text(3),
                              .arn = row->Text(4),
                              .user_id = row->Text(5),
                              .expires_millis = row->Int(6)};
}

SessionTags CredentialStore::TagsOf(std::string_view access_key_id) const {
  if (access_key_id.substr(0, 4) != "ASIA") return {};
  store::Transaction tx = schema_.Read();
  const std::optional<store::Row> row =
      tx.QueryOne("SELECT session_tags_json FROM sts_credentials WHERE access_key_id = ?",
                  {std::string(access_key_id)});
  return row ? ParseTags(row->Text(0)) : SessionTags{};
}

}  // namespace nimbus::sts
