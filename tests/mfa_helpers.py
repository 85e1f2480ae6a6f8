"""Two-factor authentication in tests: codes an authenticator app would show, and turning
one on the way a person does (allauth.mfa's own pages)."""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

from tests.members.account_helpers import PASSWORD

ACTIVATE = "/accounts/2fa/totp/activate/"


def code_for(secret, step=0):
    """The code an authenticator app shows now for ``secret`` (``step`` periods later)."""
    counter = int(time.time()) // app_settings.TOTP_PERIOD + step
    return format_hotp_value(hotp_value(secret, counter))


def code_now(user, step=0):
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return code_for(decrypt(authenticator.data["secret"]), step)


def recovery_codes(user):
    """The recovery codes ``user`` has not used yet."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return authenticator.wrap().get_unused_codes()


def confirm_it_is_you(client, response, password=PASSWORD):
    """Answer allauth's "confirm it is you" page if ``response`` was sent there."""
    if response.status_code == 302 and response["Location"].startswith("/accounts/reauth"):
        return client.post(response["Location"], {"password": password})
    return response


def turn_on_authenticator_app(client, user, password=PASSWORD):
    """Scan the QR code (read the secret) and type the app's code, as a person would."""
    page = client.get(ACTIVATE)
    if page.status_code == 302:
        confirm_it_is_you(client, page, password)
        page = client.get(ACTIVATE)
    assert page.status_code == 200, page
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.content.decode()  # the "cannot scan" key
    return client.post(ACTIVATE, {"code": code_for(secret)}, follow=True)
