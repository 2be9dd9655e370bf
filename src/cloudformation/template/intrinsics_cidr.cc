// Fn::Cidr: [ipBlock, count, cidrBits] -> `count` consecutive blocks of `cidrBits` host bits, from
// the first address of ipBlock. IPv4 and IPv6, with RFC 5952 text for IPv6 ("2001:db8::/64").
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-cidr.html
//
// The error texts here are unverified: no recording of AWS's was found.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <vector>

#include "cloudformation/template/internal/intrinsics.h"
#include "cloudformation/template/internal/values.h"
#include "cloudformation/template/template_error.h"

namespace nimbus::cloudformation {
namespace {

// 128 bits hold an IPv6 address; __extension__ keeps -Wpedantic quiet about the GCC type.
__extension__ typedef unsigned __int128 Address;

constexpr std::string_view kArgumentsError =
    "Fn::Cidr requires a list argument with three elements: an IP block, a count from 1 to 256 "
    "and a number of subnet bits";

struct CidrRange {
  Address address = 0;
  int prefix = 0;
  bool v6 = false;
};

std::optional<int> ParseDecimal(std::string_view text, int max) {
  if (text.empty() || text.size() > 3) {
    return std::nullopt;
  }
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  return value <= max ? std::optional<int>(value) : std::nullopt;
}

std::optional<Address> ParseIpv4(std::string_view text) {
  Address address = 0;
  int parts = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t dot = text.find('.', start);
    if (dot == std::string_view::npos) {
      dot = text.size();
    }
    const std::optional<int> octet = ParseDecimal(text.substr(start, dot - start), 255);
    if (!octet || ++parts > 4) {
      return std::nullopt;
    }
    address = (address << 8) | static_cast<Address>(*octet);
    start = dot + 1;
  }
  return parts == 4 ? std::optional<Address>(address) : std::nullopt;
}

// Hex groups separated by ':', with at most one "::" standing for the zero groups left out.
std::optional<Address> ParseIpv6(std::string_view text) {
  const size_t gap = text.find("::");
  auto groups = [](std::string_view part, std::vector<uint32_t>* out) {
    if (part.empty()) {
      return true;
    }
    size_t start = 0;
    while (start <= part.size()) {
      size_t colon = part.find(':', start);
      if (colon == std::string_view::npos) {
        colon = part.size();
      }
      const std::string_view group = part.substr(start, colon - start);
      if (group.empty() || group.size() > 4) {
        return false;
      }
      uint32_t value = 0;
      for (char c : group) {
        const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                          : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                          : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                                      : -1;
        if (digit < 0) {
          return false;
        }
        value = value * 16 + static_cast<uint32_t>(digit);
      }
      out->push_back(value);
      start = colon + 1;
    }
    return true;
  };
  std::vector<uint32_t> head;
  std::vector<uint32_t> tail;
  if (gap == std::string_view::npos) {
    if (!groups(text, &head) || head.size() != 8) {
      return std::nullopt;
    }
  } else if (!groups(text.substr(0, gap), &head) || !groups(text.substr(gap + 2), &tail) ||
             head.size() + tail.size() > 7 || text.find("::", gap + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  Address address = 0;
  for (uint32_t group : head) {
    address = (address << 16) | group;
  }
  for (size_t i = head.size() + tail.size(); i < 8; ++i) {
    address <<= 16;
  }
  for (uint32_t group : tail) {
    address = (address << 16) | group;
  }
  return address;
}

std::optional<CidrRange> ParseBlock(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  CidrRange block;
  block.v6 = text.find(':') != std::string_view::npos;
  const std::optional<Address> address =
      block.v6 ? ParseIpv6(text.substr(0, slash)) : ParseIpv4(text.substr(0, slash));
  const std::optional<int> prefix = ParseDecimal(text.substr(slash + 1), block.v6 ? 128 : 32);
  if (!address || !prefix) {
    return std::nullopt;
  }
  const int width = block.v6 ? 128 : 32;
  const Address mask = *prefix == 0 ? 0 : (~Address(0) << (width - *prefix));
  const Address all = width == 128 ? ~Address(0) : ((Address(1) << 32) - 1);
  block.address = *address & mask & all;
  block.prefix = *prefix;
  return block;
}

std::string FormatIpv4(Address address) {
  char text[16];
  std::snprintf(text, sizeof(text), "%u.%u.%u.%u", static_cast<unsigned>((address >> 24) & 255),
                static_cast<unsigned>((address >> 16) & 255),
                static_cast<unsigned>((address >> 8) & 255), static_cast<unsigned>(address & 255));
  return text;
}

// RFC 5952: lowercase, no leading zeros, the longest run of two or more zero groups (the first
// of equal runs) as "::".
std::string FormatIpv6(Address address) {
  uint32_t groups[8];
  for (int i = 7; i >= 0; --i) {
    groups[i] = static_cast<uint32_t>(address & 0xffff);
    address >>= 16;
  }
  int best_start = -1;
  int best_length = 1;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) {
      ++j;
    }
    if (j - i > best_length) {
      best_start = i;
      best_length = j - i;
    }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_length - 1;
      continue;
    }
    char group[8];
    std::snprintf(group, sizeof(group), "%x", groups[i]);
    if (!out.empty() && out.back() != ':') {
      out += ':';
    }
    out += group;
  }
  return out;
}

