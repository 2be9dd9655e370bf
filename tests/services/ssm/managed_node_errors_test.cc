// Every kind of error the managed-node operations answer, whole: code, message and the other
// members of the error shape, through the dispatcher with self-check on.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::Failure;
using testing::FailureOf;

class ManagedNodeErrorTest : public testing::ParameterTest {
 protected:
  json::object Activate(int64_t limit = 1) {
    return Call("CreateActivation", {{"IamRole", "SSMServiceRole"}, {"RegistrationLimit", limit}})
        .as_object();
  }
  json::value Register(const json::object& activation) {
    return Call("RegisterManagedInstance", {{"ActivationId", activation.at("ActivationId")},
                                            {"ActivationCode", activation.at("ActivationCode")},
                                            {"Fingerprint", "fp"}});
  }
  Failure Describe(const json::object& in) {
    return FailureOf([&] { Call("DescribeInstanceInformation", in); });
  }
};

TEST_F(ManagedNodeErrorTest, AnUnknownActivationIsInvalidActivation) {
  EXPECT_EQ(FailureOf([&] {
              Call("DeleteActivation", {{"ActivationId", "6a4fc4e2-1e0e-4c8f-8e57-0c3c0b1f2a99"}});
            }),
            (Failure{"InvalidActivation",
                     "Activation ID 6a4fc4e2-1e0e-4c8f-8e57-0c3c0b1f2a99 doesn't exist."}));
}

TEST_F(ManagedNodeErrorTest, RegisteringAfterTheExpirationDateIsActivationExpired) {
  const json::object activation = Activate();
  rt_.clock.Advance(25LL * 3600 * 1000);
  EXPECT_EQ(FailureOf([&] { Register(activation); }),
            (Failure{"ActivationExpired",
                     "Activation " + std::string(activation.at("ActivationId").as_string()) +
                         " has expired."}));
}

TEST_F(ManagedNodeErrorTest, RegisteringPastTheLimitIsRegistrationLimitExceeded) {
  const json::object activation = Activate(1);
  Register(activation);
  EXPECT_EQ(FailureOf([&] { Register(activation); }),
            (Failure{"RegistrationLimitExceeded",
                     "Activation " + std::string(activation.at("ActivationId").as_string()) +
                         " has reached its registration limit of 1."}));
}

TEST_F(ManagedNodeErrorTest, DeregisteringAnUnknownNodeIsInvalidInstanceId) {
  EXPECT_EQ(FailureOf([&] {
              Call("DeregisterManagedInstance", {{"InstanceId", "mi-0123456789abcdef0"}});
            }),
            (Failure{"InvalidInstanceId", "Instance Id mi-0123456789abcdef0 is not valid."}));
}

TEST_F(ManagedNodeErrorTest, ARoleTokenForAnotherFingerprintIsMachineFingerprintDoesNotMatch) {
  const std::string id(Register(Activate()).at("InstanceId").as_string());
  ctx_.caller.access_key_id = id;
  EXPECT_EQ(FailureOf([&] {
              Call("RequestManagedInstanceRoleToken", {{"Fingerprint", "other"}});
            }),
            (Failure{"MachineFingerprintDoesNotMatch",
                     "The machine fingerprint does not match the one registered for " + id + "."}));
}

TEST_F(ManagedNodeErrorTest, AnExpirationDateInThePastIsInvalidParameters) {
  EXPECT_EQ(FailureOf([&] {
              Call("CreateActivation",
                   {{"IamRole", "SSMServiceRole"}, {"ExpirationDate", rt_.clock.NowSeconds() - 1}});
            }),
            (Failure{"InvalidParameters", "Expiration date must be in the future."}));
}

TEST_F(ManagedNodeErrorTest, AnActivationFilterWithoutValuesIsInvalidFilter) {
  EXPECT_EQ(FailureOf([&] {
              Call("DescribeActivations",
                   {{"Filters", json::array{json::object{{"FilterKey", "IamRole"},
                                                         {"FilterValues", json::array{}}}}}});
            }),
            (Failure{"InvalidFilter", "The filter IamRole needs at least one value."}));
}

TEST_F(ManagedNodeErrorTest, AForeignNextTokenIsInvalidNextToken) {
  EXPECT_EQ(Describe({{"NextToken", "bogus"}}),
            (Failure{"InvalidNextToken", "The specified token isn't valid."}));
}

TEST_F(ManagedNodeErrorTest, AnUnknownFilterKeyIsInvalidFilterKey) {
  EXPECT_EQ(Describe({{"Filters", json::array{json::object{{"Key", "Colour"},
                                                           {"Values", json::array{"red"}}}}}}),
            (Failure{"InvalidFilterKey", "The filter key Colour is not valid."}));
}

TEST_F(ManagedNodeErrorTest, TwoResourceTypesAreInvalidInstanceInformationFilterValue) {
  EXPECT_EQ(
      Describe({{"Filters", json::array{json::object{
                                {"Key", "ResourceType"},
                                {"Values", json::array{"EC2Instance", "ManagedInstance"}}}}}}),
      (Failure{"InvalidInstanceInformationFilterValue",
               "ResourceType filter may contain only one value."}));
}

TEST_F(ManagedNodeErrorTest, BothFilterListsAreAValidationException) {
  const json::array filters{json::object{{"Key", "PingStatus"}, {"Values", json::array{"Online"}}}};
  const json::array legacy{
      json::object{{"key", "PingStatus"}, {"valueSet", json::array{"Online"}}}};
  EXPECT_EQ(Describe({{"Filters", filters}, {"InstanceInformationFilterList", legacy}}),
            (Failure{"ValidationException",
                     "InstanceInformationFilterList and Filters cannot be used together."}));
}

}  // namespace
}  // namespace nimbus::ssm
