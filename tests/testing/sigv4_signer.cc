#include "testing/sigv4_signer.h"

#include "core/auth/sigv4.h"
#include "core/clock.h"

namespace nimbus::test {

std::string AmzDate(int64_t millis) {
  std::string out;
  for (const char c : core::FormatIso8601Seconds(millis)) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out;
}

void SignV4(core::HttpRequest* request, int64_t now_millis, const Signing& how) {
  namespace auth = core::auth;
  auth::SignatureInfo info;
  info.access_key_id = how.key;
  info.amz_date = AmzDate(now_millis);
  info.date = info.amz_date.substr(0, 8);
  info.region = how.region;
  info.service = how.service;
  request->headers.push_back({"X-Amz-Date", info.amz_date});
  info.signed_headers = {"content-type"};
  if (how.sign_host) info.signed_headers.push_back("host");
  info.signed_headers.push_back("x-amz-date");
  if (!how.session_token.empty()) {
    request->headers.push_back({"X-Amz-Security-Token", how.session_token});
    info.signed_headers.push_back("x-amz-security-token");
  }
  if (request->FindHeader("X-Amz-Target")) info.signed_headers.push_back("x-amz-target");
  info.payload_hash = std::string(request->Header("X-Amz-Content-Sha256"));
  if (request->FindHeader("X-Amz-Content-Sha256")) {
    info.signed_headers.insert(info.signed_headers.begin() + (how.sign_host ? 2 : 1),
                               "x-amz-content-sha256");
  }
  const std::string canonical = auth::CanonicalRequest(*request, info, false);
  const std::string signature = auth::SignatureV4(how.secret, info.date, info.region,
                                                  info.service, auth::StringToSign(info, canonical));
  std::string signed_headers;
  for (const std::string& h : info.signed_headers) {
    signed_headers += (signed_headers.empty() ? "" : ";") + h;
  }
  request->headers.push_back(
      {"Authorization", "AWS4-HMAC-SHA256 Credential=" + info.access_key_id + "/" + info.date +
                            "/" + info.region + "/" + info.service +
                            "/aws4_request, SignedHeaders=" + signed_headers +
                            ", Signature=" + signature});
}

}  // namespace nimbus::test
