"""KMS against the real binary with boto3: grant constraints and grant tokens used by another
account, and asymmetric key material imported as a PKCS#8 private key (wrapped with
RSA_AES_KEY_WRAP_SHA_256 by the `cryptography` package, as a client does)."""
import os

from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, keywrap, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from harness import EmulatorTestCase

OTHER_ACCOUNT = "444455556666"


class KmsConstraintsImportTest(EmulatorTestCase):
    def kms(self, **kw):
        return self.client("kms", **kw)

    def error(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        return cm.exception.response["Error"]

    # Grant constraints.

    def shared_key(self, constraints, operations=("Encrypt", "Decrypt")):
        kms = self.kms()
        meta = kms.create_key()["KeyMetadata"]
        grant = kms.create_grant(KeyId=meta["KeyId"],
                                 GranteePrincipal=f"arn:aws:iam::{OTHER_ACCOUNT}:root",
                                 Operations=list(operations), Constraints=constraints)
        return meta["Arn"], grant["GrantToken"]

    def test_a_constrained_grant_allows_a_matching_encryption_context(self):
        arn, _ = self.shared_key({"EncryptionContextSubset": {"app": "billing"}})
        other = self.kms(access_key=OTHER_ACCOUNT)
        context = {"app": "billing", "env": "prod"}
        blob = other.encrypt(KeyId=arn, Plaintext=b"shared",
                             EncryptionContext=context)["CiphertextBlob"]
        opened = other.decrypt(KeyId=arn, CiphertextBlob=blob, EncryptionContext=context)
        self.assertEqual(opened["Plaintext"], b"shared")

    def test_a_grantee_decrypts_without_naming_the_key(self):
        arn, _ = self.shared_key({"EncryptionContextSubset": {"app": "billing"}})
        other = self.kms(access_key=OTHER_ACCOUNT)
        blob = other.encrypt(KeyId=arn, Plaintext=b"shared",
                             EncryptionContext={"app": "billing"})["CiphertextBlob"]
        opened = other.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "billing"})
        self.assertEqual((opened["KeyId"], opened["Plaintext"]), (arn, b"shared"))

    def test_a_constrained_grant_denies_another_encryption_context(self):
        arn, _ = self.shared_key({"EncryptionContextEquals": {"app": "billing"}})
        other = self.kms(access_key=OTHER_ACCOUNT)
        err = self.error(other.encrypt, KeyId=arn, Plaintext=b"x",
                         EncryptionContext={"app": "payroll"})
        self.assertEqual(err["Code"], "AccessDeniedException")

    def test_a_grantee_uses_the_grant_with_its_token(self):
        arn, token = self.shared_key({"EncryptionContextSubset": {"app": "billing"}})
        other = self.kms(access_key=OTHER_ACCOUNT)
        out = other.encrypt(KeyId=arn, Plaintext=b"x", EncryptionContext={"app": "billing"},
                            GrantTokens=[token])
        self.assertEqual(out["KeyId"], arn)

    def test_a_grant_token_nimbus_did_not_issue_is_invalid(self):
        arn, _ = self.shared_key({"EncryptionContextSubset": {"app": "billing"}})
        err = self.error(self.kms().encrypt, KeyId=arn, Plaintext=b"x", GrantTokens=["bogus"])
        self.assertEqual(err["Code"], "InvalidGrantTokenException")

    # Asymmetric imported key material.

    def import_private_key(self, kms, key_id, private_key):
        params = kms.get_parameters_for_import(KeyId=key_id,
                                               WrappingAlgorithm="RSA_AES_KEY_WRAP_SHA_256",
                                               WrappingKeySpec="RSA_2048")
        wrapping = serialization.load_der_public_key(params["PublicKey"])
        der = private_key.private_bytes(serialization.Encoding.DER,
                                        serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
        aes = os.urandom(32)
        wrapped = wrapping.encrypt(aes, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()),
                                                     algorithm=hashes.SHA256(), label=None))
        wrapped += keywrap.aes_key_wrap_with_padding(aes, der)
        return kms.import_key_material(KeyId=key_id, ImportToken=params["ImportToken"],
                                       EncryptedKeyMaterial=wrapped,
                                       ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")

    def test_an_imported_rsa_key_signs_and_shows_its_public_key(self):
        kms = self.kms()
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key_id = kms.create_key(Origin="EXTERNAL", KeySpec="RSA_2048",
                                KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        self.import_private_key(kms, key_id, private_key)
        self.assertEqual(kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"], "Enabled")
        public = kms.get_public_key(KeyId=key_id)["PublicKey"]
        self.assertEqual(public, private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))
        signature = kms.sign(KeyId=key_id, Message=b"imported",
                             SigningAlgorithm="RSASSA_PKCS1_V1_5_SHA_256")["Signature"]
        private_key.public_key().verify(signature, b"imported", padding.PKCS1v15(),
                                        hashes.SHA256())
        self.assertTrue(kms.verify(KeyId=key_id, Message=b"imported", Signature=signature,
                                   SigningAlgorithm="RSASSA_PKCS1_V1_5_SHA_256")["SignatureValid"])

    def test_an_imported_rsa_encryption_key_encrypts_for_its_private_key(self):
        kms = self.kms()
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key_id = kms.create_key(Origin="EXTERNAL", KeySpec="RSA_2048",
                                KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
        self.import_private_key(kms, key_id, private_key)
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"for you",
                           EncryptionAlgorithm="RSAES_OAEP_SHA_256")["CiphertextBlob"]
        plaintext = private_key.decrypt(blob, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()),
                                                           algorithm=hashes.SHA256(), label=None))
        self.assertEqual(plaintext, b"for you")

    def test_an_imported_ecc_key_signs_with_the_imported_private_key(self):
        kms = self.kms()
        private_key = ec.generate_private_key(ec.SECP256R1())
        key_id = kms.create_key(Origin="EXTERNAL", KeySpec="ECC_NIST_P256",
                                KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        self.import_private_key(kms, key_id, private_key)
        signature = kms.sign(KeyId=key_id, Message=b"imported",
                             SigningAlgorithm="ECDSA_SHA_256")["Signature"]
        private_key.public_key().verify(signature, b"imported", ec.ECDSA(hashes.SHA256()))

    def test_a_private_key_of_another_curve_is_incorrect_key_material(self):
        kms = self.kms()
        key_id = kms.create_key(Origin="EXTERNAL", KeySpec="ECC_NIST_P384",
                                KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        with self.assertRaises(ClientError) as cm:
            self.import_private_key(kms, key_id, ec.generate_private_key(ec.SECP256R1()))
        self.assertEqual(cm.exception.response["Error"]["Code"], "IncorrectKeyMaterialException")
