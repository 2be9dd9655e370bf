#include "services/ssm/document_provider.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <openssl/evp.h>

#include "core/aws_error.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/common/tags.h"
#include "services/ssm/document_catalog.h"
#include "services/ssm/document_content.h"

namespace nimbus::ssm {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::OptArray;
using core::protocol::OptInt;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;

namespace {

constexpr std::string_view kDocument = "Document";
// Quotas from the API reference's error descriptions (MaxDocumentSizeExceeded,
// DocumentVersionLimitExceeded's "1,000 versions" in the quotas page, DocumentPermissionLimit).
constexpr size_t kMaxContentBytes = 64 * 1024;
constexpr size_t kMaxVersions = 1000;
constexpr size_t kMaxAccountsPerCall = 20;

// The messages below are the API reference's descriptions of each error; AWS's runtime wording
// is not recorded (README).
[[noreturn]] void NoSuchDocument() {
  throw AwsError("InvalidDocument", "The specified SSM document doesn't exist.");
}

[[noreturn]] void NoSuchVersion() {
  throw AwsError("InvalidDocumentVersion", "The document version isn't valid or doesn't exist.");
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return core::HexEncode(std::string_view(reinterpret_cast<const char*>(digest), size));
}

// A document as a request names it: the caller's own, one another account shares with the
// caller, or an AWS-owned one (whose one version is built from the catalog).
struct Found {
  DocumentRecord doc;
  std::vector<DocumentVersionRecord> versions;  // oldest first
  std::string owner;                            // the owning account, or "Amazon"
  bool own = false;
};

Found FromCatalog(const AwsDocument& aws, const core::Scope& scope) {
  Found found;
  found.doc.scope = {.account = "", .region = scope.region};
  found.doc.name = std::string(aws.name);
  found.doc.document_type = std::string(aws.document_type);
  found.doc.target_type = std::string(aws.target_type);
  found.doc.created_millis = kAwsDocumentsCreatedMillis;
  DocumentVersionRecord version;
  version.content = std::string(aws.content);
  version.format = "JSON";
  version.hash = Sha256Hex(aws.content);
  version.created_millis = kAwsDocumentsCreatedMillis;
  found.versions.push_back(std::move(version));
  found.owner = "Amazon";
  return found;
}

// The document `name` (a name, or an ARN for a document of another account) names for the
// caller, or nullopt.
std::optional<Found> Lookup(DocumentStore& store, store::Transaction& tx, const RequestContext& ctx,
                            std::string_view name) {
  core::Scope scope = ctx.scope;
  std::string doc_name(name);
  if (core::StartsWith(name, "arn:")) {
    const std::optional<core::ParsedArn> arn = core::ParseArn(name);
    if (!arn || arn->service != "ssm" || !core::StartsWith(arn->resource, "document/")) {
      return std::nullopt;
    }
    doc_name = arn->resource.substr(9);
    if (arn->account.empty()) {
      const AwsDocument* aws = FindAwsDocument(doc_name);
      if (!aws) return std::nullopt;
      return FromCatalog(*aws, ctx.scope);
    }
    scope.account = arn->account;
    if (!arn->region.empty()) scope.region = arn->region;
  } else if (const AwsDocument* aws = FindAwsDocument(name)) {
    return FromCatalog(*aws, ctx.scope);
  }
  std::optional<DocumentRecord> doc = store.Find(tx, scope, doc_name);
  if (!doc) return std::nullopt;
  Found found;
  found.own = scope.account == ctx.scope.account && scope.region == ctx.scope.region;
  if (!found.own) {
    const std::vector<DocumentShare> shares = store.Shares(tx, scope, doc_name);
    const bool shared = std::any_of(shares.begin(), shares.end(), [&](const DocumentShare& s) {
      return s.account == ctx.scope.account || s.account == "all";
    });
    if (!shared) return std::nullopt;
  }
  found.doc = std::move(*doc);
  found.versions = store.Versions(tx, scope, doc_name);
  found.owner = scope.account;
  return found;
}

Found Require(DocumentStore& store, store::Transaction& tx, const RequestContext& ctx,
              std::string_view name) {
  std::optional<Found> found = Lookup(store, tx, ctx, name);
  if (!found) NoSuchDocument();
  return std::move(*found);
}

// The caller's own document `name`; AWS's and other accounts' documents are not the caller's
// to change. An AWS-owned one is InvalidDocumentOperation where the operation lists that error
// (`refusable`), else InvalidDocument.
Found RequireOwn(DocumentStore& store, store::Transaction& tx, const RequestContext& ctx,
                 std::string_view name, bool refusable = true) {
  Found found = Require(store, tx, ctx, name);
  if (found.owner == "Amazon") {
    if (!refusable) NoSuchDocument();
    throw AwsError("InvalidDocumentOperation",
                   "The document " + found.doc.name + " is owned by AWS and cannot be changed.");
  }
  if (!found.own) NoSuchDocument();
  return found;
}

const DocumentVersionRecord* VersionNumbered(const Found& found, int64_t version) {
  for (const DocumentVersionRecord& v : found.versions) {
    if (v.version == version) return &v;
  }
  return nullptr;
}

// A version number ("3"), or 0 when `text` is none.
int64_t VersionNumber(std::string_view text) {
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc() && end == text.data() + text.size() ? n : 0;
}

// The version DocumentVersion ($LATEST, $DEFAULT or a number; the default when absent) and
// VersionName select together, or nullptr.
const DocumentVersionRecord* FindSelected(const Found& found, const json::object& in) {
  const std::optional<std::string> number = OptString(in, "DocumentVersion");
  const std::optional<std::string> version_name = OptString(in, "VersionName");
  const DocumentVersionRecord* chosen = nullptr;
  if (number && *number == "$LATEST") {
    chosen = VersionNumbered(found, found.doc.latest_version);
  } else if (number && *number != "$DEFAULT") {
    chosen = VersionNumbered(found, VersionNumber(*number));
  } else if (version_name) {
    for (const DocumentVersionRecord& v : found.versions) {
      if (v.version_name == *version_name) chosen = &v;
    }
  } else {
    chosen = VersionNumbered(found, found.doc.default_version);
  }
  if (chosen && version_name && chosen->version_name != *version_name) return nullptr;
  return chosen;
}

// FindSelected's version, or InvalidDocumentVersion.
const DocumentVersionRecord& SelectVersion(const Found& found, const json::object& in) {
  const DocumentVersionRecord* chosen = FindSelected(found, in);
  if (!chosen) NoSuchVersion();
  return *chosen;
}

json::value ParsedContent(const DocumentVersionRecord& v) {
  std::optional<json::value> tree = ParseDocumentContent(v.content, v.format);
  return tree ? std::move(*tree) : json::value(json::string(v.content));
}

json::array PlatformTypesJson(const std::vector<std::string>& types) {
  json::array out;
  for (const std::string& t : types) out.emplace_back(t);
  return out;
}

// DocumentDescription of version `v`.
json::object Description(const Found& found, const DocumentVersionRecord& v,
                         const std::map<std::string, std::string>& tags) {
  const DocumentFacts facts = FactsOf(ParsedContent(v), found.doc.document_type);
  json::object d;
  d["Hash"] = v.hash;
  d["HashType"] = "Sha256";
  d["Name"] = found.doc.name;
  if (!found.doc.display_name.empty()) d["DisplayName"] = found.doc.display_name;
  if (!v.version_name.empty()) d["VersionName"] = v.version_name;
  d["Owner"] = found.owner;
  d["CreatedDate"] = EpochSeconds(v.created_millis);
  d["Status"] = "Active";
  d["DocumentVersion"] = std::to_string(v.version);
  if (!facts.description.empty()) d["Description"] = facts.description;
  d["Parameters"] = facts.parameters;
  d["PlatformTypes"] = PlatformTypesJson(facts.platform_types);
  d["DocumentType"] = found.doc.document_type;
  if (!facts.schema_version.empty()) d["SchemaVersion"] = facts.schema_version;
  d["LatestVersion"] = std::to_string(found.doc.latest_version);
  d["DefaultVersion"] = std::to_string(found.doc.default_version);
  d["DocumentFormat"] = v.format;
  if (!found.doc.target_type.empty()) d["TargetType"] = found.doc.target_type;
  d["Tags"] = services::TagListJson(tags);
  if (!v.requires_json.empty()) d["Requires"] = json::parse(v.requires_json);
  return d;
}

// The content of a create or update request, checked: its size, that it is well-formed in
// DocumentFormat, and that a document of `type` can have it.
void CheckContent(const std::string& content, const std::string& format, std::string_view type) {
  if (content.size() > kMaxContentBytes) {
    throw AwsError("MaxDocumentSizeExceeded", "The size limit of a document is 64 KB.");
  }
  const std::optional<json::value> tree = ParseDocumentContent(content, format);
  if (!tree) {
    throw AwsError(
        "InvalidDocumentContent",
        "The content for the document isn't valid: it is not well-formed " + format + ".");
  }
  ValidateDocumentContent(*tree, type);
}

std::string RequiresJson(const json::object& in) {
  const json::array* requires_list = OptArray(in, "Requires");
  return requires_list && !requires_list->empty() ? json::serialize(*requires_list) : "";
}

}  // namespace

DocumentProvider::DocumentProvider(Runtime& rt) : documents_(rt.db), tags_(rt.db) {
  Register("CreateDocument", &DocumentProvider::CreateDocument);
  Register("GetDocument", &DocumentProvider::GetDocument);
  Register("DescribeDocument", &DocumentProvider::DescribeDocument);
  Register("UpdateDocument", &DocumentProvider::UpdateDocument);
  Register("UpdateDocumentDefaultVersion", &DocumentProvider::UpdateDocumentDefaultVersion);
  Register("DeleteDocument", &DocumentProvider::DeleteDocument);
  Register("ListDocuments", &DocumentProvider::ListDocuments);
  Register("ListDocumentVersions", &DocumentProvider::ListDocumentVersions);
  Register("DescribeDocumentPermission", &DocumentProvider::DescribeDocumentPermission);
  Register("ModifyDocumentPermission", &DocumentProvider::ModifyDocumentPermission);
}

json::value DocumentProvider::CreateDocument(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "Name");
  // "You can't use the following strings as document name prefixes. These are reserved by AWS
  // for use as document name prefixes: aws, amazon, amzn" (CreateDocument, Name).
  const std::string lower = core::ToLower(name);
  for (std::string_view reserved : {"aws", "amazon", "amzn"}) {
    if (core::StartsWith(lower, reserved)) {
      throw AwsError("ValidationException",
                     "Invalid document name " + name +
                         ": the prefixes aws, amazon and amzn are reserved by AWS.");
    }
  }
  const std::string type = OptString(in, "DocumentType").value_or("Command");
  const std::string format = OptString(in, "DocumentFormat").value_or("JSON");
  const std::string content = RequiredString(in, "Content");
  CheckContent(content, format, type);
  store::Transaction tx = documents_.Begin();
  if (documents_.Find(tx, ctx.scope, name)) {
    throw AwsError("DocumentAlreadyExists", "The specified document already exists.");
  }
  Found found;
  found.doc = {.scope = ctx.scope,
               .name = name,
               .document_type = type,
               .target_type = OptString(in, "TargetType").value_or(""),
               .display_name = OptString(in, "DisplayName").value_or(""),
               .default_version = 1,
               .latest_version = 1,
               .created_millis = ctx.now_millis};
  found.owner = ctx.scope.account;
  found.own = true;
  const DocumentVersionRecord version{.version = 1,
                                      .version_name = OptString(in, "VersionName").value_or(""),
                                      .content = content,
                                      .format = format,
                                      .hash = Sha256Hex(content),
                                      .requires_json = RequiresJson(in),
                                      .created_millis = ctx.now_millis};
  documents_.Put(tx, found.doc);
  documents_.PutVersion(tx, ctx.scope, name, version);
  const std::map<std::string, std::string> tags = services::ReadTagMap(in);
  tags_.Put(tx, ctx.scope, kDocument, name, tags);
  tx.Commit();
  return json::object{{"DocumentDescription", Description(found, version, tags)}};
}

