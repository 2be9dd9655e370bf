"""KMS against the real binary: boto3 and the AWS CLI."""
import base64
import datetime
import json
import tempfile

from botocore.exceptions import ClientError

from harness import EmulatorTestCase


class KmsTest(EmulatorTestCase):
    def kms(self, **kw):
        return self.client("kms", **kw)

    def error(self, fn, *args, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(*args, **kwargs)
        return cm.exception.response

    def assert_error(self, resp, code, message, status=400):
        """The whole error: code, HTTP status and message (KMS errors have no other member)."""
        self.assertEqual(resp["Error"]["Code"], code)
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], status)
        self.assertEqual(resp["Error"]["Message"], message)
        # boto3 also fills the members of modelled errors (ValidationException and
        # AccessDeniedException are common errors that KMS's model does not have).
        modelled = {shape.name for shape in self.kms().meta.service_model.error_shapes}
        if code in modelled:
            self.assertEqual(resp["message"], message)

    def bare_error(self, kms, method, **kwargs):
        """Calls kms.`method`, which must fail; returns the parsed error and the raw JSON body."""
        bodies = []
        operation = kms.meta.method_to_api_mapping[method]
        kms.meta.events.register(f"after-call.kms.{operation}",
                                 lambda http_response, **_: bodies.append(http_response.content))
        resp = self.error(getattr(kms, method), **kwargs)
        return resp, json.loads(bodies[0])

    def assert_bare_error(self, resp, body, code):
        """An error AWS sends without any message: the body is the type alone."""
        self.assertEqual(resp["Error"]["Code"], code)
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(resp["Error"]["Message"], "")
        self.assertNotIn("message", resp)
        self.assertEqual(body, {"__type": code})

    def new_key(self, **kw):
        return self.kms().create_key(**kw)["KeyMetadata"]

    def test_create_and_describe_key(self):
        meta = self.new_key(Description="e2e key", Tags=[{"TagKey": "env", "TagValue": "dev"}])
        key_id = meta["KeyId"]
        self.assertRegex(key_id, r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        self.assertEqual(meta["Arn"], f"arn:aws:kms:us-east-1:000000000000:key/{key_id}")
        self.assertEqual(meta["AWSAccountId"], "000000000000")
        self.assertEqual(meta["KeyState"], "Enabled")
        self.assertIs(meta["Enabled"], True)
        self.assertEqual(meta["KeyUsage"], "ENCRYPT_DECRYPT")
        self.assertEqual(meta["KeySpec"], "SYMMETRIC_DEFAULT")
        self.assertEqual(meta["KeyManager"], "CUSTOMER")
        self.assertEqual(meta["Origin"], "AWS_KMS")
        self.assertEqual(meta["EncryptionAlgorithms"], ["SYMMETRIC_DEFAULT"])
        self.assertIs(meta["MultiRegion"], False)
        self.assertIsInstance(meta["CreationDate"], datetime.datetime)
        described = self.kms().describe_key(KeyId=meta["Arn"])["KeyMetadata"]
        self.assertEqual(described["KeyId"], key_id)
        self.assertEqual(described["Description"], "e2e key")
        tags = self.kms().list_resource_tags(KeyId=key_id)
        self.assertEqual(tags["Tags"], [{"TagKey": "env", "TagValue": "dev"}])
        self.assertIs(tags["Truncated"], False)

    def test_describe_unknown_key_is_not_found(self):
        resp = self.error(self.kms().describe_key, KeyId="11111111-2222-3333-4444-555555555555")
        self.assert_error(
            resp, "NotFoundException",
            "Key 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555' "
            "does not exist")

    def test_encrypt_decrypt_round_trip(self):
        kms = self.kms()
        key_id = self.new_key()["KeyId"]
        enc = kms.encrypt(KeyId=key_id, Plaintext=b"top secret \x00\xff",
                          EncryptionContext={"app": "e2e"})
        self.assertEqual(enc["KeyId"], f"arn:aws:kms:us-east-1:000000000000:key/{key_id}")
        self.assertEqual(enc["EncryptionAlgorithm"], "SYMMETRIC_DEFAULT")
        self.assertNotIn(b"top secret", enc["CiphertextBlob"])
        dec = kms.decrypt(CiphertextBlob=enc["CiphertextBlob"], EncryptionContext={"app": "e2e"})
        self.assertEqual(dec["Plaintext"], b"top secret \x00\xff")
        self.assertEqual(dec["KeyId"], enc["KeyId"])
        self.assertEqual(dec["EncryptionAlgorithm"], "SYMMETRIC_DEFAULT")

    def test_wrong_encryption_context_fails(self):
        kms = self.kms()
        key_id = self.new_key()["KeyId"]
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"x",
                           EncryptionContext={"app": "e2e"})["CiphertextBlob"]
        for context in ({"app": "other"}, {}):
            resp, body = self.bare_error(kms, "decrypt", CiphertextBlob=blob,
                                         EncryptionContext=context)
            self.assert_bare_error(resp, body, "InvalidCiphertextException")

    def test_decrypt_with_other_key_id_is_incorrect_key(self):
        kms = self.kms()
        a = self.new_key()["KeyId"]
        b = self.new_key()["KeyId"]
        blob = kms.encrypt(KeyId=a, Plaintext=b"x")["CiphertextBlob"]
        resp = self.error(kms.decrypt, CiphertextBlob=blob, KeyId=b)
        self.assert_error(resp, "IncorrectKeyException",
                          "The key ID in the request does not identify a CMK that can "
                          "perform this operation.")
        self.assertEqual(kms.decrypt(CiphertextBlob=blob, KeyId=a)["Plaintext"], b"x")

    def test_disabled_key_fails_encrypt_and_decrypt(self):
        kms = self.kms()
        key_id = self.new_key()["KeyId"]
        arn = f"arn:aws:kms:us-east-1:000000000000:key/{key_id}"
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
        kms.disable_key(KeyId=key_id)
        meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
        self.assertEqual(meta["KeyState"], "Disabled")
        self.assertIs(meta["Enabled"], False)
        resp = self.error(kms.encrypt, KeyId=key_id, Plaintext=b"y")
        self.assert_error(resp, "DisabledException", f"{arn} is disabled.")
        resp = self.error(kms.decrypt, CiphertextBlob=blob)
        self.assert_error(resp, "DisabledException", f"{arn} is disabled.")
        kms.enable_key(KeyId=key_id)
        self.assertEqual(kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"x")

    def test_pending_deletion_is_invalid_state_and_cancel_disables(self):
        kms = self.kms()
        key_id = self.new_key()["KeyId"]
        arn = f"arn:aws:kms:us-east-1:000000000000:key/{key_id}"
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
        out = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
        self.assertEqual(out["KeyId"], arn)
        self.assertEqual(out["KeyState"], "PendingDeletion")
        self.assertEqual(out["PendingWindowInDays"], 7)
        remaining = out["DeletionDate"] - datetime.datetime.now(datetime.timezone.utc)
        self.assertAlmostEqual(remaining.total_seconds(), 7 * 86400, delta=120)
        meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
        self.assertEqual(meta["KeyState"], "PendingDeletion")
        self.assertEqual(meta["PendingDeletionWindowInDays"], 7)
        self.assertIn("DeletionDate", meta)
        for call, kwargs in ((kms.encrypt, {"KeyId": key_id, "Plaintext": b"y"}),
                             (kms.decrypt, {"CiphertextBlob": blob}),
                             (kms.enable_key, {"KeyId": key_id})):
            resp = self.error(call, **kwargs)
            self.assert_error(resp, "KMSInvalidStateException", f"{arn} is pending deletion.")
        self.assertEqual(kms.cancel_key_deletion(KeyId=key_id)["KeyId"], arn)
        meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
        self.assertEqual(meta["KeyState"], "Disabled")
        self.assertNotIn("DeletionDate", meta)

    def test_pending_window_out_of_range_is_validation_exception(self):
        key_id = self.new_key()["KeyId"]
        resp = self.error(self.kms().schedule_key_deletion, KeyId=key_id, PendingWindowInDays=31)
        self.assert_error(resp, "ValidationException",
                          "1 validation error detected: Value '31' at 'pendingWindowInDays' failed "
                          "to satisfy constraint: Member must have value less than or equal to 30")
        self.assertEqual(self.kms().describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"],
                         "Enabled")

    def test_alias_crud_and_paging(self):
        kms = self.kms()
        prefix = self.unique("alias/pg")
        a = self.new_key()["KeyId"]
        b = self.new_key()["KeyId"]
        names = [f"{prefix}-{i}" for i in range(5)]
        for name in names:
            kms.create_alias(AliasName=name, TargetKeyId=a)
        resp = self.error(kms.create_alias, AliasName=names[0], TargetKeyId=b)
        self.assert_error(resp, "AlreadyExistsException",
                          f"An alias with the name arn:aws:kms:us-east-1:000000000000:{names[0]} "
                          "already exists")
        seen, marker, pages = [], None, 0
        while True:
            kwargs = {"KeyId": a, "Limit": 2}
            if marker:
                kwargs["Marker"] = marker
            page = kms.list_aliases(**kwargs)
            pages += 1
            seen += [x["AliasName"] for x in page["Aliases"]]
            if not page["Truncated"]:
                self.assertNotIn("NextMarker", page)
                break
            marker = page["NextMarker"]
        self.assertEqual(seen, names)
        self.assertEqual(pages, 3)
        kms.update_alias(AliasName=names[0], TargetKeyId=b)
        self.assertEqual(kms.describe_key(KeyId=names[0])["KeyMetadata"]["KeyId"], b)
        entry = kms.list_aliases(KeyId=b)["Aliases"][0]
        self.assertEqual(entry["AliasName"], names[0])
        self.assertEqual(entry["AliasArn"], f"arn:aws:kms:us-east-1:000000000000:{names[0]}")
        self.assertEqual(entry["TargetKeyId"], b)
        self.assertIsInstance(entry["LastUpdatedDate"], datetime.datetime)
        kms.delete_alias(AliasName=names[0])
        resp = self.error(kms.describe_key, KeyId=names[0])
        self.assert_error(resp, "NotFoundException",
                          f"Alias arn:aws:kms:us-east-1:000000000000:{names[0]} is not found.")

    def test_reserved_and_malformed_alias_names(self):
        kms = self.kms()
        key_id = self.new_key()["KeyId"]
        resp = self.error(kms.create_alias, AliasName="alias/aws/mine", TargetKeyId=key_id)
        self.assert_error(resp, "InvalidAliasNameException",
                          "Alias names that begin with alias/aws/ are reserved for AWS managed keys.")
        resp = self.error(kms.create_alias, AliasName="no-prefix", TargetKeyId=key_id)
        self.assert_error(resp, "ValidationException",
                          'Alias must start with the prefix "alias/". Please see '
                          "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html")
        self.assertEqual(kms.list_aliases(KeyId=key_id)["Aliases"], [])

    def test_aws_managed_ssm_key_is_created_on_first_use(self):
        # A fresh account, so no earlier test created alias/aws/ssm.
        kms = self.kms(access_key="222233334444")
        # Listed before first use, as AWS lists its predefined aliases: without a target.
        aliases = {a["AliasName"]: a for a in kms.list_aliases()["Aliases"]}
        self.assertEqual(aliases["alias/aws/ssm"]["AliasArn"],
                         "arn:aws:kms:us-east-1:222233334444:alias/aws/ssm")
        self.assertNotIn("TargetKeyId", aliases["alias/aws/ssm"])
        self.assertEqual(kms.list_keys()["Keys"], [])
        enc = kms.encrypt(KeyId="alias/aws/ssm", Plaintext=b"param")
        meta = kms.describe_key(KeyId="alias/aws/ssm")["KeyMetadata"]
        self.assertEqual(meta["KeyManager"], "AWS")
        self.assertEqual(meta["Arn"], enc["KeyId"])
        self.assertEqual(meta["AWSAccountId"], "222233334444")
        aliases = {a["AliasName"]: a for a in kms.list_aliases()["Aliases"]}
        self.assertEqual(aliases["alias/aws/ssm"]["TargetKeyId"], meta["KeyId"])
        self.assertEqual(kms.decrypt(CiphertextBlob=enc["CiphertextBlob"])["Plaintext"], b"param")
        for call, action in ((kms.disable_key, "DisableKey"),
                             (kms.schedule_key_deletion, "ScheduleKeyDeletion")):
            resp = self.error(call, KeyId=meta["KeyId"])
            self.assert_error(resp, "AccessDeniedException",
                              "User: arn:aws:iam::222233334444:root is not authorized to perform: "
                              f"kms:{action} on resource: {meta['Arn']} because no resource-based "
                              f"policy allows the kms:{action} action")
        self.assertEqual(kms.describe_key(KeyId=meta["KeyId"])["KeyMetadata"]["KeyState"],
                         "Enabled")

    def test_list_keys_pages(self):
        kms = self.kms(access_key="333344445555")
        created = [self.kms(access_key="333344445555").create_key()["KeyMetadata"]["KeyId"]
                   for _ in range(3)]
        page1 = kms.list_keys(Limit=2)
        self.assertIs(page1["Truncated"], True)
        page2 = kms.list_keys(Limit=2, Marker=page1["NextMarker"])
        self.assertIs(page2["Truncated"], False)
        ids = [k["KeyId"] for k in page1["Keys"] + page2["Keys"]]
        self.assertEqual(ids, created)
        resp = self.error(kms.list_keys, Marker="not-a-marker")
        self.assert_error(resp, "InvalidMarkerException", "Invalid marker: not-a-marker")

    def test_generate_data_key_and_re_encrypt(self):
        kms = self.kms()
        a = self.new_key()["KeyId"]
        b = self.new_key()["KeyId"]
        dk = kms.generate_data_key(KeyId=a, KeySpec="AES_256", EncryptionContext={"k": "v"})
        self.assertEqual(len(dk["Plaintext"]), 32)
        re = kms.re_encrypt(CiphertextBlob=dk["CiphertextBlob"],
                            SourceEncryptionContext={"k": "v"}, DestinationKeyId=b)
        self.assertEqual(re["SourceKeyId"], f"arn:aws:kms:us-east-1:000000000000:key/{a}")
        self.assertEqual(re["KeyId"], f"arn:aws:kms:us-east-1:000000000000:key/{b}")
        self.assertEqual(kms.decrypt(CiphertextBlob=re["CiphertextBlob"])["Plaintext"],
                         dk["Plaintext"])
        without = kms.generate_data_key_without_plaintext(KeyId=a, NumberOfBytes=16)
        self.assertNotIn("Plaintext", without)
        self.assertEqual(len(kms.decrypt(CiphertextBlob=without["CiphertextBlob"])["Plaintext"]),
                         16)
        resp = self.error(kms.generate_data_key, KeyId=a)
        self.assert_error(resp, "ValidationException",
                          "Please specify either number of bytes or key spec.")

    def test_tags(self):
        kms = self.kms()
        key_id = self.new_key()["KeyId"]
        kms.tag_resource(KeyId=key_id, Tags=[{"TagKey": "b", "TagValue": "2"},
                                             {"TagKey": "a", "TagValue": "1"}])
        page = kms.list_resource_tags(KeyId=key_id, Limit=1)
        self.assertEqual(page["Tags"], [{"TagKey": "a", "TagValue": "1"}])
        self.assertIs(page["Truncated"], True)
        page = kms.list_resource_tags(KeyId=key_id, Marker=page["NextMarker"])
        self.assertEqual(page["Tags"], [{"TagKey": "b", "TagValue": "2"}])
        kms.untag_resource(KeyId=key_id, TagKeys=["a"])
        self.assertEqual(kms.list_resource_tags(KeyId=key_id)["Tags"],
                         [{"TagKey": "b", "TagValue": "2"}])
        resp = self.error(kms.tag_resource, KeyId=key_id,
                          Tags=[{"TagKey": "aws:reserved", "TagValue": "x"}])
        self.assert_error(resp, "TagException", "Tags beginning with aws: are reserved")

    def test_sign_verifies_with_the_public_key_outside_kms(self):
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec, padding
        kms = self.kms()
        rsa_key = self.new_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyId"]
        public = serialization.load_der_public_key(kms.get_public_key(KeyId=rsa_key)["PublicKey"])
        sig = kms.sign(KeyId=rsa_key, Message=b"release-1.0", SigningAlgorithm="RSASSA_PSS_SHA_256")
        self.assertEqual(sig["SigningAlgorithm"], "RSASSA_PSS_SHA_256")
        public.verify(sig["Signature"], b"release-1.0",
                      padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                      hashes.SHA256())
        ec_key = self.new_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyId"]
        ec_public = serialization.load_der_public_key(kms.get_public_key(KeyId=ec_key)["PublicKey"])
        sig = kms.sign(KeyId=ec_key, Message=b"msg", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
        ec_public.verify(sig, b"msg", ec.ECDSA(hashes.SHA256()))
        self.assertIs(kms.verify(KeyId=ec_key, Message=b"msg", Signature=sig,
                                 SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"], True)
        resp, body = self.bare_error(kms, "verify", KeyId=ec_key, Message=b"other",
                                     Signature=sig, SigningAlgorithm="ECDSA_SHA_256")
        self.assert_bare_error(resp, body, "KMSInvalidSignatureException")

    def test_rsa_encrypt_outside_kms_decrypts_inside(self):
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
        kms = self.kms()
        key_id = self.new_key(KeySpec="RSA_3072", KeyUsage="ENCRYPT_DECRYPT")["KeyId"]
        public = serialization.load_der_public_key(kms.get_public_key(KeyId=key_id)["PublicKey"])
        blob = public.encrypt(b"offline", padding.OAEP(mgf=padding.MGF1(hashes.SHA256()),
                                                       algorithm=hashes.SHA256(), label=None))
        out = kms.decrypt(KeyId=key_id, CiphertextBlob=blob,
                          EncryptionAlgorithm="RSAES_OAEP_SHA_256")
        self.assertEqual(out["Plaintext"], b"offline")
        self.assertEqual(out["EncryptionAlgorithm"], "RSAES_OAEP_SHA_256")

    def test_hmac_keys(self):
        import hashlib
        kms = self.kms()
        key_id = self.new_key(KeySpec="HMAC_384", KeyUsage="GENERATE_VERIFY_MAC")["KeyId"]
        mac = kms.generate_mac(KeyId=key_id, Message=b"m", MacAlgorithm="HMAC_SHA_384")["Mac"]
        self.assertEqual(len(mac), hashlib.sha384().digest_size)
        self.assertIs(kms.verify_mac(KeyId=key_id, Message=b"m", Mac=mac,
                                     MacAlgorithm="HMAC_SHA_384")["MacValid"], True)
        resp, body = self.bare_error(kms, "verify_mac", KeyId=key_id, Message=b"n", Mac=mac,
                                     MacAlgorithm="HMAC_SHA_384")
        self.assert_bare_error(resp, body, "KMSInvalidMacException")

    def test_malformed_key_arn_is_invalid_arn_where_listed_else_not_found(self):
        kms = self.kms()
        bad = "arn:aws:kms:us-east-1:000000000000:thing/x"
        resp = self.error(kms.describe_key, KeyId=bad)
        self.assert_error(resp, "InvalidArnException", f"Invalid arn {bad}")
        resp = self.error(kms.encrypt, KeyId=bad, Plaintext=b"x")
        self.assert_error(resp, "NotFoundException", f"Invalid keyId '{bad}'")

    def test_encrypt_with_a_signing_key_is_invalid_key_usage(self):
        key = self.new_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
        resp = self.error(self.kms().encrypt, KeyId=key["KeyId"], Plaintext=b"x")
        self.assert_error(resp, "InvalidKeyUsageException",
                          f"{key['Arn']} key usage is SIGN_VERIFY which is not valid for Encrypt.")

    def test_dry_run_is_dry_run_operation(self):
        resp = self.error(self.kms().generate_data_key, KeyId=self.new_key()["KeyId"],
                          NumberOfBytes=16, DryRun=True)
        self.assert_error(resp, "DryRunOperationException",
                          "The request would have succeeded, but the DryRun option is set.")

    def test_fifty_first_tag_is_limit_exceeded(self):
        key_id = self.new_key()["KeyId"]
        tags = [{"TagKey": f"k{i}", "TagValue": "v"} for i in range(51)]
        resp = self.error(self.kms().tag_resource, KeyId=key_id, Tags=tags)
        self.assert_error(resp, "LimitExceededException",
                          "The request was rejected because a quota was exceeded: a KMS key can "
                          "have at most 50 tags.")

    def test_policy_that_is_not_json_is_malformed_policy_document(self):
        resp = self.error(self.kms().put_key_policy, KeyId=self.new_key()["KeyId"],
                          PolicyName="default", Policy="not json")
        self.assert_error(resp, "MalformedPolicyDocumentException",
                          "The policy document is not valid JSON.")

    def test_rotation_of_an_hmac_key_is_unsupported_operation(self):
        key = self.new_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
        resp = self.error(self.kms().enable_key_rotation, KeyId=key["KeyId"])
        self.assert_error(resp, "UnsupportedOperationException",
                          f"{key['Arn']} key type or origin does not support automatic key "
                          "rotation.")

    def test_unknown_custom_key_store_is_custom_key_store_not_found(self):
        resp = self.error(self.kms().generate_random, NumberOfBytes=8,
                          CustomKeyStoreId="cks-1234567890abcdef0")
        self.assert_error(resp, "CustomKeyStoreNotFoundException",
                          "Custom key store cks-1234567890abcdef0 does not exist")

    def test_what_nimbus_does_not_emulate_is_not_implemented_501(self):
        key = self.new_key(KeySpec="ML_DSA_65", KeyUsage="SIGN_VERIFY")
        resp = self.error(self.kms().sign, KeyId=key["KeyId"], Message=b"m",
                          SigningAlgorithm="ML_DSA_SHAKE_256")
        self.assertEqual(resp["Error"]["Code"], "NotImplemented")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 501)
        self.assertEqual(resp["Error"]["Message"],
                         "nimbus does not emulate the key material of ML_DSA_65 keys.")


class KmsCliTest(EmulatorTestCase):
    def test_cli_encrypt_decrypt_and_aliases(self):
        key = self.aws("kms", "create-key", "--description", "cli key")["KeyMetadata"]
        self.assertEqual(key["Description"], "cli key")
        alias = self.unique("alias/cli")
        self.assertIsNone(self.aws("kms", "create-alias", "--alias-name", alias,
                                   "--target-key-id", key["KeyId"]))
        listed = self.aws("kms", "list-aliases", "--key-id", key["KeyId"])["Aliases"]
        self.assertEqual([a["AliasName"] for a in listed], [alias])
        # CLI v1 sends a blob argument's text as the bytes; fileb:// reads raw bytes.
        enc = self.aws("kms", "encrypt", "--key-id", alias, "--plaintext", "cli secret")
        self.assertEqual(enc["KeyId"], key["Arn"])
        with tempfile.NamedTemporaryFile(suffix=".bin") as blob:
            blob.write(base64.b64decode(enc["CiphertextBlob"]))
            blob.flush()
            dec = self.aws("kms", "decrypt", "--ciphertext-blob", f"fileb://{blob.name}")
        self.assertEqual(base64.b64decode(dec["Plaintext"]), b"cli secret")
        self.assertEqual(dec["KeyId"], key["Arn"])

    def test_cli_disabled_key_error(self):
        key = self.aws("kms", "create-key")["KeyMetadata"]
        self.aws("kms", "disable-key", "--key-id", key["KeyId"])
        result = self.aws("kms", "encrypt", "--key-id", key["KeyId"], "--plaintext",
                          "x", check=False)
        self.assertEqual(result.returncode, 255)  # CLI v1: a service error exits 255
        self.assertIn("DisabledException", result.stderr)
        self.assertIn(f"{key['Arn']} is disabled.", result.stderr)

    def test_cli_schedule_deletion(self):
        key = self.aws("kms", "create-key")["KeyMetadata"]
        out = self.aws("kms", "schedule-key-deletion", "--key-id", key["KeyId"],
                       "--pending-window-in-days", "10")
        self.assertEqual(out["KeyState"], "PendingDeletion")
        self.assertEqual(out["PendingWindowInDays"], 10)
        meta = self.aws("kms", "describe-key", "--key-id", key["KeyId"])["KeyMetadata"]
        self.assertEqual(meta["KeyState"], "PendingDeletion")
        self.assertEqual(json.loads(json.dumps(meta["PendingDeletionWindowInDays"])), 10)


if __name__ == "__main__":
    import unittest
    unittest.main()
