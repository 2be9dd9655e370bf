#include "services/kms/key_material.h"

#include <charconv>
#include <memory>
#include <stdexcept>
#include <string>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "services/kms/ciphertext.h"

namespace nimbus::kms {

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

[[noreturn]] void Fail(const char* what) { throw std::runtime_error(what); }

std::string ToPkcs8(EVP_PKEY* key) {
  PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(key);
  if (!info) Fail("EVP_PKEY2PKCS8 failed");
  const int size = i2d_PKCS8_PRIV_KEY_INFO(info, nullptr);
  std::string out(static_cast<size_t>(size > 0 ? size : 0), '\0');
  unsigned char* p = Bytes(out);
  const bool ok = size > 0 && i2d_PKCS8_PRIV_KEY_INFO(info, &p) == size;
  PKCS8_PRIV_KEY_INFO_free(info);
  if (!ok) Fail("i2d_PKCS8_PRIV_KEY_INFO failed");
  return out;
}

Pkey FromPkcs8(std::string_view der) {
  const unsigned char* p = Bytes(der);
  PKCS8_PRIV_KEY_INFO* info = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size()));
  if (!info) Fail("bad PKCS#8 key material");
  Pkey key(EVP_PKCS82PKEY(info));
  PKCS8_PRIV_KEY_INFO_free(info);
  if (!key) Fail("bad PKCS#8 key material");
  return key;
}

const EVP_MD* DigestOf(std::string_view algorithm) {
  if (algorithm.ends_with("SHA_1")) return EVP_sha1();
  if (algorithm.ends_with("SHA_224")) return EVP_sha224();
  if (algorithm.ends_with("SHA_256")) return EVP_sha256();
  if (algorithm.ends_with("SHA_384")) return EVP_sha384();
  if (algorithm.ends_with("SHA_512")) return EVP_sha512();
  return nullptr;
}

// Sets RSA padding for a signing algorithm on a sign/verify context.
bool ConfigureSigning(EVP_PKEY_CTX* ctx, std::string_view algorithm, const EVP_MD* md) {
  if (algorithm.starts_with("RSASSA_PSS")) {
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) > 0 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) > 0 &&
           EVP_PKEY_CTX_set_signature_md(ctx, md) > 0;
  }
  if (algorithm.starts_with("RSASSA_PKCS1")) {
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0 &&
           EVP_PKEY_CTX_set_signature_md(ctx, md) > 0;
  }
  return EVP_PKEY_CTX_set_signature_md(ctx, md) > 0;
}

bool ConfigureOaep(EVP_PKEY_CTX* ctx, std::string_view algorithm) {
  const EVP_MD* md = algorithm == "RSAES_OAEP_SHA_1" ? EVP_sha1() : EVP_sha256();
  return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) > 0 &&
         EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) > 0 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) > 0;
}

// The digest of `message` under the algorithm, or `message` itself when it already is one.
std::string Digest(std::string_view algorithm, std::string_view message, bool is_digest) {
  if (is_digest) return std::string(message);
  const EVP_MD* md = DigestOf(algorithm);
  std::string out(static_cast<size_t>(EVP_MD_get_size(md)), '\0');
  unsigned int size = 0;
  if (EVP_Digest(message.data(), message.size(), Bytes(out), &size, md, nullptr) != 1) {
    Fail("EVP_Digest failed");
  }
  return out;
}

}  // namespace

std::string GenerateKeyMaterial(std::string_view key_spec) {
  if (key_spec == "SYMMETRIC_DEFAULT") return RandomBytes(32);
  if (key_spec.starts_with("HMAC_")) {
    return RandomBytes(static_cast<size_t>(std::stoi(std::string(key_spec.substr(5)))) / 8);
  }
  Pkey key;
  if (key_spec.starts_with("RSA_")) {
    key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA",
                                static_cast<size_t>(std::stoi(std::string(key_spec.substr(4))))));
  } else {
    const char* curve = key_spec == "ECC_NIST_P256"     ? "P-256"
                        : key_spec == "ECC_NIST_P384"   ? "P-384"
                        : key_spec == "ECC_NIST_P521"   ? "P-521"
                        : key_spec == "ECC_SECG_P256K1" ? "secp256k1"
                                                        : nullptr;
    if (!curve) return "";
    key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
  }
  if (!key) Fail("key generation failed");
  return ToPkcs8(key.get());
}