json::value DocumentProvider::GetDocument(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = documents_.Read();
  const Found found = Require(documents_, tx, ctx, RequiredString(in, "Name"));
  const DocumentVersionRecord& v = SelectVersion(found, in);
  std::string content = v.content;
  std::string format = v.format;
  const std::optional<std::string> wanted = OptString(in, "DocumentFormat");
  if (wanted && *wanted != v.format && v.format != "TEXT" && *wanted != "TEXT") {
    content = WriteDocumentContent(ParsedContent(v), *wanted);
    format = *wanted;
  }
  json::object out{{"Name", found.doc.name},
                   {"CreatedDate", EpochSeconds(v.created_millis)},
                   {"DocumentVersion", std::to_string(v.version)},
                   {"Status", "Active"},
                   {"Content", content},
                   {"DocumentType", found.doc.document_type},
                   {"DocumentFormat", format}};
  if (!found.doc.display_name.empty()) out["DisplayName"] = found.doc.display_name;
  if (!v.version_name.empty()) out["VersionName"] = v.version_name;
  if (!v.requires_json.empty()) out["Requires"] = json::parse(v.requires_json);
  return out;
}

json::value DocumentProvider::DescribeDocument(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = documents_.Read();
  const Found found = Require(documents_, tx, ctx, RequiredString(in, "Name"));
  const DocumentVersionRecord& v = SelectVersion(found, in);
  std::map<std::string, std::string> tags;
  if (found.own) tags = tags_.List(tx, ctx.scope, kDocument, found.doc.name);
  return json::object{{"Document", Description(found, v, tags)}};
}

