#pragma once

#include <string>
#include <string_view>
#include <vector>

// Small text helpers shared by the protocol codecs, SigV4 and the services.
namespace nimbus::core {

std::string ToLower(std::string_view text);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWith(std::string_view text, std::string_view prefix);
std::string_view Trim(std::string_view text);
std::vector<std::string_view> Split(std::string_view text, char separator);

// application/x-www-form-urlencoded and RFC 3986 decoding: %XX, and '+' as space when `plus`.
// Returns false on a malformed escape.
bool UrlDecode(std::string_view text, std::string* out, bool plus_is_space = true);
// RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ is %XX; '/' is kept when `keep_slash`.
std::string UriEncode(std::string_view text, bool keep_slash = false);

std::string Base64Encode(std::string_view bytes);
// Returns false if `text` is not valid base64 (padding optional).
bool Base64Decode(std::string_view text, std::string* out);
std::string HexEncode(std::string_view bytes);
// Whether every character is a hex digit (0-9, a-f, A-F); true for "".
bool IsHex(std::string_view text);
// Whether every character is 0-9 or a-f, as in the ids AWS generates; true for "".
bool IsLowerHex(std::string_view text);

// XML text and attribute escaping (&, <, >, ", ' and control characters as &#xN;).
std::string XmlEscape(std::string_view text);

}  // namespace nimbus::core
