// ListExports and ListImports: the Outputs that stacks export, and the stacks that import them
// with Fn::ImportValue.
#include <boost/json/array.hpp>

#include "cloudformation/stack_provider.h"
#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "services/common/page_token.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::RequiredString;

namespace {

// Exports or importing stacks per page.
constexpr int64_t kPageSize = 100;

// Where the listing `kind` resumes: after the name a NextToken holds, "" for the first page.
std::string ReadAfter(const json::object& in, std::string_view kind) {
  const std::optional<std::string> after = services::ReadPageToken(in, "NextToken", kind);
  if (!after) {  // AWS's wording, quoted from DescribeStackResourceDrifts by users
    throw AwsError("ValidationError",
                   RequiredString(in, "NextToken") + " is not a valid NextToken", 400);
  }
  return *after;
}

}  // namespace

json::value StackProvider::ListExports(const RequestContext& ctx, const json::object& in) {
  const std::string after = ReadAfter(in, "ListExports");
  store::Transaction tx = stacks_.Read();
  std::vector<ExportRecord> exports = stacks_.ListExports(tx, ctx.scope, after, kPageSize + 1);
  json::object out;
  if (services::TrimPage(exports, kPageSize)) {
    out["NextToken"] = services::EncodePageToken("ListExports", exports.back().name);
  }
  json::array shapes;
  for (const ExportRecord& exported : exports) {
    shapes.push_back(json::object{{"ExportingStackId", exported.stack_id},
                                  {"Name", exported.name},
                                  {"Value", exported.value}});
  }
  out["Exports"] = std::move(shapes);
  return out;
}

json::value StackProvider::ListImports(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "ExportName");
  // A token resumes the listing of one export only.
  const std::string kind = "ListImports:" + name;
  const std::string after = ReadAfter(in, kind);
  store::Transaction tx = stacks_.Read();
  std::vector<std::string> stacks = stacks_.Importers(tx, ctx.scope, name, after, kPageSize + 1);
  if (stacks.empty() && after.empty()) {
    // Also for a name nothing exports (unverified: AWS words both cases alike, as far as known).
    throw AwsError("ValidationError", "Export '" + name + "' is not imported by any stack.", 400);
  }
  json::object out;
  if (services::TrimPage(stacks, kPageSize)) {
    out["NextToken"] = services::EncodePageToken(kind, stacks.back());
  }
  json::array imports;
  for (std::string& stack : stacks) imports.emplace_back(std::move(stack));
  out["Imports"] = std::move(imports);
  return out;
}

}  // namespace nimbus::cloudformation
