// Parameter ARNs in partitions other than aws: what PutParameter/GetParameter write and accept.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::ErrorOf;

class ParameterPartitionTest : public testing::ParameterTest {
 protected:
  void SetUp() override {
    ctx_ = Alice("111122223333", "cn-north-1");
    Put(R"({"Name":"/app/db","Value":"v1","Type":"String"})");
  }
  json::object Parameter(std::string_view name) {
    return Call("GetParameter", json::object{{"Name", name}}).at("Parameter").as_object();
  }
};

TEST_F(ParameterPartitionTest, ParameterArnInChinaIsInTheAwsCnPartition) {
  EXPECT_EQ(Parameter("/app/db").at("ARN").as_string(),
            "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/app/db");
}

TEST_F(ParameterPartitionTest, GetParameterAcceptsTheAwsCnArn) {
  EXPECT_EQ(
      Parameter("arn:aws-cn:ssm:cn-north-1:111122223333:parameter/app/db").at("Value").as_string(),
      "v1");
}

TEST_F(ParameterPartitionTest, GetParameterAcceptsTheAwsCnArnWithAVersion) {
  EXPECT_EQ(Parameter("arn:aws-cn:ssm:cn-north-1:111122223333:parameter/app/db:1")
                .at("Version")
                .as_int64(),
            1);
}

TEST_F(ParameterPartitionTest, ArnOfAnotherPartitionIsNotFound) {
  EXPECT_EQ(ErrorOf([&] { Parameter("arn:aws:ssm:cn-north-1:111122223333:parameter/app/db"); }),
            "ParameterNotFound");
}

TEST_F(ParameterPartitionTest, SecureStringInChinaIsBoundToTheAwsCnArn) {
  Put(R"({"Name":"/app/secret","Value":"s","Type":"SecureString"})");
  const json::value opened = rt_.Call(
      ctx_, "kms", "Decrypt",
      {{"CiphertextBlob", Parameter("/app/secret").at("Value")},
       {"EncryptionContext",
        {{"PARAMETER_ARN", "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/app/secret"}}}});
  EXPECT_EQ(opened.at("Plaintext").as_string(), "cw==");  // base64 of "s"
}

}  // namespace
}  // namespace nimbus::ssm
