"""Shared by the account tests: the passwords the tests use, and whether a client is
signed in."""

PASSWORD = "shoal-demo"
NEW_PASSWORD = "kettle-lantern-orchard-19"


def is_signed_in(client):
    return "_auth_user_id" in client.session