// A count or a number of bits: a JSON integer or a string of digits.
std::optional<int64_t> WholeNumber(const boost::json::value& value) {
  const std::optional<std::string> text = internal::ScalarText(value);
  if (!text || text->empty() || text->size() > 4 ||
      !std::all_of(text->begin(), text->end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return std::nullopt;
  }
  return std::stoll(*text);
}

}  // namespace

std::vector<std::string> CidrBlocks(std::string_view ip_block, int64_t count, int64_t cidr_bits) {
  const std::optional<CidrRange> block = ParseBlock(ip_block);
  if (!block) {
    ThrowTemplateError("Fn::Cidr requires a valid IP block in CIDR notation, found " +
                       std::string(ip_block));
  }
  const int width = block->v6 ? 128 : 32;
  if (count < 1 || count > 256 || cidr_bits < 1 || cidr_bits > width - block->prefix) {
    ThrowTemplateError(std::string(kArgumentsError));
  }
  const int new_prefix = width - static_cast<int>(cidr_bits);
  // The block holds 2^(new_prefix - prefix) subnets; asking for more is an error.
  const int subnet_bits = new_prefix - block->prefix;
  if (subnet_bits < 9 && count > (int64_t{1} << subnet_bits)) {
    ThrowTemplateError("Fn::Cidr cannot carve " + std::to_string(count) + " blocks of /" +
                       std::to_string(new_prefix) + " out of " + std::string(ip_block));
  }
  std::vector<std::string> out;
  for (int64_t i = 0; i < count; ++i) {
    const Address address = block->address + (static_cast<Address>(i) << cidr_bits);
    out.push_back((block->v6 ? FormatIpv6(address) : FormatIpv4(address)) + "/" +
                  std::to_string(new_prefix));
  }
  return out;
}

namespace internal {

boost::json::value Cidr(const boost::json::value& args, const EvaluationContext& ctx, Block block) {
  const boost::json::array* list = args.if_array();
  if (list == nullptr || list->size() != 3) {
    ThrowTemplateError(std::string(kArgumentsError));
  }
  const std::optional<std::string> ip_block = ScalarText(ResolveArgument((*list)[0], ctx, block));
  const std::optional<int64_t> count = WholeNumber(ResolveArgument((*list)[1], ctx, block));
  const std::optional<int64_t> bits = WholeNumber(ResolveArgument((*list)[2], ctx, block));
  if (!ip_block || !count || !bits) {
    ThrowTemplateError(std::string(kArgumentsError));
  }
  boost::json::array out;
  for (std::string& cidr : CidrBlocks(*ip_block, *count, *bits)) {
    out.emplace_back(std::move(cidr));
  }
  return out;
}

}  // namespace internal
}  // namespace nimbus::cloudformation
