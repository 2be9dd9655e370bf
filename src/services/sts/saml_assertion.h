#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::sts {

// What AssumeRoleWithSAML reads from a SAML 2.0 response
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
struct SamlAssertion {
  std::string issuer;
  std::string subject;         // Subject/NameID
  std::string subject_format;  // its Format attribute; "" when absent
  std::vector<std::string> audiences;
  std::string recipient;  // SubjectConfirmationData's Recipient; "" when absent
  // The values of https://aws.amazon.com/SAML/Attributes/Role: "<role-arn>,<provider-arn>".
  std::vector<std::string> roles;
  std::string session_name;               // https://aws.amazon.com/SAML/Attributes/RoleSessionName
  std::optional<double> not_on_or_after;  // epoch seconds, from Conditions or the subject
};

// The assertion in `base64` (the SAMLAssertion parameter) if it decodes to XML naming an Issuer;
// std::nullopt otherwise. Signatures and encrypted assertions are not handled: nothing is
// verified, and an EncryptedAssertion reads as an assertion without subject or attributes.
std::optional<SamlAssertion> ParseSamlAssertion(std::string_view base64);

// AWS's SubjectType: the NameID format without the urn:oasis:names:tc:SAML:2.0:nameid-format:
// prefix ("persistent", "transient"); other formats unchanged.
std::string SubjectType(std::string_view format);

}  // namespace nimbus::sts
