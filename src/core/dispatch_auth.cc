#include "core/dispatch.h"

#include <string>

#include "core/aws_error.h"
#include "core/partition.h"

// The authentication step of Dispatcher::Handle: who is calling, and under --sigv4 verify,
// whether the signature holds.
namespace nimbus::core {

using routing::Wire;

namespace {

// The error code each protocol uses for an authentication failure.
std::string AuthCode(auth::AuthFailure failure, Wire wire) {
  using F = auth::AuthFailure;
  switch (wire) {
    case Wire::kJson:
      switch (failure) {
        case F::kMissingAuthenticationToken: return "MissingAuthenticationTokenException";
        case F::kIncompleteSignature: return "IncompleteSignatureException";
        case F::kInvalidClientTokenId: return "UnrecognizedClientException";
        case F::kSignatureDoesNotMatch: return "InvalidSignatureException";
        case F::kRequestExpired: return "InvalidSignatureException";
      }
      break;
    case Wire::kRestXml:
      switch (failure) {
        case F::kMissingAuthenticationToken: return "AccessDenied";
        case F::kIncompleteSignature: return "AuthorizationHeaderMalformed";
        case F::kInvalidClientTokenId: return "InvalidAccessKeyId";
        case F::kSignatureDoesNotMatch: return "SignatureDoesNotMatch";
        case F::kRequestExpired: return "AccessDenied";
      }
      break;
    case Wire::kQuery:
      break;
  }
  switch (failure) {
    case F::kMissingAuthenticationToken: return "MissingAuthenticationToken";
    case F::kIncompleteSignature: return "IncompleteSignature";
    case F::kInvalidClientTokenId: return "InvalidClientTokenId";
    case F::kSignatureDoesNotMatch: return "SignatureDoesNotMatch";
    case F::kRequestExpired: return "RequestExpired";
  }
  return "AccessDenied";
}

int AuthStatus(auth::AuthFailure failure) {
  using F = auth::AuthFailure;
  return failure == F::kIncompleteSignature || failure == F::kRequestExpired ? 400 : 403;
}

std::string InvalidClientTokenMessage(Wire wire) {
  return wire == Wire::kRestXml
             ? "The AWS Access Key Id you provided does not exist in our records."
             : "The security token included in the request is invalid.";
}

}  // namespace

std::optional<auth::KnownKey> Dispatcher::FindKey(std::string_view access_key_id) const {
  for (const auth::KeyDirectory* directory : directories_) {
    if (auto key = directory->FindKey(access_key_id)) {
      return key;
    }
  }
  return std::nullopt;
}

RequestContext Dispatcher::Authenticate(const HttpRequest& request, const Routed& routed,
                                        const std::string& request_id) const {
  const Wire wire = routed.route.wire;
  const std::optional<auth::SignatureInfo>& signature = routed.signature;
  const auth::AuthError& auth_error = routed.signature_error;
  RequestContext ctx;
  ctx.request_id = request_id;
  ctx.service = routed.model->name();
  ctx.operation = routed.op->name;
  ctx.now_millis = clock_.NowMillis();
  ctx.http = &request;
  if (!signature && auth_error.message.size() > 0) {
    throw AwsError(AuthCode(auth_error.failure, wire), auth_error.message,
                   AuthStatus(auth_error.failure));
  }
  const std::string access_key = signature ? signature->access_key_id : std::string();
  const std::optional<auth::KnownKey> known =
      access_key.empty() ? std::nullopt : FindKey(access_key);
  ctx.scope.region =
      signature && !signature->region.empty() ? signature->region : config_.default_region;
  if (routed.route.service->global) {
    ctx.scope.region = PartitionOf(ctx.scope.region).implicit_global_region;
  }
  ctx.caller = auth::ResolveCaller(access_key, known, config_.default_account, ctx.scope.region);
  ctx.scope.account = ctx.caller.account;
  if (config_.verify_signatures && !routed.op->no_auth) {
    // A signature for one service must not be replayed against another.
    if (signature && !signature->service.empty() &&
        signature->service != routed.model->signing_name()) {
      throw AwsError(AuthCode(auth::AuthFailure::kSignatureDoesNotMatch, wire),
                     "Credential should be scoped to correct service: '" +
                         routed.model->signing_name() + "'. ",
                     403);
    }
    VerifyCaller(request, signature ? &*signature : nullptr, known, wire, ctx.now_millis);
  }
  return ctx;
}

void Dispatcher::VerifyCaller(const HttpRequest& request, const auth::SignatureInfo* signature,
                              const std::optional<auth::KnownKey>& known, Wire wire,
                              int64_t now_millis) const {
  if (!signature) {
    throw AwsError(AuthCode(auth::AuthFailure::kMissingAuthenticationToken, wire),
                   "Request is missing Authentication Token", 403);
  }
  // Temporary credentials are only valid with their session token, and a long-term key with
  // none (AWS answers the same error as for an unknown key when it is missing or wrong).
  if (!known || signature->security_token != known->session_token) {
    throw AwsError(AuthCode(auth::AuthFailure::kInvalidClientTokenId, wire),
                   InvalidClientTokenMessage(wire), 403);
  }
  // SigV2 presigned URLs have no credential scope.
  if (signature->form != auth::SignatureInfo::Form::kPresignedV2 &&
      !IsRegion(signature->region)) {
    throw AwsError(AuthCode(auth::AuthFailure::kSignatureDoesNotMatch, wire),
                   "Credential should be scoped to a valid region. ", 403);
  }
  if (known->expires_millis && known->expires_millis < now_millis) {
    // https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
    if (wire == Wire::kRestXml) {
      throw AwsError("ExpiredToken", "The provided token has expired.", 400);
    }
    throw AwsError(wire == Wire::kJson ? "ExpiredTokenException" : "ExpiredToken",
                   "The security token included in the request is expired", 403);
  }
  if (auto failure = auth::VerifySignature(request, *signature, known->secret_access_key,
                                           now_millis, wire == Wire::kRestXml)) {
    if (wire == Wire::kRestXml && failure->failure == auth::AuthFailure::kRequestExpired) {
      // S3: an expired presigned URL is AccessDenied, a skewed clock RequestTimeTooSkewed;
      // both 403 (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
      if (signature->form == auth::SignatureInfo::Form::kHeader) {
        throw AwsError("RequestTimeTooSkewed",
                       "The difference between the request time and the current time is too "
                       "large.",
                       403);
      }
      // S3 words these without a final period ("Request has expired", "Request is not yet
      // valid"), as its XML errors quoted in SDK bug reports show.
      std::string message = failure->message;
      if (!message.empty() && message.back() == '.') message.pop_back();
      throw AwsError("AccessDenied", message, 403);
    }
    throw AwsError(AuthCode(failure->failure, wire), failure->message,
                   AuthStatus(failure->failure));
  }
}

}  // namespace nimbus::core
