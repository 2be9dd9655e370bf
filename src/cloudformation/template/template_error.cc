#include "cloudformation/template/template_error.h"

#include "core/aws_error.h"

namespace nimbus::cloudformation {

void ThrowFormatError(const std::string& what) {
  throw core::AwsError("ValidationError", "Template format error: " + what, 400);
}

void ThrowTemplateError(const std::string& what) {
  throw core::AwsError("ValidationError", "Template error: " + what, 400);
}

}  // namespace nimbus::cloudformation
