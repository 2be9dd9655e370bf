// AWS managed keys ("alias/aws/ssm"): created on first use by an encryption, as other services'
// calls through core::ServiceClient make them.
#include <algorithm>
#include <string>

#include "services/kms/kms_test_support.h"

namespace nimbus::kms::testing {
namespace {

namespace json = boost::json;

// The predefined AWS alias `name` as ListAliases shows it.
const json::object* FindAliasEntry(const json::object& list, std::string_view name) {
  for (const json::value& entry : list.at("Aliases").as_array()) {
    if (entry.at("AliasName").as_string() == name) return &entry.as_object();
  }
  return nullptr;
}

class KmsManagedKeyTest : public KmsTest {};

TEST_F(KmsManagedKeyTest, ManagedSsmKeyIsCreatedOnFirstEncryptAndReused) {
  const json::value listed = Call("ListAliases");
  const json::object* before = FindAliasEntry(listed.as_object(), "alias/aws/ssm");
  ASSERT_NE(before, nullptr);
  EXPECT_FALSE(before->contains("TargetKeyId"));  // listed, but no key behind it yet
  const json::object first = Encrypt("alias/aws/ssm", "v", R"({"k":"v"})");
  const json::object meta = Describe("alias/aws/ssm");
  EXPECT_EQ(meta.at("KeyManager"), "AWS");
  EXPECT_EQ(meta.at("KeyState"), "Enabled");
  EXPECT_EQ(meta.at("Description"),
            "Default key that protects my SSM parameters when no other key is defined");
  EXPECT_EQ(first.at("KeyId"), meta.at("Arn"));
  const json::object opened = Call("Decrypt", {{"CiphertextBlob", first.at("CiphertextBlob")},
                                               {"EncryptionContext", {{"k", "v"}}}})
                                  .as_object();
  EXPECT_EQ(Unb64(opened.at("Plaintext")), "v");
  EXPECT_EQ(opened.at("KeyId"), meta.at("Arn"));
  // A second use reuses the same key.
  EXPECT_EQ(Encrypt("alias/aws/ssm", "w").at("KeyId"), meta.at("Arn"));
  const json::object aliases = Call("ListAliases").as_object();
  const json::object* ssm = FindAliasEntry(aliases, "alias/aws/ssm");
  ASSERT_NE(ssm, nullptr);
  EXPECT_EQ(ssm->at("TargetKeyId"), meta.at("KeyId"));
  EXPECT_EQ(std::count_if(
                aliases.at("Aliases").as_array().begin(), aliases.at("Aliases").as_array().end(),
                [](const json::value& e) { return e.as_object().contains("TargetKeyId"); }),
            1);
}

}  // namespace
}  // namespace nimbus::kms::testing
