// Every error code a provider's source throws is one its service's model has, or a common error
// (core::CommonErrorStatus). The e2e tests and test::Runtime check the same per operation at run
// time (--self-check); this catches a code on a path no test reaches.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "core/aws_error.h"
#include "core/model/model.h"

namespace nimbus {
namespace {

namespace fs = std::filesystem;

fs::path ServicesDir() { return fs::path(NIMBUS_TEST_DATA_DIR) / ".." / ".." / "src" / "services"; }

// The codes thrown as literals: AwsError("Code", ...) and AwsError::WithoutMessage("Code").
std::set<std::string> ThrownCodes(const fs::path& folder) {
  static const std::regex kThrow(R"re(AwsError(?:::WithoutMessage)?\(\s*"(\w+)")re");
  std::set<std::string> codes;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".cc" && ext != ".h") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (std::sregex_iterator it(source.begin(), source.end(), kThrow), end; it != end; ++it) {
      codes.insert((*it)[1].str());
    }
  }
  return codes;
}

TEST(ErrorCodesTest, EveryCodeAProviderThrowsIsInItsModelOrCommon) {
  core::model::ModelRegistry models;
  size_t services = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(ServicesDir())) {
    if (!entry.is_directory()) continue;
    std::string name = entry.path().filename().string();
    std::replace(name.begin(), name.end(), '_', '-');
    if (!core::model::ModelRegistry::FindByName(name)) continue;  // common/: no service
    ++services;
    const core::model::ServiceModel& model = models.Get(name);
    for (const std::string& code : ThrownCodes(entry.path())) {
      EXPECT_TRUE(model.FindError(code) || core::CommonErrorStatus(code))
          << name << " throws " << code << ", which neither its model nor the common errors have";
    }
  }
  EXPECT_GE(services, 6u);  // sts, kms, ssm, sso-admin, organizations, identitystore
}

}  // namespace
}  // namespace nimbus