json::value DocumentProvider::UpdateDocument(const RequestContext& ctx, const json::object& in) {
  const std::string content = RequiredString(in, "Content");
  const std::string format = OptString(in, "DocumentFormat").value_or("JSON");
  store::Transaction tx = documents_.Begin();
  Found found = RequireOwn(documents_, tx, ctx, RequiredString(in, "Name"));
  // "Systems Manager supports updating only the latest version of the document. You can specify
  // the version number of the latest version or use the $LATEST variable."
  if (const std::optional<std::string> base = OptString(in, "DocumentVersion")) {
    if (*base != "$LATEST" && *base != std::to_string(found.doc.latest_version)) NoSuchVersion();
  }
  CheckContent(content, format, found.doc.document_type);
  const std::string hash = Sha256Hex(content);
  const std::string version_name = OptString(in, "VersionName").value_or("");
  for (const DocumentVersionRecord& v : found.versions) {
    if (v.hash == hash) {
      throw AwsError("DuplicateDocumentContent",
                     "The content of the association document matches another document. Change "
                     "the content of the document and try again.");
    }
    if (!version_name.empty() && v.version_name == version_name) {
      throw AwsError("DuplicateDocumentVersionName",
                     "The version name has already been used in this document. Specify a "
                     "different version name, and then try again.");
    }
  }
  if (found.versions.size() >= kMaxVersions) {
    throw AwsError("DocumentVersionLimitExceeded",
                   "The document has too many versions. Delete one or more document versions "
                   "and try again.");
  }
  const DocumentVersionRecord version{.version = found.doc.latest_version + 1,
                                      .version_name = version_name,
                                      .content = content,
                                      .format = format,
                                      .hash = hash,
                                      .requires_json = found.versions.back().requires_json,
                                      .created_millis = ctx.now_millis};
  found.doc.latest_version = version.version;
  if (auto display = OptString(in, "DisplayName")) found.doc.display_name = *display;
  if (auto target = OptString(in, "TargetType")) found.doc.target_type = *target;
  documents_.Put(tx, found.doc);
  documents_.PutVersion(tx, ctx.scope, found.doc.name, version);
  const std::map<std::string, std::string> tags =
      tags_.List(tx, ctx.scope, kDocument, found.doc.name);
  tx.Commit();
  return json::object{{"DocumentDescription", Description(found, version, tags)}};
}

