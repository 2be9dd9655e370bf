#include "core/auth/identity.h"

#include <cctype>
#include <stdexcept>

#include "core/partition.h"
#include "core/text.h"

namespace nimbus::core::auth {

namespace {

bool IsAccountId(std::string_view text) {
  if (text.size() != 12) return false;
  for (const char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// A stable AIDA... id for a configured IAM user, derived from the key so restarts agree.
std::string UserIdFor(std::string_view access_key_id) {
  std::string id = "AIDA";
  for (const char c : access_key_id.substr(std::min<size_t>(4, access_key_id.size()))) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  while (id.size() < 21) id.push_back('X');
  return id.substr(0, 21);
}

}  // namespace

std::string RootArn(std::string_view account, std::string_view region) {
  return GlobalArn({.account = std::string(account), .region = std::string(region)}, "iam", "root");
}

StaticKeys StaticKeys::Parse(std::string_view text, std::string_view default_account) {
  StaticKeys keys;
  std::map<std::string, std::map<std::string, std::string>> profiles;
  std::string current;
  int line_number = 0;
  for (std::string_view raw : Split(text, '\n')) {
    ++line_number;
    const std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']') {
        throw std::runtime_error("credentials file line " + std::to_string(line_number) +
                                 ": unterminated [profile]");
      }
      current = std::string(Trim(line.substr(1, line.size() - 2)));
      profiles[current];
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos || current.empty()) {
      throw std::runtime_error("credentials file line " + std::to_string(line_number) +
                               ": expected key = value inside a [profile]");
    }
    profiles[current][ToLower(Trim(line.substr(0, eq)))] = std::string(Trim(line.substr(eq + 1)));
  }
  for (auto& [profile, values] : profiles) {
    KnownKey key;
    key.access_key_id = values["aws_access_key_id"];
    key.secret_access_key = values["aws_secret_access_key"];
    key.session_token = values["aws_session_token"];
    if (key.access_key_id.empty() || key.secret_access_key.empty()) {
      throw std::runtime_error("credentials file profile [" + profile +
                               "] needs aws_access_key_id and aws_secret_access_key");
    }
    key.account = values.count("account_id") ? values["account_id"] : std::string(default_account);
    if (!IsAccountId(key.account)) {
      throw std::runtime_error("credentials file profile [" + profile +
                               "]: account_id must be 12 digits");
    }
    if (values.count("user_name") && !values["user_name"].empty()) {
      // In the aws partition here; ResolveCaller moves it to the partition of the request.
      key.arn =
          GlobalArn({.account = key.account, .region = ""}, "iam", "user/" + values["user_name"]);
      key.user_id = UserIdFor(key.access_key_id);
    } else {
      key.arn = RootArn(key.account, "");
      key.user_id = key.account;
    }
    keys.keys_[key.access_key_id] = key;
  }
  return keys;
}

std::optional<KnownKey> StaticKeys::FindKey(std::string_view access_key_id) const {
  auto it = keys_.find(access_key_id);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

Caller ResolveCaller(std::string_view access_key_id, const std::optional<KnownKey>& known,
                     std::string_view default_account, std::string_view region) {
  Caller caller;
  caller.access_key_id = std::string(access_key_id);
  if (known) {
    caller.account = known->account;
    caller.arn = known->arn;
    // A key does not say its partition (a configured key is used with any region), so the
    // identity is shown in the partition of the region the request is signed for.
    if (std::optional<ParsedArn> arn = ParseArn(known->arn)) {
      arn->partition = PartitionOf(region).id;
      caller.arn = FormatArn(*arn);
    }
    caller.user_id = known->user_id;
    caller.temporary = !known->session_token.empty();
    return caller;
  }
  caller.account = IsAccountId(access_key_id) ? std::string(access_key_id)
                                              : std::string(default_account);
  caller.arn = RootArn(caller.account, region);
  caller.user_id = caller.account;
  return caller;
}

}  // namespace nimbus::core::auth
