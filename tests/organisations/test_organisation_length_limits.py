"""Organisations: too long a profile, registration, request to join or directory search is
refused on its form with its limit, saving nothing."""

import pytest

from consortium.models import Membership, Organisation
from tests.factories import UserFactory
from tests.organisations.helpers import registration, url
from tests.organisations.test_profile_editing import edit_data
from tests.personas import client_for

pytestmark = pytest.mark.django_db

REFUSED = (200, 400)  # the form again, with its error: never a server error


def page_text(response):
    return response.content.decode().replace("&#x27;", "'")


def test_a_profile_description_over_10000_characters_is_refused_and_the_profile_is_kept(p):
    client = client_for("org_admin", p)
    before = Organisation.objects.get(pk=p.organisation.pk).description
    response = client.post(
        url("edit", p.organisation), edit_data(client, p.organisation, description="d" * 10_001)
    )
    assert response.status_code in REFUSED
    assert "Description must be 10,000 characters or fewer (it has 10,001)." in page_text(response)
    assert Organisation.objects.get(pk=p.organisation.pk).description == before


def test_registering_with_too_long_a_name_is_refused_and_nothing_is_saved(p):
    client = client_for("anonymous", p)
    client.force_login(
        UserFactory(username="founder"), backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.post(url("register"), registration(name="N" * 201))
    assert response.status_code in REFUSED
    assert "Organisation name must be 200 characters or fewer (it has 201)." in page_text(response)
    assert not Organisation.objects.filter(name__startswith="NNN").exists()


def test_a_request_to_join_over_2000_characters_is_refused_and_nothing_is_saved(p):
    asker = UserFactory(username="asker")
    client = client_for("anonymous", p)
    client.force_login(asker, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(url("join", p.organisation), {"message": "m" * 2001})
    assert response.status_code in REFUSED
    assert "Your message must be 2,000 characters or fewer (it has 2,001)." in page_text(response)
    assert not Membership.objects.filter(user=asker).exists()


def test_a_directory_search_over_200_characters_gets_a_message_not_a_search(client, p):
    response = client.get(url("directory"), {"q": "q" * 201})
    assert response.status_code == 200
    assert "Your search must be 200 characters or fewer (it has 201)." in page_text(response)