std::optional<std::string> ImportedPrivateKey(std::string_view key_spec, std::string_view der) {
  const unsigned char* p = Bytes(der);
  PKCS8_PRIV_KEY_INFO* info = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size()));
  if (!info) return std::nullopt;
  const bool whole = p == Bytes(der) + der.size();
  Pkey key(EVP_PKCS82PKEY(info));
  PKCS8_PRIV_KEY_INFO_free(info);
  if (!whole || !key) return std::nullopt;
  if (key_spec.starts_with("RSA_")) {
    if (!EVP_PKEY_is_a(key.get(), "RSA") ||
        std::to_string(EVP_PKEY_get_bits(key.get())) != key_spec.substr(4)) {
      return std::nullopt;
    }
  } else {
    const char* group = key_spec == "ECC_NIST_P256"     ? "prime256v1"
                        : key_spec == "ECC_NIST_P384"   ? "secp384r1"
                        : key_spec == "ECC_NIST_P521"   ? "secp521r1"
                        : key_spec == "ECC_SECG_P256K1" ? "secp256k1"
                                                        : nullptr;
    char name[64] = {};
    size_t length = 0;
    if (!group || !EVP_PKEY_is_a(key.get(), "EC") ||
        EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name),
                                       &length) != 1 ||
        std::string_view(name, length) != group) {
      return std::nullopt;
    }
  }
  // A private key whose parts do not belong together would sign what its public key rejects.
  PkeyCtx check(EVP_PKEY_CTX_new(key.get(), nullptr));
  if (!check || EVP_PKEY_pairwise_check(check.get()) != 1) return std::nullopt;
  return ToPkcs8(key.get());
}

std::string PublicKeyDer(std::string_view private_key_der) {
  Pkey key = FromPkcs8(private_key_der);
  const int size = i2d_PUBKEY(key.get(), nullptr);
  if (size <= 0) Fail("i2d_PUBKEY failed");
  std::string out(static_cast<size_t>(size), '\0');
  unsigned char* p = Bytes(out);
  i2d_PUBKEY(key.get(), &p);
  return out;
}

size_t SigningDigestSize(std::string_view signing_algorithm) {
  const EVP_MD* md = DigestOf(signing_algorithm);
  return md ? static_cast<size_t>(EVP_MD_get_size(md)) : 0;
}

std::string SignMessage(std::string_view private_key_der, std::string_view signing_algorithm,
                        std::string_view message, bool is_digest) {
  Pkey key = FromPkcs8(private_key_der);
  const EVP_MD* md = DigestOf(signing_algorithm);
  const std::string digest = Digest(signing_algorithm, message, is_digest);
  PkeyCtx ctx(EVP_PKEY_CTX_new(key.get(), nullptr));
  size_t size = 0;
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) <= 0 ||
      !ConfigureSigning(ctx.get(), signing_algorithm, md) ||
      EVP_PKEY_sign(ctx.get(), nullptr, &size, Bytes(digest), digest.size()) <= 0) {
    Fail("signing failed");
  }
  std::string out(size, '\0');
  if (EVP_PKEY_sign(ctx.get(), Bytes(out), &size, Bytes(digest), digest.size()) <= 0) {
    Fail("signing failed");
  }
  out.resize(size);
  return out;
}

bool VerifySignature(std::string_view private_key_der, std::string_view signing_algorithm,
                     std::string_view message, bool is_digest, std::string_view signature) {
  Pkey key = FromPkcs8(private_key_der);
  const EVP_MD* md = DigestOf(signing_algorithm);
  const std::string digest = Digest(signing_algorithm, message, is_digest);
  PkeyCtx ctx(EVP_PKEY_CTX_new(key.get(), nullptr));
  return ctx && EVP_PKEY_verify_init(ctx.get()) > 0 &&
         ConfigureSigning(ctx.get(), signing_algorithm, md) &&
         EVP_PKEY_verify(ctx.get(), Bytes(signature), signature.size(), Bytes(digest),
                         digest.size()) == 1;
}

size_t RsaOaepLimit(std::string_view key_spec, std::string_view algorithm) {
  size_t modulus_bits = 0;
  std::from_chars(key_spec.data() + 4, key_spec.data() + key_spec.size(), modulus_bits);
  const size_t digest = algorithm == "RSAES_OAEP_SHA_1" ? 20 : 32;
  return modulus_bits / 8 - 2 * digest - 2;
}

