"""How staff sign in to the Wagtail admin, and what they must prove before it opens.

- The admin's sign-in is allauth's (``/admin/login/`` sends people to ``/accounts/login/``),
  so the two-factor code stage, django-axes's throttling and the lockout messages are the
  same for staff as for members.
- With ``STAFF_MFA_REQUIRED`` on (production's default), anyone who can reach the admin
  (superusers and holders of ``wagtailadmin.access_admin``) and has no authenticator app or
  passkey is sent to set one up before any admin page opens.
- Changing who holds which role (users, groups, superuser flags, bulk user actions) asks for
  the password or a second factor again unless the person proved who they are in the last
  few minutes (``ACCOUNT_REAUTHENTICATION_TIMEOUT``), so a session left open on a shared
  computer cannot hand out admin rights.
"""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.flows import reauthentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

ADMIN_PREFIX = "/admin/"
# Admin paths a signed-in person without a second factor may still use: leaving.
OPEN_ADMIN_PATHS = ("/admin/logout/",)
ROLE_NAMESPACES = {"wagtailusers_users", "wagtailusers_groups"}
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
SET_UP_FIRST = (
    "Set up two-factor authentication before you use the admin: "
    "an authenticator app, or a passkey or security key."
)


def can_reach_admin(user):
    """Whether ``user`` may open the Wagtail admin at all."""
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def must_set_up_second_factor(user):
    """Staff without an authenticator app or passkey, while ``STAFF_MFA_REQUIRED`` is on."""
    return (
        settings.STAFF_MFA_REQUIRED
        and user.is_authenticated
        and can_reach_admin(user)
        and not is_mfa_enabled(user, SECOND_FACTORS)
    )


def admin_sign_in(request):
    """``/admin/login/``: the site's own sign-in, coming back to the admin afterwards."""
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ADMIN_PREFIX
    return HttpResponseRedirect(
        f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}"
    )


def _changes_roles(request, view_kwargs):
    match = request.resolver_match
    if request.method != "POST" or match is None:
        return False
    if match.namespace in ROLE_NAMESPACES:
        return True
    user_model = get_user_model()._meta
    return match.url_name == "wagtail_bulk_action" and (
        view_kwargs.get("app_label"),
        view_kwargs.get("model_name"),
    ) == (user_model.app_label, user_model.model_name)


class StaffSecurityMiddleware:
    """Second factor before the admin; fresh proof of identity before role changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        path = request.path_info
        if not path.startswith(ADMIN_PREFIX) or path.startswith(OPEN_ADMIN_PATHS):
            return None
        user = request.user
        if must_set_up_second_factor(user):
            messages.warning(request, SET_UP_FIRST)
            return HttpResponseRedirect(reverse("mfa_index"))
        if _changes_roles(request, view_kwargs) and not (
            reauthentication.did_recently_reauthenticate(request)
        ):
            # As allauth's own reauthentication_required does: the form is kept and sent
            # on once the person has confirmed who they are.
            methods = get_account_adapter().get_reauthentication_methods(user)
            if not methods:
                return None
            return reauthentication.suspend_request(request, methods[0]["url"])
        return None
