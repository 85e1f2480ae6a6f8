"""Throttling that holds however it is attacked: forged addresses, many addresses, other
spellings of one account, and more than one app process."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from portal.throttling import client_ip_address
from tests.factories import UserFactory
from tests.platform.deployment import _manage, _production_environment, _succeeded

PASSWORD = "shoal-demo"
LOCKED = "Too many attempts to sign in"


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", email="editor@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Communications"))
    return user


def sign_in(client, login, password, address, **headers):
    return client.post(
        "/accounts/login/", {"login": login, "password": password}, REMOTE_ADDR=address, **headers
    )


def test_production_settings_trust_no_forwarded_header_unless_told():
    code = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"
    result = _succeeded(_manage("shell", "-v0", "-c", code, env=_production_environment()))
    assert result.stdout.split()[-1] == "0"
    told = _production_environment(TRUSTED_PROXY_COUNT="1")
    assert _succeeded(_manage("shell", "-v0", "-c", code, env=told)).stdout.split()[-1] == "1"


def test_deploy_folder_and_nginx_recipe_say_one_proxy():
    from tests.platform.deployment import ROOT

    assert "TRUSTED_PROXY_COUNT=1" in (ROOT / "deploy" / "shoal.env").read_text()
    assert "TRUSTED_PROXY_COUNT=1" in (ROOT / "docs" / "operators" / "nginx.md").read_text()


def test_a_forged_forwarded_header_is_not_the_visitors_address_by_default():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_ip_address(request) == "203.0.113.7"


def test_forged_addresses_do_not_escape_the_lockout(client, editor):
    for n in range(5):
        sign_in(client, "editor", "wrong", "203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = sign_in(client, "editor", PASSWORD, "203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_guessing_from_many_addresses_locks_the_account_everywhere(client, editor):
    # Four wrong passwords from each of five addresses: no address reaches its own limit of
    # five, but the twentieth wrong password for the account locks it.
    answers = [
        sign_in(client, "editor", "wrong", f"198.51.100.{n}").status_code
        for n in range(5)
        for _ in range(4)
    ]
    assert answers == [200] * 19 + [429]
    response = sign_in(client, "editor", PASSWORD, "203.0.113.50")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(SIGN_IN_ACCOUNT_ATTEMPTS=8)
def test_the_account_wide_limit_comes_from_settings(client, editor):
    for n in range(4):
        sign_in(client, "editor", "wrong", f"198.51.100.{n}")
        sign_in(client, "editor", "wrong", f"198.51.100.{n}")
    assert sign_in(client, "editor", PASSWORD, "203.0.113.50").status_code == 429


def test_other_spellings_of_the_account_share_one_count(client, editor):
    for login in ("editor", "EDITOR", " Editor ", "editor@example.org", "Editor@Example.org"):
        sign_in(client, login, "wrong", "203.0.113.7")
    response = sign_in(client, "editor@example.org", PASSWORD, "203.0.113.7")
    assert response.status_code == 429


def test_a_few_mistakes_from_several_places_still_let_the_owner_in(client, editor):
    for n in range(3):
        sign_in(client, "editor", "wrong", f"198.51.100.{n}")
    assert sign_in(client, "editor", PASSWORD, "203.0.113.50").status_code == 302


def test_password_reset_limit_holds_across_app_processes(client, editor):
    def reset():
        return client.post(
            "/accounts/password/reset/", {"email": "editor@example.org"}, REMOTE_ADDR="203.0.113.7"
        )

    for _ in range(5):
        assert reset().status_code == 302
        # Another worker answers the next request: it shares the database, not this memory.
        cache.clear()
    response = reset()
    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_the_daily_job_deletes_counts_past_their_window(client, editor):
    from datetime import timedelta

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    from portal.models import RateLimitHit

    client.post(
        "/accounts/password/reset/", {"email": "editor@example.org"}, REMOTE_ADDR="203.0.113.7"
    )
    assert RateLimitHit.objects.count() == 2  # the address and the email address, hashed
    assert "editor@example.org" not in str(list(RateLimitHit.objects.values_list("key")))
    call_command("prune_rate_limits", stdout=io.StringIO())
    assert RateLimitHit.objects.count() == 2  # still inside the hour
    with time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False):
        out = io.StringIO()
        call_command("prune_rate_limits", stdout=out)
    assert RateLimitHit.objects.count() == 0
    assert "Deleted 2 old rate-limit counts." in out.getvalue()