json::value DocumentProvider::UpdateDocumentDefaultVersion(const RequestContext& ctx,
                                                           const json::object& in) {
  store::Transaction tx = documents_.Begin();
  Found found = RequireOwn(documents_, tx, ctx, RequiredString(in, "Name"), false);
  const std::string number = RequiredString(in, "DocumentVersion");
  const DocumentVersionRecord* v = VersionNumbered(found, VersionNumber(number));
  if (!v) NoSuchVersion();
  found.doc.default_version = v->version;
  documents_.Put(tx, found.doc);
  tx.Commit();
  json::object description{{"Name", found.doc.name},
                           {"DefaultVersion", std::to_string(v->version)}};
  if (!v->version_name.empty()) description["DefaultVersionName"] = v->version_name;
  return json::object{{"Description", std::move(description)}};
}

json::value DocumentProvider::DeleteDocument(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = documents_.Begin();
  Found found = RequireOwn(documents_, tx, ctx, RequiredString(in, "Name"));
  if (!documents_.Shares(tx, ctx.scope, found.doc.name).empty()) {
    throw AwsError("InvalidDocumentOperation",
                   "You attempted to delete a document while it is still shared. You must stop "
                   "sharing the document before you can delete it.");
  }
  if (in.contains("DocumentVersion") || in.contains("VersionName")) {
    // DeleteDocument lists no InvalidDocumentVersion: a version that does not exist is
    // InvalidDocument.
    const DocumentVersionRecord* selected = FindSelected(found, in);
    if (!selected) NoSuchDocument();
    const DocumentVersionRecord& v = *selected;
    if (found.versions.size() > 1) {
      if (v.version == found.doc.default_version) {
        throw AwsError("InvalidDocumentOperation",
                       "Default version of the document can't be deleted.");
      }
      documents_.DeleteVersion(tx, ctx.scope, found.doc.name, v.version);
      if (v.version == found.doc.latest_version) {
        int64_t latest = 0;
        for (const DocumentVersionRecord& other : found.versions) {
          if (other.version != v.version) latest = std::max(latest, other.version);
        }
        found.doc.latest_version = latest;
        documents_.Put(tx, found.doc);
      }
      tx.Commit();
      return json::object{};
    }
  }
  documents_.Delete(tx, ctx.scope, found.doc.name);
  tags_.RemoveAll(tx, ctx.scope, kDocument, found.doc.name);
  tx.Commit();
  return json::object{};
}

