// Validation errors through the dispatcher with every service registered, as a client sees them:
// sensitive values are never echoed (KMS Plaintext, SSM SecureString values), and Organizations
// answers InvalidInputException with a Reason.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/dispatch.h"
#include "core/ids.h"
#include "core/model/model.h"
#include "core/text.h"
#include "services/registry.h"
#include "services/runtime.h"
#include "store/database.h"
#include "store/scheduler.h"

namespace nimbus {
namespace {

namespace json = boost::json;

constexpr std::string_view kMarker = "NIMBUSSECRET";

std::string Repeat(std::string_view unit, size_t size) {
  std::string out;
  while (out.size() < size) out += unit;
  return out.substr(0, size);
}

class ValidationErrorsTest : public ::testing::Test {
 protected:
  ValidationErrorsTest() { RegisterServices(rt_, dispatcher_); }

  // An unsigned JSON 1.1 call (the dispatcher's default account answers it).
  core::HttpResponse Call(const std::string& target, const json::object& body) {
    return dispatcher_
        .Handle({.method = "POST",
                 .target = "/",
                 .headers = {{"Host", "localhost:4566"},
                             {"Content-Type", "application/x-amz-json-1.1"},
                             {"X-Amz-Target", target}},
                 .body = json::serialize(body)})
        .response;
  }

  static const core::model::ModelRegistry& Models() {
    static const core::model::ModelRegistry* models = new core::model::ModelRegistry();
    return *models;
  }

  store::Database db_;
  core::FakeClock clock_;
  core::IdGenerator ids_{7};
  store::Scheduler scheduler_{db_, clock_};
  Runtime rt_{db_, clock_, ids_, scheduler_, {}};
  core::Dispatcher dispatcher_{{}, Models(), clock_, ids_};
};

TEST_F(ValidationErrorsTest, KmsEncryptOfTooLongPlaintextDoesNotEchoIt) {
  const core::HttpResponse r =
      Call("TrentService.Encrypt",
           {{"KeyId", "alias/any"}, {"Plaintext", core::Base64Encode(Repeat(kMarker, 4097))}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body),
            (json::object{{"__type", "ValidationException"},
                          {"message",
                           "1 validation error detected: Value at 'plaintext' failed "
                           "to satisfy constraint: Member must have length less than "
                           "or equal to 4096"}}));
}

TEST_F(ValidationErrorsTest, KmsEncryptTakesPlaintextOfExactly4096Bytes) {
  const json::value key = json::parse(Call("TrentService.CreateKey", {}).body);
  const std::string key_id(key.at("KeyMetadata").at("KeyId").as_string());
  const core::HttpResponse r =
      Call("TrentService.Encrypt",
           {{"KeyId", key_id}, {"Plaintext", core::Base64Encode(Repeat(kMarker, 4096))}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(ValidationErrorsTest, SsmSecureStringOverTheAdvancedLimitIsNotEchoed) {
  const core::HttpResponse r = Call("AmazonSSM.PutParameter", {{"Name", "/app/secret"},
                                                               {"Value", Repeat(kMarker, 8193)},
                                                               {"Type", "SecureString"},
                                                               {"Tier", "Advanced"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body),
            (json::object{{"__type", "ValidationException"},
                          {"Message",
                           "1 validation error detected: Value at 'value' failed to "
                           "satisfy constraint: Member must have length less than or "
                           "equal to 8192"}}));
}

TEST_F(ValidationErrorsTest, SsmSecureStringOverTheStandardLimitIsNotEchoed) {
  const core::HttpResponse r =
      Call("AmazonSSM.PutParameter",
           {{"Name", "/app/secret"}, {"Value", Repeat(kMarker, 4097)}, {"Type", "SecureString"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("x-amzn-ErrorType"), "ValidationException");
  EXPECT_EQ(r.body.find(kMarker), std::string::npos) << r.body;
}

TEST_F(ValidationErrorsTest, OrganizationsInvalidEnumIsInvalidInputExceptionWithReason) {
  const core::HttpResponse r = Call("AWSOrganizationsV20161128.ListChildren",
                                    {{"ParentId", "r-abcd"}, {"ChildType", "BLEE"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("x-amzn-ErrorType"), "InvalidInputException");
  EXPECT_EQ(json::parse(r.body), (json::object{{"__type", "InvalidInputException"},
                                               {"Message", "You specified an invalid value."},
                                               {"Reason", "INVALID_ENUM"}}));
}

}  // namespace
}  // namespace nimbus