std::optional<std::string> RsaEncrypt(std::string_view private_key_der, std::string_view algorithm,
                                      std::string_view plaintext) {
  Pkey key = FromPkcs8(private_key_der);
  PkeyCtx ctx(EVP_PKEY_CTX_new(key.get(), nullptr));
  size_t size = 0;
  if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0 || !ConfigureOaep(ctx.get(), algorithm) ||
      EVP_PKEY_encrypt(ctx.get(), nullptr, &size, Bytes(plaintext), plaintext.size()) <= 0) {
    return std::nullopt;
  }
  std::string out(size, '\0');
  if (EVP_PKEY_encrypt(ctx.get(), Bytes(out), &size, Bytes(plaintext), plaintext.size()) <= 0) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

std::optional<std::string> RsaDecrypt(std::string_view private_key_der, std::string_view algorithm,
                                      std::string_view ciphertext) {
  Pkey key = FromPkcs8(private_key_der);
  PkeyCtx ctx(EVP_PKEY_CTX_new(key.get(), nullptr));
  size_t size = 0;
  if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) <= 0 || !ConfigureOaep(ctx.get(), algorithm) ||
      EVP_PKEY_decrypt(ctx.get(), nullptr, &size, Bytes(ciphertext), ciphertext.size()) <= 0) {
    return std::nullopt;
  }
  std::string out(size, '\0');
  if (EVP_PKEY_decrypt(ctx.get(), Bytes(out), &size, Bytes(ciphertext), ciphertext.size()) <= 0) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

std::optional<std::string> UnwrapImportedMaterial(std::string_view private_key_der,
                                                  std::string_view wrapping_algorithm,
                                                  std::string_view wrapped) {
  const bool sha1 = wrapping_algorithm.ends_with("SHA_1");
  const std::string_view oaep = sha1 ? "RSAES_OAEP_SHA_1" : "RSAES_OAEP_SHA_256";
  if (wrapping_algorithm.starts_with("RSAES_OAEP_")) {
    return RsaDecrypt(private_key_der, oaep, wrapped);
  }
  Pkey key = FromPkcs8(private_key_der);
  const auto modulus = static_cast<size_t>(EVP_PKEY_get_size(key.get()));
  if (wrapped.size() <= modulus) return std::nullopt;
  const std::optional<std::string> aes_key =
      RsaDecrypt(private_key_der, oaep, wrapped.substr(0, modulus));
  if (!aes_key || aes_key->size() != 32) return std::nullopt;
  const std::string_view body = wrapped.substr(modulus);
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      &EVP_CIPHER_CTX_free);
  std::string out(body.size() + 16, '\0');
  int size = 0;
  int tail = 0;
  if (ctx) EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  if (!ctx ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_wrap_pad(), nullptr,
                         Bytes(std::string_view(*aes_key)), nullptr) != 1 ||
      EVP_DecryptUpdate(ctx.get(), Bytes(out), &size, Bytes(body), static_cast<int>(body.size())) !=
          1 ||
      EVP_DecryptFinal_ex(ctx.get(), Bytes(out) + size, &tail) != 1) {
    return std::nullopt;
  }
  out.resize(static_cast<size_t>(size + tail));
  return out;
}

std::optional<std::string> DeriveEcdh(std::string_view private_key_der,
                                      std::string_view peer_public_der) {
  Pkey key = FromPkcs8(private_key_der);
  const auto* p = Bytes(peer_public_der);
  Pkey peer(d2i_PUBKEY(nullptr, &p, static_cast<long>(peer_public_der.size())));
  if (!peer || EVP_PKEY_get_base_id(peer.get()) != EVP_PKEY_EC) return std::nullopt;
  PkeyCtx ctx(EVP_PKEY_CTX_new(key.get(), nullptr));
  size_t size = 0;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 ||
      EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) <= 0 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &size) <= 0) {
    return std::nullopt;
  }
  std::string out(size, '\0');
  if (EVP_PKEY_derive(ctx.get(), Bytes(out), &size) <= 0) return std::nullopt;
  out.resize(size);
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[32];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    Fail("SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

std::string ComputeMac(std::string_view key, std::string_view mac_algorithm,
                       std::string_view message) {
  const EVP_MD* md = DigestOf(mac_algorithm);
  if (!md) Fail("unknown MAC algorithm");
  std::string out(static_cast<size_t>(EVP_MAX_MD_SIZE), '\0');
  size_t size = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, EVP_MD_get0_name(md), nullptr, key.data(), key.size(),
                 Bytes(message), message.size(), Bytes(out), out.size(), &size)) {
    Fail("HMAC failed");
  }
  out.resize(size);
  return out;
}

}  // namespace nimbus::kms
