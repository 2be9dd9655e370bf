// SecureString values: encrypted and decrypted through KMS as the caller of the request, with
// the parameter's ARN as encryption context, as Parameter Store does.
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/aws_error.h"
#include "core/text.h"
#include "services/ssm/parameter_names.h"
#include "services/ssm/parameter_provider.h"

namespace nimbus::ssm {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;

namespace {

// KMS Encrypt takes at most 4096 bytes of plaintext. A longer SecureString value (Advanced tier,
// up to 8192) is encrypted in pieces and stored as their ciphertexts joined by kPieceSeparator;
// AWS uses envelope encryption there, so that form is not a plain KMS ciphertext in AWS either.
constexpr size_t kMaxKmsPlaintext = 4096;
constexpr char kPieceSeparator = ':';

// Parameter Store answers a failed KMS call with InvalidKeyId, quoting the KMS error.
[[noreturn]] void ThrowKmsFailure(const RequestContext& ctx, const AwsError& error) {
  throw AwsError("InvalidKeyId", std::string(error.what()) +
                                     " (Service: AWSKMS; Status Code: 400; Error Code: " +
                                     error.code() + "; Request ID: " + ctx.request_id + ")");
}

}  // namespace

std::string ParameterProvider::Encrypt(const RequestContext& ctx, const std::string& key_id,
                                       const std::string& name, std::string_view value) {
  const json::object context{{"PARAMETER_ARN", ParameterArn(ctx.scope, name)}};
  std::string stored;
  for (size_t at = 0; at < value.size(); at += kMaxKmsPlaintext) {
    const std::string_view piece = value.substr(at, kMaxKmsPlaintext);
    const json::object request{{"KeyId", key_id},
                               {"Plaintext", core::Base64Encode(piece)},
                               {"EncryptionContext", context}};
    json::value out;
    try {
      out = services_.Call(ctx, "kms", "Encrypt", request);
    } catch (const AwsError& error) {
      // A key KMS does not know (or a reference it cannot read): SSM names the KeyId as given.
      if (error.code() == "NotFoundException" || error.code() == "InvalidArnException") {
        throw AwsError("InvalidKeyId", "Invalid keyId " + key_id);
      }
      ThrowKmsFailure(ctx, error);
    }
    if (!stored.empty()) stored += kPieceSeparator;
    stored += out.at("CiphertextBlob").as_string();
  }
  return stored;
}

std::string ParameterProvider::ValueOf(const RequestContext& ctx, const ParameterRecord& record,
                                       bool decrypt) {
  if (record.type != "SecureString" || !decrypt) return record.value;
  const json::object context{{"PARAMETER_ARN", ParameterArn(ctx.scope, record.name)}};
  std::string value;
  for (const std::string_view piece : core::Split(record.value, kPieceSeparator)) {
    json::value out;
    try {
      out = services_.Call(ctx, "kms", "Decrypt",
                           {{"CiphertextBlob", piece}, {"EncryptionContext", context}});
    } catch (const AwsError& error) {
      ThrowKmsFailure(ctx, error);
    }
    std::string plaintext;
    if (!core::Base64Decode(out.at("Plaintext").as_string(), &plaintext)) {
      throw std::runtime_error("KMS Decrypt answered a Plaintext that is not base64");
    }
    value += plaintext;
  }
  return value;
}

}  // namespace nimbus::ssm
