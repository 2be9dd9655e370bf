// Fn::Sub: "${Name}" replaced by a variable of the map, a parameter or pseudo parameter (Ref), a
// resource (Ref) or "${Resource.Attribute}" (Fn::GetAtt); "${!Literal}" written as "${Literal}".
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-sub.html
#include <algorithm>
#include <cctype>
#include <map>

#include "cloudformation/template/internal/intrinsics.h"
#include "cloudformation/template/internal/values.h"
#include "cloudformation/template/template_error.h"

namespace nimbus::cloudformation::internal {
namespace {

// Unverified: as Eucalyptus (which copied AWS) words them.
constexpr std::string_view kShapeError =
    "One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as "
    "first argument, and an optional second argument to specify a mapping of values to replace in "
    "the string";
constexpr std::string_view kMapValueError =
    "every value of the context object of every Fn::Sub object must be a string or a function that "
    "returns a string";

bool IsVariableNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':';
}

// The text a resolved value stands for in the string, or the error AWS gives for the variable.
std::string VariableText(std::string_view name, const std::optional<boost::json::value>& value) {
  const std::optional<std::string> text = value ? ScalarText(*value) : std::nullopt;
  if (!text) {
    ThrowTemplateError("variable " + std::string(name) +  // unverified
                       " in Fn::Sub expression does not resolve to a string");
  }
  return *text;
}

}  // namespace

boost::json::value Sub(const boost::json::value& args, const EvaluationContext& ctx, Block block) {
  std::string_view text;
  std::map<std::string, std::string, std::less<>> variables;
  if (args.is_string()) {
    text = args.get_string();
  } else if (const boost::json::array* list = args.if_array();
             list != nullptr && list->size() == 2 && (*list)[0].is_string() &&
             (*list)[1].is_object()) {
    text = (*list)[0].get_string();
    for (const auto& [key, value] : (*list)[1].get_object()) {
      for (char c : key) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
          ThrowTemplateError(  // unverified (Eucalyptus)
              "every key of the context object of every Fn::Sub object must contain only "
              "alphanumeric characters and underscores");
        }
      }
      const std::optional<std::string> resolved = ScalarText(ResolveArgument(value, ctx, block));
      if (!resolved) {
        ThrowTemplateError(std::string(kMapValueError));
      }
      variables.emplace(std::string(key), *resolved);
    }
  } else {
    ThrowTemplateError(std::string(kShapeError));
  }

  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t open = text.find("${", at);
    if (open == std::string_view::npos) {
      break;
    }
    out.append(text.substr(at, open - at));
    if (open + 2 < text.size() && text[open + 2] == '!') {
      out.append("${");  // "${!Literal}" is the literal "${Literal}"
      at = open + 3;
      continue;
    }
    const size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) {
      at = open;  // no closing brace: the rest is literal text
      break;
    }
    const std::string_view name = text.substr(open + 2, close - open - 2);
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsVariableNameChar)) {
      ThrowTemplateError(  // unverified
          "variable names in Fn::Sub syntax must contain only alphanumeric characters, "
          "underscores, periods, and colons");
    }
    if (const auto found = variables.find(name); found != variables.end()) {
      out.append(found->second);
    } else if (const size_t dot = name.find('.');
               dot != std::string_view::npos && !IsPseudoParameter(name)) {
      out.append(VariableText(
          name, AttributeValue(name.substr(0, dot), name.substr(dot + 1), ctx, block)));
    } else {
      out.append(VariableText(name, RefValue(name, ctx, block)));
    }
    at = close + 1;
  }
  if (at < text.size()) {
    out.append(text.substr(at));
  }
  return boost::json::string(out);
}

}  // namespace nimbus::cloudformation::internal