json::value DocumentProvider::ListDocuments(const RequestContext& ctx, const json::object& in) {
  // (key, values) from Filters, or from the older DocumentFilterList (key/value).
  std::vector<std::pair<std::string, std::vector<std::string>>> filters;
  if (const json::array* list = OptArray(in, "Filters")) {
    for (const json::value& f : *list) {
      if (!f.is_object()) continue;
      filters.emplace_back(OptString(f.get_object(), "Key").value_or(""),
                           StringList(f.get_object(), "Values"));
    }
  }
  if (const json::array* list = OptArray(in, "DocumentFilterList")) {
    for (const json::value& f : *list) {
      if (!f.is_object()) continue;
      filters.emplace_back(OptString(f.get_object(), "key").value_or(""),
                           std::vector<std::string>{RequiredString(f.get_object(), "value")});
    }
  }
  std::string owner = "All";
  for (const auto& [key, values] : filters) {
    static const std::set<std::string> kKeys = {"Name",         "Owner",      "PlatformTypes",
                                                "DocumentType", "TargetType", "SearchKeyword"};
    if (!kKeys.count(key) && !(core::StartsWith(key, "tag:") && key.size() > 4)) {
      throw AwsError::WithoutMessage("InvalidFilterKey");
    }
    if (key == "Owner" && !values.empty()) owner = values.front();
  }
  const std::optional<services::KeysetPage> page =
      services::ReadKeysetPage(in, "ListDocuments", 50);
  if (!page) throw AwsError("InvalidNextToken", "The specified token isn't valid.");

  struct Item {
    Found found;
    DocumentVersionRecord version;  // the default version
    std::map<std::string, std::string> tags;
    std::string key;  // the sort and cursor key: name, then owner
  };
  std::vector<Item> items;
  const auto add = [&](Found found, std::map<std::string, std::string> tags) {
    const DocumentVersionRecord* v = VersionNumbered(found, found.doc.default_version);
    if (!v) return;
    Item item;
    item.version = *v;
    item.tags = std::move(tags);
    item.key = found.doc.name + "\n" + found.owner;
    item.found = std::move(found);
    items.push_back(std::move(item));
  };
  store::Transaction tx = documents_.Read();
  const bool all = owner == "All";
  if (all || owner == "Self") {
    for (DocumentRecord& doc : documents_.List(tx, ctx.scope)) {
      Found found;
      found.versions = documents_.Versions(tx, ctx.scope, doc.name);
      found.owner = ctx.scope.account;
      found.own = true;
      auto tags = tags_.List(tx, ctx.scope, kDocument, doc.name);
      found.doc = std::move(doc);
      add(std::move(found), std::move(tags));
    }
  }
  if (all || owner == "Amazon") {
    for (const AwsDocument& aws : AwsDocuments()) add(FromCatalog(aws, ctx.scope), {});
  }
  if (all || owner == "Private" || owner == "Public") {
    for (auto& [doc, shared_version] :
         documents_.SharedWith(tx, ctx.scope.account, ctx.scope.region)) {
      Found found;
      found.versions = documents_.Versions(tx, doc.scope, doc.name);
      found.owner = doc.scope.account;
      found.doc = std::move(doc);
      add(std::move(found), {});
    }
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.key < b.key; });

  json::array list;
  std::string last_key;
  bool more = false;
  for (const Item& item : items) {
    if (!page->after.empty() && item.key <= page->after) continue;
    const DocumentFacts facts = FactsOf(ParsedContent(item.version), item.found.doc.document_type);
    const auto matches = [&](const std::string& key, const std::vector<std::string>& values) {
      const auto any = [&](const auto& pred) {
        return std::any_of(values.begin(), values.end(), pred);
      };
      if (key == "Owner") return true;
      if (key == "Name") {
        return any([&](const std::string& v) { return core::StartsWith(item.found.doc.name, v); });
      }
      if (key == "SearchKeyword") {
        return any(
            [&](const std::string& v) { return item.found.doc.name.find(v) != std::string::npos; });
      }
      if (key == "DocumentType") {
        return any([&](const std::string& v) { return v == item.found.doc.document_type; });
      }
      if (key == "TargetType") {
        return any([&](const std::string& v) { return v == item.found.doc.target_type; });
      }
      if (key == "PlatformTypes") {
        return any([&](const std::string& v) {
          return std::count(facts.platform_types.begin(), facts.platform_types.end(), v) > 0;
        });
      }
      const auto tag = item.tags.find(key.substr(4));
      return tag != item.tags.end() &&
             (values.empty() || any([&](const std::string& v) { return v == tag->second; }));
    };
    bool keep = true;
    for (const auto& [key, values] : filters) keep = keep && matches(key, values);
    if (!keep) continue;
    if (static_cast<int64_t>(list.size()) == page->limit) {
      more = true;
      break;
    }
    json::object id{{"Name", item.found.doc.name},
                    {"CreatedDate", EpochSeconds(item.found.doc.created_millis)},
                    {"Owner", item.found.owner},
                    {"PlatformTypes", PlatformTypesJson(facts.platform_types)},
                    {"DocumentVersion", std::to_string(item.version.version)},
                    {"DocumentType", item.found.doc.document_type},
                    {"DocumentFormat", item.version.format},
                    {"Tags", services::TagListJson(item.tags)}};
    if (!item.found.doc.display_name.empty()) id["DisplayName"] = item.found.doc.display_name;
    if (!item.version.version_name.empty()) id["VersionName"] = item.version.version_name;
    if (!facts.schema_version.empty()) id["SchemaVersion"] = facts.schema_version;
    if (!item.found.doc.target_type.empty()) id["TargetType"] = item.found.doc.target_type;
    list.push_back(std::move(id));
    last_key = item.key;
  }
  json::object out{{"DocumentIdentifiers", std::move(list)}};
  if (more) out["NextToken"] = services::EncodePageToken("ListDocuments", last_key);
  return out;
}

