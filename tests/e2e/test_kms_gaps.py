"""KMS against the real binary with boto3: the gaps of issue 13 (error precedence and wording,
grants, imported key material, on-demand rotation, multi-Region keys, DeriveSharedSecret)."""
import datetime
import hashlib
import hmac
import os

from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

from harness import EmulatorTestCase

OTHER_ACCOUNT = "444455556666"


class KmsGapsTest(EmulatorTestCase):
    def kms(self, **kw):
        return self.client("kms", **kw)

    def error(self, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        return cm.exception.response["Error"]

    def new_key(self, kms=None, **kw):
        return (kms or self.kms()).create_key(**kw)["KeyMetadata"]

    # Error precedence and wording.

    def test_put_key_policy_of_a_missing_key_is_not_found_before_the_policy(self):
        missing = "11111111-2222-3333-4444-555555555555"
        err = self.error(self.kms().put_key_policy, KeyId=missing, PolicyName="default",
                         Policy="not json")
        self.assertEqual(err["Code"], "NotFoundException")
        self.assertEqual(err["Message"],
                         f"Key 'arn:aws:kms:us-east-1:000000000000:key/{missing}' does not exist")

    def test_invalid_key_id_is_quoted(self):
        err = self.error(self.kms().encrypt, KeyId="not-a-key", Plaintext=b"x")
        self.assertEqual(err["Code"], "NotFoundException")
        self.assertEqual(err["Message"], "Invalid keyId 'not-a-key'")

    def test_key_arn_of_another_region_names_that_region(self):
        arn = self.new_key()["Arn"].replace("us-east-1", "us-west-2")
        err = self.error(self.kms().encrypt, KeyId=arn, Plaintext=b"x")
        self.assertEqual((err["Code"], err["Message"]),
                         ("NotFoundException", "Invalid arn us-west-2"))

    def test_rsa_encrypt_over_the_limit(self):
        key_id = self.new_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyId"]
        err = self.error(self.kms().encrypt, KeyId=key_id, Plaintext=b"p" * 215,
                         EncryptionAlgorithm="RSAES_OAEP_SHA_1")
        self.assertEqual(err["Message"], "Algorithm RSAES_OAEP_SHA_1 and key spec RSA_2048 cannot "
                                         "encrypt data larger than 214 bytes.")

    def test_tag_resource_with_duplicate_keys_is_a_tag_exception(self):
        key_id = self.new_key()["KeyId"]
        err = self.error(self.kms().tag_resource, KeyId=key_id,
                         Tags=[{"TagKey": "a", "TagValue": "1"}, {"TagKey": "a", "TagValue": "2"}])
        self.assertEqual((err["Code"], err["Message"]), ("TagException", "Duplicate tag keys"))

    def test_decrypt_naming_a_signing_key_is_incorrect_key(self):
        kms = self.kms()
        blob = kms.encrypt(KeyId=self.new_key()["KeyId"], Plaintext=b"x")["CiphertextBlob"]
        signing = self.new_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyId"]
        err = self.error(kms.decrypt, CiphertextBlob=blob, KeyId=signing)
        self.assertEqual(err["Code"], "IncorrectKeyException")
        self.assertEqual(err["Message"], "The key ID in the request does not identify a CMK that "
                                         "can perform this operation.")

    def test_create_key_of_an_hmac_spec_needs_a_key_usage(self):
        err = self.error(self.kms().create_key, KeySpec="HMAC_256")
        self.assertEqual(err["Message"], "You must specify a KeyUsage value for all KMS keys "
                                         "except for symmetric encryption keys.")

    def test_mac_algorithm_enum_in_aws_order(self):
        key_id = self.new_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyId"]
        kms = self.kms(parameter_validation=False)
        err = self.error(kms.generate_mac, KeyId=key_id, Message=b"m", MacAlgorithm="HMAC_MD5")
        self.assertIn("[HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]", err["Message"])

    # Grants.

    def test_a_grant_lets_another_account_use_the_key(self):
        kms = self.kms()
        meta = self.new_key()
        grant = kms.create_grant(KeyId=meta["KeyId"],
                                 GranteePrincipal=f"arn:aws:iam::{OTHER_ACCOUNT}:root",
                                 Operations=["Encrypt", "Decrypt"], Name="e2e-share")
        self.assertRegex(grant["GrantId"], r"^[0-9a-f]{64}$")
        other = self.kms(access_key=OTHER_ACCOUNT)
        blob = other.encrypt(KeyId=meta["Arn"], Plaintext=b"shared")["CiphertextBlob"]
        opened = other.decrypt(KeyId=meta["Arn"], CiphertextBlob=blob)
        self.assertEqual(opened["Plaintext"], b"shared")
        kms.revoke_grant(KeyId=meta["KeyId"], GrantId=grant["GrantId"])
        err = self.error(other.encrypt, KeyId=meta["Arn"], Plaintext=b"x")
        self.assertEqual(err["Code"], "NotFoundException")

    def test_list_and_retire_grants(self):
        kms = self.kms()
        key_id = self.new_key()["KeyId"]
        retiring = f"arn:aws:iam::{OTHER_ACCOUNT}:root"
        grant = kms.create_grant(KeyId=key_id, GranteePrincipal=retiring,
                                 RetiringPrincipal=retiring, Operations=["Decrypt"])
        listed = kms.list_grants(KeyId=key_id)["Grants"]
        self.assertEqual([g["GrantId"] for g in listed], [grant["GrantId"]])
        self.assertEqual(listed[0]["Operations"], ["Decrypt"])
        retirable = kms.list_retirable_grants(RetiringPrincipal=retiring)["Grants"]
        self.assertIn(grant["GrantId"], [g["GrantId"] for g in retirable])
        kms.retire_grant(GrantToken=grant["GrantToken"])
        self.assertEqual(kms.list_grants(KeyId=key_id)["Grants"], [])

    # Imported key material.

    def import_material(self, kms, key_id, material, algorithm="RSAES_OAEP_SHA_256", **kw):
        params = kms.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm=algorithm,
                                               WrappingKeySpec="RSA_2048")
        public = serialization.load_der_public_key(params["PublicKey"])
        digest = hashes.SHA1() if algorithm.endswith("SHA_1") else hashes.SHA256()
        wrapped = public.encrypt(material, padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest,
                                                        label=None))
        return kms.import_key_material(KeyId=key_id, ImportToken=params["ImportToken"],
                                       EncryptedKeyMaterial=wrapped, **kw)

    def test_imported_symmetric_material_enables_the_key(self):
        kms = self.kms()
        key_id = self.new_key(Origin="EXTERNAL")["KeyId"]
        self.assertEqual(kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"], "PendingImport")
        self.import_material(kms, key_id, os.urandom(32),
                             ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
        self.assertEqual(kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"], "Enabled")
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"imported")["CiphertextBlob"]
        self.assertEqual(kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"imported")

    def test_imported_hmac_material_is_the_mac_key(self):
        kms = self.kms()
        key_id = self.new_key(Origin="EXTERNAL", KeySpec="HMAC_256",
                              KeyUsage="GENERATE_VERIFY_MAC")["KeyId"]
        material = os.urandom(32)
        self.import_material(kms, key_id, material, algorithm="RSAES_OAEP_SHA_1",
                             ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
        mac = kms.generate_mac(KeyId=key_id, Message=b"hello", MacAlgorithm="HMAC_SHA_256")["Mac"]
        self.assertEqual(mac, hmac.new(material, b"hello", hashlib.sha256).digest())

    def test_expiring_material_reports_valid_to(self):
        kms = self.kms()
        key_id = self.new_key(Origin="EXTERNAL")["KeyId"]
        valid_to = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=3)
        self.import_material(kms, key_id, os.urandom(32), ValidTo=valid_to)
        meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
        self.assertEqual(meta["ExpirationModel"], "KEY_MATERIAL_EXPIRES")
        self.assertEqual(int(meta["ValidTo"].timestamp()), int(valid_to.timestamp()))

    def test_delete_imported_key_material(self):
        kms = self.kms()
        key_id = self.new_key(Origin="EXTERNAL")["KeyId"]
        self.import_material(kms, key_id, os.urandom(32),
                             ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
        kms.delete_imported_key_material(KeyId=key_id)
        self.assertEqual(kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"], "PendingImport")

    def test_import_token_of_another_key_is_invalid(self):
        kms = self.kms()
        key_id = self.new_key(Origin="EXTERNAL")["KeyId"]
        params = kms.get_parameters_for_import(KeyId=self.new_key(Origin="EXTERNAL")["KeyId"],
                                               WrappingAlgorithm="RSAES_OAEP_SHA_256",
                                               WrappingKeySpec="RSA_2048")
        err = self.error(kms.import_key_material, KeyId=key_id, ImportToken=params["ImportToken"],
                         EncryptedKeyMaterial=b"x" * 256,
                         ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
        self.assertEqual(err["Code"], "InvalidImportTokenException")

    # Rotation on demand.

    def test_rotate_on_demand_keeps_old_ciphertexts(self):
        kms = self.kms()
        key_id = self.new_key()["KeyId"]
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"before")["CiphertextBlob"]
        self.assertEqual(kms.rotate_key_on_demand(KeyId=key_id)["KeyId"], key_id)
        rotations = kms.list_key_rotations(KeyId=key_id)["Rotations"]
        self.assertEqual([r["RotationType"] for r in rotations], ["ON_DEMAND"])
        self.assertEqual(kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"before")

    # Multi-Region keys.

    def test_a_replica_decrypts_a_ciphertext_of_the_primary(self):
        kms = self.kms()
        primary = self.new_key(MultiRegion=True)
        self.assertTrue(primary["KeyId"].startswith("mrk-"))
        replica = kms.replicate_key(KeyId=primary["KeyId"], ReplicaRegion="eu-west-1")
        meta = replica["ReplicaKeyMetadata"]
        self.assertEqual(meta["KeyId"], primary["KeyId"])
        self.assertEqual(meta["MultiRegionConfiguration"]["MultiRegionKeyType"], "REPLICA")
        blob = kms.encrypt(KeyId=primary["KeyId"], Plaintext=b"global")["CiphertextBlob"]
        eu = self.kms(region="eu-west-1")
        self.assertEqual(eu.decrypt(CiphertextBlob=blob)["Plaintext"], b"global")
        config = kms.describe_key(KeyId=primary["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"]
        self.assertEqual(config["ReplicaKeys"], [{"Arn": meta["Arn"], "Region": "eu-west-1"}])

    def test_update_primary_region(self):
        kms = self.kms()
        key_id = self.new_key(MultiRegion=True)["KeyId"]
        kms.replicate_key(KeyId=key_id, ReplicaRegion="eu-central-1")
        kms.update_primary_region(KeyId=key_id, PrimaryRegion="eu-central-1")
        eu = self.kms(region="eu-central-1")
        config = eu.describe_key(KeyId=key_id)["KeyMetadata"]["MultiRegionConfiguration"]
        self.assertEqual(config["MultiRegionKeyType"], "PRIMARY")
        self.assertEqual(config["PrimaryKey"]["Region"], "eu-central-1")

    # DeriveSharedSecret.

    def test_derive_shared_secret_matches_the_client_side_ecdh(self):
        kms = self.kms()
        key_id = self.new_key(KeySpec="ECC_NIST_P256", KeyUsage="KEY_AGREEMENT")["KeyId"]
        client_key = ec.generate_private_key(ec.SECP256R1())
        client_public = client_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        secret = kms.derive_shared_secret(KeyId=key_id, KeyAgreementAlgorithm="ECDH",
                                          PublicKey=client_public)["SharedSecret"]
        kms_public = serialization.load_der_public_key(
            kms.get_public_key(KeyId=key_id)["PublicKey"])
        self.assertEqual(secret, client_key.exchange(ec.ECDH(), kms_public))
