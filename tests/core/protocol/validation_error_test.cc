// Which error each embedded service answers for input that breaks its model, and, for
// Organizations, which InvalidInputException reason and documented message.
#include <map>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/model/model.h"
#include "core/protocol/validate.h"

namespace nimbus::core::protocol {
namespace {

namespace json = boost::json;

const model::ModelRegistry& Models() {
  static const model::ModelRegistry* models = new model::ModelRegistry();
  return *models;
}

const std::vector<Violation> kOneViolation = {
    {ViolationKind::kMinLength,
     "Value 'a' at 'name' failed to satisfy constraint: Member must have length greater than or "
     "equal to 2"}};

// What the service-2.json files say (their error shapes) and what AWS answers:
//   cloudformation, iam, sts  (query): no validation error modelled; AWS answers ValidationError.
//   identitystore, ssm, sso-admin: ValidationException is modelled.
//   kms: no ValidationException modelled, but AWS KMS answers one.
//   organizations: no ValidationException; InvalidInputException with a Reason.
//   s3: nothing modelled; an argument S3 cannot accept is InvalidArgument.
TEST(ValidationErrorTest, EveryEmbeddedServiceAnswersItsDocumentedValidationError) {
  const std::map<std::string, std::string, std::less<>> expected = {
      {"cloudformation", "ValidationError"},
      {"iam", "ValidationError"},
      {"identitystore", "ValidationException"},
      {"kms", "ValidationException"},
      {"organizations", "InvalidInputException"},
      {"s3", "InvalidArgument"},
      {"ssm", "ValidationException"},
      {"sso-admin", "ValidationException"},
      {"sts", "ValidationError"},
  };
  for (const model::ServiceInfo& info : model::ModelRegistry::Services()) {
    const auto it = expected.find(info.name);
    ASSERT_NE(it, expected.end()) << info.name << " is not in this table yet";
    const model::ServiceModel& m = Models().Get(info.name);
    EXPECT_EQ(ValidationError(m, kOneViolation).code(), it->second) << info.name;
    EXPECT_EQ(ValidationError(m, std::string("refused")).code(), it->second) << info.name;
  }
}

TEST(ValidationErrorTest, ValidationExceptionCarriesTheWholeValidationMessage) {
  const AwsError error = ValidationError(Models().Get("kms"), kOneViolation);
  EXPECT_EQ(std::string(error.what()),
            "1 validation error detected: Value 'a' at 'name' failed to satisfy constraint: "
            "Member must have length greater than or equal to 2");
  EXPECT_TRUE(error.members().empty());
}

struct ReasonCase {
  std::string operation;
  std::string input;  // JSON
  std::string reason;
  std::string message;
};

// Names the case in failures instead of gtest's dump of its bytes.
void PrintTo(const ReasonCase& c, std::ostream* out) { *out << c.reason; }

class OrganizationsReasonTest : public ::testing::TestWithParam<ReasonCase> {};

TEST_P(OrganizationsReasonTest, ViolationIsInvalidInputExceptionWithItsReasonAndMessage) {
  const model::ServiceModel& orgs = Models().Get("organizations");
  const ReasonCase& c = GetParam();
  const std::vector<Violation> violations =
      Validate(orgs, *orgs.FindOperation(c.operation)->input, json::parse(c.input).as_object());
  ASSERT_FALSE(violations.empty()) << c.input;
  const AwsError error = ValidationError(orgs, violations);
  EXPECT_EQ(error.code(), "InvalidInputException");
  EXPECT_EQ(std::string(error.what()), c.message);
  EXPECT_EQ(error.members(), (json::object{{"Reason", c.reason}}));
}

INSTANTIATE_TEST_SUITE_P(
    EveryKind, OrganizationsReasonTest,
    ::testing::Values(
        ReasonCase{"ListChildren", R"({"ParentId":"r-abcd","ChildType":"BLEE"})", "INVALID_ENUM",
                   "You specified an invalid value."},
        ReasonCase{"ListChildren", R"({"ParentId":"root","ChildType":"ACCOUNT"})",
                   "INVALID_PATTERN",
                   "You provided a value that doesn't match the required pattern."},
        ReasonCase{"ListChildren", R"({"ParentId":"r-abcd"})", "INPUT_REQUIRED",
                   "You must include a value for all required parameters."},
        ReasonCase{"CreateOrganizationalUnit", R"({"ParentId":"r-abcd","Name":""})",
                   "MIN_LENGTH_EXCEEDED",
                   "You provided a string parameter that is shorter than allowed."},
        ReasonCase{"CreateOrganizationalUnit",
                   R"({"ParentId":"r-abcd","Name":")" + std::string(129, 'n') + R"("})",
                   "MAX_LENGTH_EXCEEDED",
                   "You provided a string parameter that is longer than allowed."},
        ReasonCase{"ListAccounts", R"({"MaxResults":0})", "MIN_VALUE_EXCEEDED",
                   "You provided a numeric parameter that has a smaller value than allowed."},
        ReasonCase{"ListAccounts", R"({"MaxResults":21})", "MAX_VALUE_EXCEEDED",
                   "You provided a numeric parameter that has a larger value than allowed."},
        ReasonCase{"UntagResource", R"({"ResourceId":"r-abcd","TagKeys":["ok",""]})",
                   "INVALID_LIST_MEMBER",
                   "You provided a list to a parameter that contains at least one invalid "
                   "value."}));

// ParentId comes before ChildType in the model, so its pattern is the violation AWS names.
TEST(ValidationErrorTest, OrganizationsNamesTheReasonOfTheFirstViolation) {
  const model::ServiceModel& orgs = Models().Get("organizations");
  const std::vector<Violation> violations =
      Validate(orgs, *orgs.FindOperation("ListChildren")->input,
               {{"ParentId", "root"}, {"ChildType", "BLEE"}});
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(ValidationError(orgs, violations).members(),
            (json::object{{"Reason", "INVALID_PATTERN"}}));
}

TEST(ValidationErrorTest, OrganizationsProviderRefusalKeepsItsMessageWithoutAReason) {
  const AwsError error = ValidationError(Models().Get("organizations"), std::string("refused"));
  EXPECT_EQ(error.code(), "InvalidInputException");
  EXPECT_EQ(std::string(error.what()), "refused");
  EXPECT_TRUE(error.members().empty());
}

}  // namespace
}  // namespace nimbus::core::protocol
