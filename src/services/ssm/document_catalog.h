#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

// The documents AWS owns (Owner "Amazon"), visible in every account and region and read-only:
// a small table of the ones users reach for first, with content of the documented shape.
namespace nimbus::ssm {

struct AwsDocument {
  std::string_view name;
  std::string_view document_type;
  std::string_view target_type;
  std::string_view content;  // JSON
};

// By name.
const std::vector<AwsDocument>& AwsDocuments();
// The AWS-owned document `name`, or nullptr.
const AwsDocument* FindAwsDocument(std::string_view name);

// When the AWS-owned documents were created (one date for all: AWS's own dates are not
// recorded here), in epoch milliseconds.
inline constexpr int64_t kAwsDocumentsCreatedMillis = 1'500'000'000'000;

}  // namespace nimbus::ssm