json::value DocumentProvider::ListDocumentVersions(const RequestContext& ctx,
                                                   const json::object& in) {
  const std::optional<services::KeysetPage> page =
      services::ReadKeysetPage(in, "ListDocumentVersions", 50);
  if (!page) throw AwsError("InvalidNextToken", "The specified token isn't valid.");
  store::Transaction tx = documents_.Read();
  const Found found = Require(documents_, tx, ctx, RequiredString(in, "Name"));
  const int64_t after = VersionNumber(page->after);
  std::vector<const DocumentVersionRecord*> rows;
  for (const DocumentVersionRecord& v : found.versions) {
    if (v.version > after) rows.push_back(&v);
  }
  json::object out;
  services::FinishKeysetPage(
      rows, *page, out, [](const DocumentVersionRecord* v) { return std::to_string(v->version); });
  json::array list;
  for (const DocumentVersionRecord* v : rows) {
    json::object info{{"Name", found.doc.name},
                      {"DocumentVersion", std::to_string(v->version)},
                      {"CreatedDate", EpochSeconds(v->created_millis)},
                      {"IsDefaultVersion", v->version == found.doc.default_version},
                      {"DocumentFormat", v->format},
                      {"Status", "Active"}};
    if (!found.doc.display_name.empty()) info["DisplayName"] = found.doc.display_name;
    if (!v->version_name.empty()) info["VersionName"] = v->version_name;
    list.push_back(std::move(info));
  }
  out["DocumentVersions"] = std::move(list);
  return out;
}

