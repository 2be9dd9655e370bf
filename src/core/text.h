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

// XML text and attribute escaping: &, <, >, ", ', tab, LF and CR as references, and U+FFFD for
// what XML 1.0 cannot carry at all (other C0 controls, U+FFFE, U+FFFF, ill-formed UTF-8), so the
// document stays well-formed whatever a client sent: expat (boto3) rejects even &#x1;, and a
// `\u0001`-style spelling could not be told apart from a client's own backslashes.
std::string XmlEscape(std::string_view text);
// XmlEscape(text) appended to `out`, without a string of its own.
void AppendXmlEscaped(std::string& out, std::string_view text);

}  // namespace nimbus::core
