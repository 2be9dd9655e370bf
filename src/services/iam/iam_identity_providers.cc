// IAM identity providers: OpenID Connect and SAML providers, which STS AssumeRoleWithWebIdentity
// and AssumeRoleWithSAML trust. Kept as entities of kinds "oidc-provider" and "saml-provider",
// named by the URL without its scheme (OIDC) or the given name (SAML), their settings in extra.
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json/serialize.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/iam/iam_internal.h"
#include "services/iam/iam_provider.h"

namespace nimbus::iam {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::RequiredString;
using core::protocol::StringList;

namespace {

constexpr std::string_view kOidcProvider = "oidc-provider";
constexpr std::string_view kSamlProvider = "saml-provider";
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
constexpr size_t kMaxClientIds = 100;
constexpr size_t kMaxThumbprints = 5;

json::array Strings(const std::vector<std::string>& list) {
  json::array out;
  for (const std::string& item : list) out.emplace_back(item);
  return out;
}

std::vector<std::string> StringsOf(const json::object& extra, std::string_view member) {
  std::vector<std::string> out;
  if (const json::value* list = extra.if_contains(member); list && list->is_array()) {
    for (const json::value& item : list->as_array()) out.emplace_back(item.as_string());
  }
  return out;
}

// At most five thumbprints: LimitExceeded when creating, InvalidInput (the only client error
// the model lists for it) when updating.
void CheckThumbprints(const std::vector<std::string>& thumbprints, std::string_view code) {
  if (thumbprints.size() > kMaxThumbprints) {
    throw AwsError(std::string(code),
                   "Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: 5");
  }
}

// The provider's name in its ARN: the URL without "https://" (oidc-provider/<host>/<path>).
std::string OidcName(std::string_view url) {
  if (!core::StartsWith(core::ToLower(url), "https://")) {
    throw AwsError("InvalidInput", "Invalid Open ID Connect Provider URL");
  }
  std::string name(url.substr(8));
  while (!name.empty() && name.back() == '/') name.pop_back();
  if (name.empty()) throw AwsError("InvalidInput", "Invalid Open ID Connect Provider URL");
  return name;
}

// The provider of `kind` that `arn` names in the caller's account; NoSuchEntity otherwise.
EntityRecord MustFindProvider(IamStore& store, store::Transaction& tx, const RequestContext& ctx,
                              std::string_view kind, std::string_view arn) {
  const std::optional<core::ParsedArn> parsed = core::ParseArn(arn);
  const std::string prefix = std::string(kind) + "/";
  std::optional<EntityRecord> found;
  if (parsed && parsed->service == "iam" && parsed->account == ctx.scope.account &&
      core::StartsWith(parsed->resource, prefix)) {
    found = store.FindEntity(tx, ctx.scope.account, kind, parsed->resource.substr(prefix.size()));
  }
  if (!found) {
    throw AwsError("NoSuchEntity",
                   kind == kOidcProvider
                       ? "OpenIDConnect Provider not found for arn " + std::string(arn)
                       : "SAMLProvider not found for arn " + std::string(arn));
  }
  return std::move(*found);
}

// Changes the ClientIDList or ThumbprintList of the OpenID Connect provider that `in` names, in
// one transaction: `change` edits the provider's extra members and returns false to leave the
// provider as it was.
template <typename Change>
void ChangeOidcProvider(IamStore& store, const RequestContext& ctx, const json::object& in,
                        Change change) {
  store::Transaction tx = store.Begin();
  EntityRecord provider = MustFindProvider(store, tx, ctx, kOidcProvider,
                                           RequiredString(in, "OpenIDConnectProviderArn"));
  json::object extra = internal::Extra(provider);
  if (!change(extra)) return;
  provider.extra_json = json::serialize(extra);
  store.UpdateEntity(tx, ctx.scope.account, provider.name, provider);
  tx.Commit();
}

bool HasElement(const boost::property_tree::ptree& tree, std::string_view local_name) {
  for (const auto& [name, child] : tree) {
    const std::string_view tag(name);
    const std::string_view local =
        tag.substr(tag.find(':') == std::string_view::npos ? 0 : tag.find(':') + 1);
    if (local == local_name || HasElement(child, local_name)) return true;
  }
  return false;
}

// SAML metadata must be XML naming an EntityDescriptor; nothing else of it is checked.
void CheckSamlMetadata(const std::string& document) {
  boost::property_tree::ptree tree;
  std::istringstream stream(document);
  try {
    boost::property_tree::read_xml(stream, tree);
  } catch (const boost::property_tree::xml_parser_error&) {
    throw AwsError("InvalidInput", "Could not parse metadata");
  }
  if (!HasElement(tree, "EntityDescriptor")) {
    throw AwsError("InvalidInput", "Could not parse metadata");
  }
}

}  // namespace

void IamProvider::RegisterIdentityProviders() {
  Register("CreateOpenIDConnectProvider", &IamProvider::CreateOpenIDConnectProvider);
  Register("GetOpenIDConnectProvider", &IamProvider::GetOpenIDConnectProvider);
  Register("ListOpenIDConnectProviders", &IamProvider::ListOpenIDConnectProviders);
  Register("DeleteOpenIDConnectProvider", &IamProvider::DeleteOpenIDConnectProvider);
  Register("AddClientIDToOpenIDConnectProvider", &IamProvider::AddClientIDToOpenIDConnectProvider);
  Register("RemoveClientIDFromOpenIDConnectProvider",
           &IamProvider::RemoveClientIDFromOpenIDConnectProvider);
  Register("UpdateOpenIDConnectProviderThumbprint",
           &IamProvider::UpdateOpenIDConnectProviderThumbprint);
  Register("CreateSAMLProvider", &IamProvider::CreateSAMLProvider);
  Register("GetSAMLProvider", &IamProvider::GetSAMLProvider);
  Register("ListSAMLProviders", &IamProvider::ListSAMLProviders);
  Register("UpdateSAMLProvider", &IamProvider::UpdateSAMLProvider);
  Register("DeleteSAMLProvider", &IamProvider::DeleteSAMLProvider);
}

json::value IamProvider::CreateOpenIDConnectProvider(const RequestContext& ctx,
                                                     const json::object& in) {
  const std::string url = RequiredString(in, "Url");
  const std::string name = OidcName(url);
  std::vector<std::string> client_ids = StringList(in, "ClientIDList");
  const std::vector<std::string> thumbprints = StringList(in, "ThumbprintList");
  if (client_ids.size() > kMaxClientIds) {
    throw AwsError("LimitExceeded",
                   "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100");
  }
  CheckThumbprints(thumbprints, "LimitExceeded");
  const auto tags = internal::ReadTags(in);
  store::Transaction tx = store_.Begin();
  if (store_.FindEntity(tx, ctx.scope.account, kOidcProvider, name)) {
    throw AwsError("EntityAlreadyExists", "Provider with url " + url + " already exists.");
  }
  std::sort(client_ids.begin(), client_ids.end());
  client_ids.erase(std::unique(client_ids.begin(), client_ids.end()), client_ids.end());
  const json::object extra{{"Url", name},
                           {"ClientIDList", Strings(client_ids)},
                           {"ThumbprintList", Strings(thumbprints)}};
  store_.InsertEntity(tx, ctx.scope.account,
                      {.kind = std::string(kOidcProvider),
                       .name = name,
                       .path = "/",
                       .id = "",
                       .created_millis = ctx.now_millis,
                       .extra_json = json::serialize(extra)});
  for (const auto& [key, value] : tags) {
    store_.PutTag(tx, ctx.scope.account, kOidcProvider, name, key, value);
  }
  tx.Commit();
  json::object out{{"OpenIDConnectProviderArn", internal::IamArn(ctx, "oidc-provider/", "", name)}};
  if (!tags.empty()) out["Tags"] = internal::TagsJson(tags);
  return out;
}

json::value IamProvider::GetOpenIDConnectProvider(const RequestContext& ctx,
                                                  const json::object& in) {
  store::Transaction tx = store_.Read();
  const EntityRecord provider = MustFindProvider(store_, tx, ctx, kOidcProvider,
                                                 RequiredString(in, "OpenIDConnectProviderArn"));
  const json::object extra = internal::Extra(provider);
  json::object out{{"Url", extra.at("Url")},
                   {"ClientIDList", extra.at("ClientIDList")},
                   {"ThumbprintList", extra.at("ThumbprintList")},
                   {"CreateDate", EpochSeconds(provider.created_millis)}};
  const auto tags = store_.ListTags(tx, ctx.scope.account, kOidcProvider, provider.name);
  out["Tags"] = internal::TagsJson(tags);
  return out;
}

json::value IamProvider::ListOpenIDConnectProviders(const RequestContext& ctx,
                                                    const json::object&) {
  store::Transaction tx = store_.Read();
  json::array list;
  for (const EntityRecord& provider :
       store_.ListEntities(tx, ctx.scope.account, kOidcProvider, "/", "", INT64_MAX)) {
    list.push_back(
        json::object{{"Arn", internal::IamArn(ctx, "oidc-provider/", "", provider.name)}});
  }
  return json::object{{"OpenIDConnectProviderList", std::move(list)}};
}

json::value IamProvider::DeleteOpenIDConnectProvider(const RequestContext& ctx,
                                                     const json::object& in) {
  store::Transaction tx = store_.Begin();
  const EntityRecord provider = MustFindProvider(store_, tx, ctx, kOidcProvider,
                                                 RequiredString(in, "OpenIDConnectProviderArn"));
  store_.DeleteEntity(tx, ctx.scope.account, kOidcProvider, provider.name);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::AddClientIDToOpenIDConnectProvider(const RequestContext& ctx,
                                                            const json::object& in) {
  ChangeOidcProvider(store_, ctx, in, [&](json::object& extra) {
    std::vector<std::string> client_ids = StringsOf(extra, "ClientIDList");
    const std::string client_id = RequiredString(in, "ClientID");
    if (std::find(client_ids.begin(), client_ids.end(), client_id) != client_ids.end()) {
      return false;  // already there: AWS answers success
    }
    if (client_ids.size() >= kMaxClientIds) {
      throw AwsError("LimitExceeded",
                     "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100");
    }
    client_ids.push_back(client_id);
    std::sort(client_ids.begin(), client_ids.end());
    extra["ClientIDList"] = Strings(client_ids);
    return true;
  });
  return json::object{};
}

json::value IamProvider::RemoveClientIDFromOpenIDConnectProvider(const RequestContext& ctx,
                                                                 const json::object& in) {
  ChangeOidcProvider(store_, ctx, in, [&](json::object& extra) {
    std::vector<std::string> client_ids = StringsOf(extra, "ClientIDList");
    // Removing an id the provider does not have succeeds, as the API reference says.
    std::erase(client_ids, RequiredString(in, "ClientID"));
    extra["ClientIDList"] = Strings(client_ids);
    return true;
  });
  return json::object{};
}

json::value IamProvider::UpdateOpenIDConnectProviderThumbprint(const RequestContext& ctx,
                                                               const json::object& in) {
  const std::vector<std::string> thumbprints = StringList(in, "ThumbprintList");
  CheckThumbprints(thumbprints, "InvalidInput");
  ChangeOidcProvider(store_, ctx, in, [&](json::object& extra) {
    extra["ThumbprintList"] = Strings(thumbprints);
    return true;
  });
  return json::object{};
}

json::value IamProvider::CreateSAMLProvider(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "Name");
  const std::string metadata = RequiredString(in, "SAMLMetadataDocument");
  CheckSamlMetadata(metadata);
  const auto tags = internal::ReadTags(in);
  store::Transaction tx = store_.Begin();
  if (store_.FindEntity(tx, ctx.scope.account, kSamlProvider, name)) {
    throw AwsError("EntityAlreadyExists", "SAMLProvider " + name + " already exists");
  }
  store_.InsertEntity(
      tx, ctx.scope.account,
      {.kind = std::string(kSamlProvider),
       .name = name,
       .path = "/",
       .id = ids_.Uuid(),
       .created_millis = ctx.now_millis,
       .extra_json = json::serialize(json::object{{"SAMLMetadataDocument", metadata}})});
  for (const auto& [key, value] : tags) {
    store_.PutTag(tx, ctx.scope.account, kSamlProvider, name, key, value);
  }
  tx.Commit();
  json::object out{{"SAMLProviderArn", internal::IamArn(ctx, "saml-provider/", "", name)}};
  if (!tags.empty()) out["Tags"] = internal::TagsJson(tags);
  return out;
}

json::value IamProvider::GetSAMLProvider(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const EntityRecord provider =
      MustFindProvider(store_, tx, ctx, kSamlProvider, RequiredString(in, "SAMLProviderArn"));
  json::object out{{"SAMLProviderUUID", provider.id},
                   {"SAMLMetadataDocument", internal::Extra(provider).at("SAMLMetadataDocument")},
                   {"CreateDate", EpochSeconds(provider.created_millis)}};
  out["Tags"] =
      internal::TagsJson(store_.ListTags(tx, ctx.scope.account, kSamlProvider, provider.name));
  return out;
}

json::value IamProvider::ListSAMLProviders(const RequestContext& ctx, const json::object&) {
  store::Transaction tx = store_.Read();
  json::array list;
  for (const EntityRecord& provider :
       store_.ListEntities(tx, ctx.scope.account, kSamlProvider, "/", "", INT64_MAX)) {
    list.push_back(json::object{{"Arn", internal::IamArn(ctx, "saml-provider/", "", provider.name)},
                                {"CreateDate", EpochSeconds(provider.created_millis)}});
  }
  return json::object{{"SAMLProviderList", std::move(list)}};
}

json::value IamProvider::UpdateSAMLProvider(const RequestContext& ctx, const json::object& in) {
  const std::string arn = RequiredString(in, "SAMLProviderArn");
  store::Transaction tx = store_.Begin();
  EntityRecord provider = MustFindProvider(store_, tx, ctx, kSamlProvider, arn);
  if (const auto metadata = core::protocol::OptString(in, "SAMLMetadataDocument")) {
    CheckSamlMetadata(*metadata);
    provider.extra_json = json::serialize(json::object{{"SAMLMetadataDocument", *metadata}});
    store_.UpdateEntity(tx, ctx.scope.account, provider.name, provider);
  }
  tx.Commit();
  return json::object{
      {"SAMLProviderArn", internal::IamArn(ctx, "saml-provider/", "", provider.name)}};
}

json::value IamProvider::DeleteSAMLProvider(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  const EntityRecord provider =
      MustFindProvider(store_, tx, ctx, kSamlProvider, RequiredString(in, "SAMLProviderArn"));
  store_.DeleteEntity(tx, ctx.scope.account, kSamlProvider, provider.name);
  tx.Commit();
  return json::object{};
}

}  // namespace nimbus::iam