json::value DocumentProvider::DescribeDocumentPermission(const RequestContext& ctx,
                                                         const json::object& in) {
  if (RequiredString(in, "PermissionType") != "Share") {
    throw AwsError::WithoutMessage("InvalidPermissionType");
  }
  store::Transaction tx = documents_.Read();
  const Found found = RequireOwn(documents_, tx, ctx, RequiredString(in, "Name"));
  json::array ids;
  json::array infos;
  for (const DocumentShare& share : documents_.Shares(tx, ctx.scope, found.doc.name)) {
    ids.emplace_back(share.account);
    json::object info{{"AccountId", share.account}};
    if (!share.version.empty()) info["SharedDocumentVersion"] = share.version;
    infos.push_back(std::move(info));
  }
  return json::object{{"AccountIds", std::move(ids)}, {"AccountSharingInfoList", std::move(infos)}};
}

json::value DocumentProvider::ModifyDocumentPermission(const RequestContext& ctx,
                                                       const json::object& in) {
  if (RequiredString(in, "PermissionType") != "Share") {
    throw AwsError::WithoutMessage("InvalidPermissionType");
  }
  std::vector<std::string> add = StringList(in, "AccountIdsToAdd");
  std::vector<std::string> remove = StringList(in, "AccountIdsToRemove");
  for (std::vector<std::string>* ids : {&add, &remove}) {
    for (std::string& id : *ids) {
      if (core::ToLower(id) == "all") id = "all";
    }
    const bool has_all = std::count(ids->begin(), ids->end(), "all") > 0;
    if ((has_all && ids->size() > 1) || ids->size() > kMaxAccountsPerCall) {
      throw AwsError("DocumentPermissionLimit",
                     "The document can't be shared with more AWS accounts. You can specify a "
                     "maximum of 20 accounts per API operation to share a private document.");
    }
  }
  const std::string version = OptString(in, "SharedDocumentVersion").value_or("");
  store::Transaction tx = documents_.Begin();
  const Found found = RequireOwn(documents_, tx, ctx, RequiredString(in, "Name"), false);
  for (const std::string& id : add) {
    documents_.PutShare(tx, ctx.scope, found.doc.name, {.account = id, .version = version});
  }
  for (const std::string& id : remove) {
    documents_.RemoveShare(tx, ctx.scope, found.doc.name, id);
  }
  tx.Commit();
  return json::object{};
}

}  // namespace nimbus::ssm
