"""Shared by the account tests: the passwords the tests use, and whether a client is
signed in."""

PASSWORD = "shoal-demo"
NEW_PASSWORD = "kettle-lantern-orchard-19"


def is_signed_in(client):
    return "_auth_user_id" in client.session


def confirmed_client(user, password=PASSWORD):
    """A client signed in as ``user`` who has just typed their password again, as the pages
    behind allauth's reauthentication (your data, deleting your account) ask."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client
