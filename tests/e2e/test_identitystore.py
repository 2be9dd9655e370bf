"""Identity Store against the real binary: boto3 and the AWS CLI.

A store exists while an ACTIVE IAM Identity Center instance of the caller's account and region has
it (SSO Admin CreateInstance makes one per account), so each test acts in an account of its own
(a 12-digit access key id is that account) and first creates that account's instance. Any other
IdentityStoreId, well-formed but not the caller's, is ResourceNotFoundException (IDENTITY_STORE).
"""
import random
import re
import time

from botocore.exceptions import ClientError

from harness import EmulatorTestCase

UNKNOWN_STORE = "d-0000000000"


def new_account():
    return "".join(random.choice("123456789") for _ in range(12))


class IdentityStoreTest(EmulatorTestCase):
    def setUp(self):
        self.account = new_account()
        self.ids = self.client("identitystore", access_key=self.account)
        self.instance, self.store = self.new_instance(self.account)

    def new_instance(self, account):
        """An ACTIVE instance of `account` in us-east-1: its ARN and identity store id."""
        sso = self.client("sso-admin", access_key=account)
        arn = sso.create_instance()["InstanceArn"]
        deadline = time.time() + 15
        while True:
            described = sso.describe_instance(InstanceArn=arn)
            if described["Status"] == "ACTIVE":
                return arn, described["IdentityStoreId"]
            self.assertLess(time.time(), deadline, described)
            time.sleep(0.02)

    def error(self, cm):
        return cm.exception.response["Error"]["Code"]

    def assert_error(self, cm, code, message, **members):
        """The whole error: code, status 400, message and exactly the modelled `members`, plus
        the RequestId member every Identity Store error shape has (the request's id)."""
        response = cm.exception.response
        self.assertEqual(response["Error"], {"Code": code, "Message": message})
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        body = {k: v for k, v in response.items() if k not in ("Error", "ResponseMetadata")}
        self.assertEqual(body, {"Message": message,
                                "RequestId": response["ResponseMetadata"]["RequestId"],
                                **members})

    def create_user(self, user_name, display_name=None, store=None, **extra):
        return self.ids.create_user(
            IdentityStoreId=store or self.store, UserName=user_name,
            DisplayName=display_name or user_name.title(),
            Name={"GivenName": "Jane", "FamilyName": "Doe"}, **extra)["UserId"]

    def create_group(self, name, **extra):
        return self.ids.create_group(IdentityStoreId=self.store, DisplayName=name,
                                     **extra)["GroupId"]

    def test_create_and_describe_user(self):
        user_id = self.create_user(
            "jdoe", "Jane Doe", Emails=[{"Value": "jdoe@example.com", "Type": "work",
                                        "Primary": True}], Title="Engineer")
        self.assertRegex(user_id, r"^" + self.store[2:] +
                         r"-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        user = self.ids.describe_user(IdentityStoreId=self.store, UserId=user_id)
        self.assertEqual(user["UserName"], "jdoe")
        self.assertEqual(user["DisplayName"], "Jane Doe")
        self.assertEqual(user["Name"], {"GivenName": "Jane", "FamilyName": "Doe"})
        self.assertEqual(user["Emails"], [{"Value": "jdoe@example.com", "Type": "work",
                                           "Primary": True}])
        self.assertEqual(user["Title"], "Engineer")
        self.assertEqual(user["IdentityStoreId"], self.store)
        self.assertEqual(user["UserId"], user_id)

    def test_duplicate_user_name_is_conflict(self):
        self.create_user("dup")
        with self.assertRaises(ClientError) as cm:
            self.create_user("dup")
        self.assert_error(cm, "ConflictException", "Duplicate UserName", Reason="UNIQUENESS_CONSTRAINT_VIOLATION")

    def test_create_user_requires_display_name_and_name(self):
        with self.assertRaises(ClientError) as cm:
            self.ids.create_user(IdentityStoreId=self.store, UserName="partial")
        self.assert_error(cm, "ValidationException",
                          "displayname: The attribute displayname is required, "
                          "name: The attribute name is required")
        self.assertEqual(self.ids.list_users(IdentityStoreId=self.store)["Users"], [])

    def test_describe_unknown_user_is_not_found(self):
        with self.assertRaises(ClientError) as cm:
            self.ids.describe_user(IdentityStoreId=self.store,
                                   UserId="9067000000-00000000-0000-0000-0000-000000000000")
        self.assert_error(cm, "ResourceNotFoundException", "USER not found.", ResourceType="USER",
                          ResourceId="9067000000-00000000-0000-0000-0000-000000000000")

    def test_stores_are_separate(self):
        self.create_user("alone")
        other_account = new_account()
        _, other_store = self.new_instance(other_account)
        other = self.client("identitystore", access_key=other_account)
        self.assertEqual(other.list_users(IdentityStoreId=other_store)["Users"], [])

    def test_list_users_filter_and_paging(self):
        created = {self.create_user(f"user{i}") for i in range(5)}
        first = self.ids.list_users(IdentityStoreId=self.store, MaxResults=2)
        self.assertEqual(len(first["Users"]), 2)
        seen = [u["UserId"] for u in first["Users"]]
        token = first["NextToken"]
        while token:
            page = self.ids.list_users(IdentityStoreId=self.store, MaxResults=2, NextToken=token)
            seen += [u["UserId"] for u in page["Users"]]
            token = page.get("NextToken")
        self.assertEqual(len(seen), 5)
        self.assertEqual(set(seen), created)
        filtered = self.ids.list_users(
            IdentityStoreId=self.store,
            Filters=[{"AttributePath": "UserName", "AttributeValue": "user3"}])["Users"]
        self.assertEqual([u["UserName"] for u in filtered], ["user3"])
        with self.assertRaises(ClientError) as cm:
            self.ids.list_users(IdentityStoreId=self.store,
                                Filters=[{"AttributePath": "Title", "AttributeValue": "x"}])
        self.assert_error(cm, "ValidationException",
                          "The attribute path Title is not a supported filter attribute.")

    def test_update_user_operations(self):
        user_id = self.create_user("upd", "Old Name")
        self.ids.update_user(IdentityStoreId=self.store, UserId=user_id, Operations=[
            {"AttributePath": "displayName", "AttributeValue": "New Name"},
            {"AttributePath": "name.givenName", "AttributeValue": "Janet"},
            {"AttributePath": "emails", "AttributeValue": [{"value": "n@example.com",
                                                            "primary": True}]},
            {"AttributePath": "title", "AttributeValue": "Boss"},
        ])
        user = self.ids.describe_user(IdentityStoreId=self.store, UserId=user_id)
        self.assertEqual(user["DisplayName"], "New Name")
        self.assertEqual(user["Name"], {"GivenName": "Janet", "FamilyName": "Doe"})
        self.assertEqual(user["Emails"], [{"Value": "n@example.com", "Primary": True}])
        self.assertEqual(user["Title"], "Boss")
        self.ids.update_user(IdentityStoreId=self.store, UserId=user_id,
                             Operations=[{"AttributePath": "title"}])
        self.assertNotIn("Title", self.ids.describe_user(IdentityStoreId=self.store,
                                                         UserId=user_id))
        self.create_user("taken")
        with self.assertRaises(ClientError) as cm:
            self.ids.update_user(IdentityStoreId=self.store, UserId=user_id, Operations=[
                {"AttributePath": "userName", "AttributeValue": "taken"}])
        self.assert_error(cm, "ConflictException", "Duplicate UserName", Reason="UNIQUENESS_CONSTRAINT_VIOLATION")
        with self.assertRaises(ClientError) as cm:
            self.ids.update_user(IdentityStoreId=self.store, UserId=user_id, Operations=[
                {"AttributePath": "title", "AttributeValue": "Ignored"},
                {"AttributePath": "shoeSize", "AttributeValue": "44"}])
        self.assert_error(cm, "ValidationException", "Invalid attribute path shoeSize.")
        # A failed update changes nothing.
        self.assertNotIn("Title", self.ids.describe_user(IdentityStoreId=self.store,
                                                         UserId=user_id))

    def test_get_user_id_by_user_name_and_email(self):
        user_id = self.create_user("lookup", Emails=[{"Value": "lookup@example.com"}])
        by_name = self.ids.get_user_id(IdentityStoreId=self.store, AlternateIdentifier={
            "UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "lookup"}})
        self.assertEqual(by_name["UserId"], user_id)
        by_email = self.ids.get_user_id(IdentityStoreId=self.store, AlternateIdentifier={
            "UniqueAttribute": {"AttributePath": "emails.value",
                                "AttributeValue": "lookup@example.com"}})
        self.assertEqual(by_email["UserId"], user_id)
        with self.assertRaises(ClientError) as cm:
            self.ids.get_user_id(IdentityStoreId=self.store, AlternateIdentifier={
                "UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "missing"}})
        # Found by attribute, not by id: the error names no ResourceId.
        self.assert_error(cm, "ResourceNotFoundException", "USER not found.", ResourceType="USER")
        with self.assertRaises(ClientError) as cm:
            self.ids.get_user_id(IdentityStoreId=self.store, AlternateIdentifier={
                "ExternalId": {"Issuer": "scim", "Id": "123"}})
        self.assert_error(cm, "ResourceNotFoundException", "USER not found.", ResourceType="USER")

    def test_delete_user(self):
        user_id = self.create_user("gone")
        self.ids.delete_user(IdentityStoreId=self.store, UserId=user_id)
        with self.assertRaises(ClientError) as cm:
            self.ids.describe_user(IdentityStoreId=self.store, UserId=user_id)
        self.assert_error(cm, "ResourceNotFoundException", "USER not found.", ResourceType="USER",
                          ResourceId=user_id)
        with self.assertRaises(ClientError) as cm:
            self.ids.delete_user(IdentityStoreId=self.store, UserId=user_id)
        self.assert_error(cm, "ResourceNotFoundException", "USER not found.", ResourceType="USER",
                          ResourceId=user_id)

    def test_groups(self):
        group_id = self.create_group("Admins", Description="admins")
        group = self.ids.describe_group(IdentityStoreId=self.store, GroupId=group_id)
        self.assertEqual(group["DisplayName"], "Admins")
        self.assertEqual(group["Description"], "admins")
        with self.assertRaises(ClientError) as cm:
            self.create_group("Admins")
        self.assert_error(cm, "ConflictException", "Duplicate GroupDisplayName", Reason="UNIQUENESS_CONSTRAINT_VIOLATION")
        self.create_group("Readers")
        listed = self.ids.list_groups(IdentityStoreId=self.store)["Groups"]
        self.assertEqual(sorted(g["DisplayName"] for g in listed), ["Admins", "Readers"])
        filtered = self.ids.list_groups(IdentityStoreId=self.store, Filters=[
            {"AttributePath": "DisplayName", "AttributeValue": "Readers"}])["Groups"]
        self.assertEqual([g["DisplayName"] for g in filtered], ["Readers"])
        self.ids.update_group(IdentityStoreId=self.store, GroupId=group_id, Operations=[
            {"AttributePath": "displayName", "AttributeValue": "Operators"}])
        self.assertEqual(self.ids.get_group_id(IdentityStoreId=self.store, AlternateIdentifier={
            "UniqueAttribute": {"AttributePath": "displayName",
                                "AttributeValue": "Operators"}})["GroupId"], group_id)
        self.ids.delete_group(IdentityStoreId=self.store, GroupId=group_id)
        with self.assertRaises(ClientError) as cm:
            self.ids.describe_group(IdentityStoreId=self.store, GroupId=group_id)
        self.assert_error(cm, "ResourceNotFoundException", "GROUP not found.",
                          ResourceType="GROUP", ResourceId=group_id)

    def test_group_memberships(self):
        user_id = self.create_user("member")
        group_a = self.create_group("A")
        group_b = self.create_group("B")
        membership = self.ids.create_group_membership(
            IdentityStoreId=self.store, GroupId=group_a, MemberId={"UserId": user_id})
        membership_id = membership["MembershipId"]
        with self.assertRaises(ClientError) as cm:
            self.ids.create_group_membership(IdentityStoreId=self.store, GroupId=group_a,
                                             MemberId={"UserId": user_id})
        self.assert_error(cm, "ConflictException", "Member and Group relationship already exists.",
                          Reason="UNIQUENESS_CONSTRAINT_VIOLATION")
        described = self.ids.describe_group_membership(IdentityStoreId=self.store,
                                                       MembershipId=membership_id)
        self.assertEqual(described["GroupId"], group_a)
        self.assertEqual(described["MemberId"], {"UserId": user_id})
        self.assertEqual(self.ids.get_group_membership_id(
            IdentityStoreId=self.store, GroupId=group_a,
            MemberId={"UserId": user_id})["MembershipId"], membership_id)
        listed = self.ids.list_group_memberships(IdentityStoreId=self.store,
                                                 GroupId=group_a)["GroupMemberships"]
        self.assertEqual([m["MembershipId"] for m in listed], [membership_id])
        for_member = self.ids.list_group_memberships_for_member(
            IdentityStoreId=self.store, MemberId={"UserId": user_id})["GroupMemberships"]
        self.assertEqual([m["GroupId"] for m in for_member], [group_a])
        results = self.ids.is_member_in_groups(IdentityStoreId=self.store,
                                               MemberId={"UserId": user_id},
                                               GroupIds=[group_a, group_b])["Results"]
        self.assertEqual({r["GroupId"]: r["MembershipExists"] for r in results},
                         {group_a: True, group_b: False})
        with self.assertRaises(ClientError) as cm:
            self.ids.create_group_membership(
                IdentityStoreId=self.store, GroupId=group_b,
                MemberId={"UserId": "9067000000-00000000-0000-0000-0000-000000000000"})
        self.assert_error(cm, "ResourceNotFoundException", "USER not found.", ResourceType="USER",
                          ResourceId="9067000000-00000000-0000-0000-0000-000000000000")
        self.ids.delete_group_membership(IdentityStoreId=self.store, MembershipId=membership_id)
        with self.assertRaises(ClientError) as cm:
            self.ids.get_group_membership_id(IdentityStoreId=self.store, GroupId=group_a,
                                             MemberId={"UserId": user_id})
        self.assert_error(cm, "ResourceNotFoundException", "GROUP_MEMBERSHIP not found.",
                          ResourceType="GROUP_MEMBERSHIP")
        with self.assertRaises(ClientError) as cm:
            self.ids.describe_group_membership(IdentityStoreId=self.store,
                                               MembershipId=membership_id)
        self.assert_error(cm, "ResourceNotFoundException", "GROUP_MEMBERSHIP not found.",
                          ResourceType="GROUP_MEMBERSHIP", ResourceId=membership_id)

    def test_deleting_a_user_removes_its_memberships(self):
        user_id = self.create_user("leaving")
        group_id = self.create_group("Team")
        self.ids.create_group_membership(IdentityStoreId=self.store, GroupId=group_id,
                                         MemberId={"UserId": user_id})
        self.ids.delete_user(IdentityStoreId=self.store, UserId=user_id)
        self.assertEqual(self.ids.list_group_memberships(
            IdentityStoreId=self.store, GroupId=group_id)["GroupMemberships"], [])

    def test_membership_paging(self):
        group_id = self.create_group("Big")
        for i in range(3):
            self.ids.create_group_membership(IdentityStoreId=self.store, GroupId=group_id,
                                             MemberId={"UserId": self.create_user(f"m{i}")})
        pages = list(self.ids.get_paginator("list_group_memberships").paginate(
            IdentityStoreId=self.store, GroupId=group_id, PaginationConfig={"PageSize": 2}))
        self.assertEqual([len(p["GroupMemberships"]) for p in pages], [2, 1])

    def assert_not_present(self, cm, store):
        self.assert_error(cm, "ResourceNotFoundException",
                          "IdentityStore not present for IdentityStoreId: " + store,
                          ResourceType="IDENTITY_STORE", ResourceId=store)

    def test_create_user_in_a_store_never_created_is_not_present(self):
        with self.assertRaises(ClientError) as cm:
            self.create_user("nobody", store=UNKNOWN_STORE)
        self.assert_not_present(cm, UNKNOWN_STORE)

    def test_list_users_in_a_store_never_created_is_not_present(self):
        with self.assertRaises(ClientError) as cm:
            self.ids.list_users(IdentityStoreId=UNKNOWN_STORE)
        self.assert_not_present(cm, UNKNOWN_STORE)

    def test_describe_group_in_a_store_never_created_names_the_store(self):
        with self.assertRaises(ClientError) as cm:
            self.ids.describe_group(IdentityStoreId=UNKNOWN_STORE,
                                    GroupId="0000000000-00000000-0000-0000-0000-000000000000")
        self.assert_not_present(cm, UNKNOWN_STORE)

    def test_store_of_another_account_is_not_present_and_keeps_nothing(self):
        owner = new_account()
        _, theirs = self.new_instance(owner)
        with self.assertRaises(ClientError) as cm:
            self.create_user("intruder", store=theirs)
        self.assert_not_present(cm, theirs)
        owner_ids = self.client("identitystore", access_key=owner)
        self.assertEqual(owner_ids.list_users(IdentityStoreId=theirs)["Users"], [])

    def test_store_is_gone_once_its_instance_is_deleted(self):
        self.create_user("before")
        self.client("sso-admin", access_key=self.account).delete_instance(
            InstanceArn=self.instance)
        with self.assertRaises(ClientError) as cm:
            self.ids.list_users(IdentityStoreId=self.store)
        self.assert_not_present(cm, self.store)

    def test_cli_reports_a_store_never_created(self):
        result = self.aws("identitystore", "list-users", "--identity-store-id", UNKNOWN_STORE,
                          access_key=self.account, check=False)
        self.assertEqual(result.returncode, 255)  # CLI v1: a service error exits 255
        self.assertIn("An error occurred (ResourceNotFoundException) when calling the ListUsers "
                      "operation: IdentityStore not present for IdentityStoreId: d-0000000000",
                      result.stderr)

    def test_bad_store_id_is_validation_error(self):
        with self.assertRaises(ClientError) as cm:
            self.ids.list_users(IdentityStoreId="d-XYZ")
        self.assertEqual(self.error(cm), "ValidationException")

    def test_cli_users(self):
        out = self.aws("identitystore", "create-user", "--identity-store-id", self.store,
                       "--user-name", "cli-user", "--display-name", "CLI User",
                       "--name", "GivenName=Cli,FamilyName=User", access_key=self.account)
        self.assertTrue(re.match(r"^" + self.store[2:] + "-", out["UserId"]))
        users = self.aws("identitystore", "list-users", "--identity-store-id", self.store,
                         access_key=self.account)
        self.assertEqual([u["UserName"] for u in users["Users"]], ["cli-user"])
        found = self.aws("identitystore", "get-user-id", "--identity-store-id", self.store,
                         "--alternate-identifier",
                         '{"UniqueAttribute": {"AttributePath": "userName", '
                         '"AttributeValue": "cli-user"}}', access_key=self.account)
        self.assertEqual(found["UserId"], out["UserId"])
