// Parameter ARNs in partitions other than aws: what PutParameter/GetParameter write and accept.
#include <string>

#include <gtest/gtest.h>

#include "services/ssm/parameter_provider.h"
#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::Context;
using testing::ErrorOf;
using testing::Json;

class ParameterPartitionTest : public ::testing::Test {
 protected:
  testing::TestRuntime t_;
  testing::FakeKeyService keys_;
  ParameterProvider ssm_{t_.rt, keys_,
                         [](const core::Scope&, const std::string&) { return false; }};
  core::RequestContext ctx_ = Context(t_.clock, "111122223333", "cn-north-1");

  void SetUp() override {
    ssm_.PutParameter(ctx_, Json(R"({"Name":"/app/db","Value":"v1","Type":"String"})"));
  }
  json::object Get(std::string_view name) {
    return ssm_.GetParameter(ctx_, {{"Name", name}}).as_object().at("Parameter").as_object();
  }
};

TEST_F(ParameterPartitionTest, ParameterArnInChinaIsInTheAwsCnPartition) {
  EXPECT_EQ(Get("/app/db").at("ARN").as_string(),
            "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/app/db");
}

TEST_F(ParameterPartitionTest, GetParameterAcceptsTheAwsCnArn) {
  EXPECT_EQ(Get("arn:aws-cn:ssm:cn-north-1:111122223333:parameter/app/db").at("Value").as_string(),
            "v1");
}

TEST_F(ParameterPartitionTest, GetParameterAcceptsTheAwsCnArnWithAVersion) {
  EXPECT_EQ(
      Get("arn:aws-cn:ssm:cn-north-1:111122223333:parameter/app/db:1").at("Version").as_int64(), 1);
}

TEST_F(ParameterPartitionTest, ArnOfAnotherPartitionIsNotFound) {
  EXPECT_EQ(ErrorOf([&] { Get("arn:aws:ssm:cn-north-1:111122223333:parameter/app/db"); }),
            "ParameterNotFound");
}

}  // namespace
}  // namespace nimbus::ssm
