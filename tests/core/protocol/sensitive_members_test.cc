// No validation message echoes a member marked sensitive in the model: for every operation of
// every embedded model, every constrained scalar reached through a sensitive shape (the scalar
// itself, or a list, map or structure around it) is given values that break each of its
// constraints, and the messages must say "Value at '<path>'" and hold no trace of the value.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <re2/re2.h>

#include "core/model/model.h"
#include "core/protocol/validate.h"

namespace nimbus::core::protocol {
namespace {

namespace json = boost::json;
using model::Shape;
using model::ShapeType;

// Letters only: a valid string and valid base64 (12 characters, 9 bytes) at once.
constexpr std::string_view kMarker = "NIMBUSSECRET";

// How the input reaches the scalar: a structure member, the first list item, the value or the
// key of a one-entry map.
struct Step {
  enum Kind { kMember, kListItem, kMapValue, kMapKey } kind;
  std::string name;
};

struct Target {
  std::vector<Step> steps;
  const Shape* scalar = nullptr;
  std::string reported_path;  // where Validate reports the scalar's violation
};

bool IsScalar(const Shape& shape) {
  return shape.type != ShapeType::kStructure && shape.type != ShapeType::kList &&
         shape.type != ShapeType::kMap;
}

bool IsConstrained(const Shape& shape) {
  return shape.min || shape.max || !shape.pattern.empty() || !shape.enum_values.empty();
}

std::string Lower(std::string_view member) {
  std::string out(member);
  out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

std::string Join(const std::string& path, const std::string& segment) {
  return path.empty() ? segment : path + "." + segment;
}

class Collector {
 public:
  explicit Collector(std::vector<Target>* out) : out_(out) {}

  void Walk(const Shape& shape, const std::string& path, bool sensitive) {
    sensitive = sensitive || shape.sensitive;
    if (!on_path_.insert(&shape).second) return;  // recursive shapes: once per path
    switch (shape.type) {
      case ShapeType::kStructure:
        if (shape.is_document) break;
        for (const model::MemberRef& member : shape.members) {
          if (!member.shape) continue;
          steps_.push_back({Step::kMember, member.name});
          const std::string member_path = Join(path, Lower(member.name));
          if (IsScalar(*member.shape)) {
            Reach(*member.shape, member_path, sensitive);
          } else {
            Walk(*member.shape, member_path, sensitive);
          }
          steps_.pop_back();
        }
        break;
      case ShapeType::kList:
        if (!shape.member.shape) break;
        steps_.push_back({Step::kListItem, ""});
        if (IsScalar(*shape.member.shape)) {
          Reach(*shape.member.shape, path, sensitive);  // reported on the list
        } else {
          Walk(*shape.member.shape, path + ".1.member", sensitive);
        }
        steps_.pop_back();
        break;
      case ShapeType::kMap:
        if (shape.key.shape) {
          steps_.push_back({Step::kMapKey, ""});
          Reach(*shape.key.shape, path, sensitive);
          steps_.pop_back();
        }
        if (shape.value.shape) {
          steps_.push_back({Step::kMapValue, "k"});
          if (IsScalar(*shape.value.shape)) {
            Reach(*shape.value.shape, path, sensitive);
          } else {
            Walk(*shape.value.shape, path + ".k.value", sensitive);
          }
          steps_.pop_back();
        }
        break;
      default:
        break;
    }
    on_path_.erase(&shape);
  }

 private:
  void Reach(const Shape& scalar, const std::string& reported_path, bool sensitive) {
    if ((sensitive || scalar.sensitive) && IsConstrained(scalar)) {
      out_->push_back({steps_, &scalar, reported_path});
    }
  }

  std::vector<Target>* out_;
  std::vector<Step> steps_;
  std::set<const Shape*> on_path_;
};

json::value Build(const std::vector<Step>& steps, size_t i, const std::string& leaf) {
  if (i == steps.size()) return json::value(leaf);
  const Step& step = steps[i];
  switch (step.kind) {
    case Step::kMember:
      return json::object{{step.name, Build(steps, i + 1, leaf)}};
    case Step::kListItem:
      return json::array{Build(steps, i + 1, leaf)};
    case Step::kMapValue:
      return json::object{{step.name, Build(steps, i + 1, leaf)}};
    case Step::kMapKey:
      return json::object{{leaf, "v"}};
  }
  return nullptr;
}

std::string Repeat(std::string_view unit, size_t at_least) {
  std::string out;
  while (out.size() < at_least) out += unit;
  return out;
}

// Values that break each constraint of `shape` (a string or a blob, as base64).
std::vector<std::string> BreakingValues(const model::ServiceModel& model, const Shape& shape) {
  std::vector<std::string> values;
  const bool blob = shape.type == ShapeType::kBlob;
  if (shape.max) {
    // Blob lengths are decoded bytes: 4 base64 characters are 3 bytes.
    const auto chars = static_cast<size_t>(*shape.max) + 1;
    values.push_back(Repeat(kMarker, blob ? (chars * 4 + 2) / 3 + 4 : chars));
  }
  if (shape.min && *shape.min >= 1) {
    const auto chars = static_cast<size_t>(*shape.min) - 1;
    values.push_back(blob ? "" : Repeat(kMarker, chars).substr(0, chars));
  }
  if (const re2::RE2* re = model.Pattern(shape); re && shape.type == ShapeType::kString) {
    // The first of these the pattern refuses (patterns such as [\s\S]* refuse none).
    bool found = false;
    for (const std::string suffix : {"\x01", " ", "!", "@", "\t", "\xE3\x80\x80", "\n", "-"}) {
      for (const std::string& candidate :
           {std::string(kMarker) + suffix, suffix + std::string(kMarker)}) {
        if (!found && !re2::RE2::FullMatch(candidate, *re)) {
          values.push_back(candidate);
          found = true;
        }
      }
    }
  }
  if (!shape.enum_values.empty()) values.push_back(std::string(kMarker));
  return values;
}

TEST(SensitiveMembersTest, NoValidationMessageEchoesASensitiveValue) {
  const model::ModelRegistry models;
  std::map<std::string, size_t> checked_per_service;
  for (const model::ServiceInfo& info : model::ModelRegistry::Services()) {
    const model::ServiceModel& m = models.Get(info.name);
    for (const auto& [name, op] : m.operations()) {
      if (!op.input) continue;
      std::vector<Target> targets;
      Collector(&targets).Walk(*op.input, "", false);
      for (const Target& target : targets) {
        ASSERT_TRUE(target.scalar->type == ShapeType::kString ||
                    target.scalar->type == ShapeType::kBlob)
            << info.name << " " << target.scalar->name << ": a sensitive number needs a case";
        for (const std::string& value : BreakingValues(m, *target.scalar)) {
          const json::value input = Build(target.steps, 0, value);
          const std::vector<Violation> violations = Validate(m, *op.input, input.get_object());
          const std::string message = ValidationMessage(violations);
          const std::string where = std::string(info.name) + "." + name + " " +
                                    target.scalar->name + " at " + target.reported_path;
          EXPECT_NE(message.find("Value at '" + target.reported_path +
                                 "' failed to satisfy constraint: "),
                    std::string::npos)
              << where << ": " << message;
          EXPECT_EQ(message.find(kMarker), std::string::npos) << where << ": " << message;
          if (!value.empty()) {
            EXPECT_EQ(message.find(value), std::string::npos) << where << ": " << message;
          }
          ++checked_per_service[std::string(info.name)];
        }
      }
    }
  }
  // Every model with constrained sensitive inputs is covered (sso-admin and cloudformation have
  // none: no shape of theirs is marked sensitive).
  for (const char* service : {"iam", "identitystore", "kms", "organizations", "s3", "ssm", "sts"}) {
    EXPECT_GT(checked_per_service[service], 0u) << service;
  }
  size_t total = 0;
  for (const auto& [service, n] : checked_per_service) total += n;
  EXPECT_GT(total, 200u);  // 235 with the models of botocore 1.43.11
}

}  // namespace
}  // namespace nimbus::core::protocol
