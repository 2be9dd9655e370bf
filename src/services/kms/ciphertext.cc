#include "services/kms/ciphertext.h"

#include <cstdint>
#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace nimbus::kms {

namespace {

constexpr char kVersion = 0x01;
constexpr size_t kIvSize = 12;
constexpr size_t kTagSize = 16;

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

void AppendLength(std::string& out, size_t n) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((n >> shift) & 0xff));
  }
}

// The AAD: the blob header, then each context pair in key order, every string length-prefixed
// so that {"a":"bc"} and {"ab":"c"} differ.
std::string Aad(std::string_view header, const std::map<std::string, std::string>& context) {
  std::string aad(header);
  for (const auto& [key, value] : context) {
    AppendLength(aad, key.size());
    aad += key;
    AppendLength(aad, value.size());
    aad += value;
  }
  return aad;
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

}  // namespace

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(Bytes(out), static_cast<int>(n)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return out;
}

std::optional<CiphertextBlob> ParseCiphertextBlob(std::string_view blob) {
  if (blob.size() < 2 || blob[0] != kVersion) return std::nullopt;
  const size_t id_size = static_cast<unsigned char>(blob[1]);
  const size_t header_size = 2 + id_size;
  if (id_size == 0 || blob.size() < header_size + kIvSize + kTagSize) return std::nullopt;
  CiphertextBlob out;
  out.header = std::string(blob.substr(0, header_size));
  out.key_id = std::string(blob.substr(2, id_size));
  out.iv = std::string(blob.substr(header_size, kIvSize));
  out.tag = std::string(blob.substr(header_size + kIvSize, kTagSize));
  out.ciphertext = std::string(blob.substr(header_size + kIvSize + kTagSize));
  return out;
}

std::string SealBlob(std::string_view key_id, std::string_view material, std::string_view plaintext,
                     const std::map<std::string, std::string>& encryption_context) {
  if (material.size() != 32 || key_id.empty() || key_id.size() > 255) {
    throw std::logic_error("SealBlob: bad key material or key id");
  }
  std::string header;
  header.push_back(kVersion);
  header.push_back(static_cast<char>(key_id.size()));
  header += key_id;
  const std::string iv = RandomBytes(kIvSize);
  const std::string aad = Aad(header, encryption_context);

  CipherCtx ctx(EVP_CIPHER_CTX_new());
  std::string ciphertext(plaintext.size(), '\0');
  std::string tag(kTagSize, '\0');
  int len = 0;
  int total = 0;
  bool ok =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kIvSize, nullptr) == 1 &&
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(material), Bytes(iv)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1;
  if (ok && !plaintext.empty()) {
    ok = EVP_EncryptUpdate(ctx.get(), Bytes(ciphertext), &len, Bytes(plaintext),
                           static_cast<int>(plaintext.size())) == 1;
    total = len;
  }
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), Bytes(ciphertext) + total, &len) == 1 &&
       EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, Bytes(tag)) == 1;
  if (!ok) throw std::runtime_error("AES-256-GCM encryption failed");
  return header + iv + tag + ciphertext;
}

std::optional<std::string> OpenBlob(const CiphertextBlob& blob, std::string_view material,
                                    const std::map<std::string, std::string>& encryption_context) {
  if (material.size() != 32) return std::nullopt;
  const std::string aad = Aad(blob.header, encryption_context);
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  std::string plaintext(blob.ciphertext.size(), '\0');
  std::string tag = blob.tag;
  int len = 0;
  int total = 0;
  bool ok =
      ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kIvSize, nullptr) == 1 &&
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(material), Bytes(blob.iv)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1;
  if (ok && !blob.ciphertext.empty()) {
    ok = EVP_DecryptUpdate(ctx.get(), Bytes(plaintext), &len, Bytes(blob.ciphertext),
                           static_cast<int>(blob.ciphertext.size())) == 1;
    total = len;
  }
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, Bytes(tag)) == 1 &&
       EVP_DecryptFinal_ex(ctx.get(), Bytes(plaintext) + total, &len) == 1;
  if (!ok) return std::nullopt;
  return plaintext;
}

}  // namespace nimbus::kms
