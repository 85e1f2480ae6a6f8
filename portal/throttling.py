"""Limits on guessing passwords and on asking for password-reset emails.

Sign-in forms are throttled by django-axes (settings ``AXES_*``): after too many wrong
passwords for one username from one address, that pair is locked out until the cool-off
ends. This module gives axes the project's answers to "who is signing in", "from where" and
"what does a locked-out visitor see". Password reset (allauth's and the Wagtail admin's) is
limited here, on Django's cache, per address and per email address.
"""

import hashlib
import ipaddress
import math

from allauth.account import views as allauth_views
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from wagtail.admin.views import account as wagtail_account

LOCKED_OUT = "locked_out"


def _minutes(delta):
    minutes = max(1, math.ceil(delta.total_seconds() / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def sign_in_locked_message():
    return (
        f"Too many attempts to sign in. Wait {_minutes(settings.AXES_COOLOFF_TIME)} "
        "and try again, or reset your password."
    )


def password_reset_limited_message():
    return (
        "Too many requests to reset a password. "
        f"Wait {_minutes(settings.PASSWORD_RESET_WINDOW)} and try again."
    )


def client_ip_address(request):
    """The address a request came from, seen through ``TRUSTED_PROXY_COUNT`` proxies.

    Each proxy appends the address it was reached from to X-Forwarded-For, so the entry the
    outermost trusted proxy added is the nearest one a client cannot forge.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(hops) >= proxies:
            try:
                return str(ipaddress.ip_address(hops[-proxies]))
            except ValueError:
                pass
    return remote


def sign_in_name(request, credentials):
    """The name a visitor is signing in as: a username, or an email address under allauth."""
    credentials = credentials or {}
    for field in ("username", "email", "login"):
        if credentials.get(field):
            return credentials[field]
    data = getattr(request, "POST", {})
    return data.get("username") or data.get("login")


def lockout_response(request, original_response, credentials):
    """Answer a locked-out sign-in with the sign-in page itself, its form saying why.

    Sign-in forms that use :class:`portal.forms.LockoutMessageMixin` already carry the
    message; anything else gets a plain page with it. Either way the status is 429.
    """
    form = (getattr(original_response, "context_data", None) or {}).get("form")
    if form is not None and form.has_error("__all__", code=LOCKED_OUT):
        original_response.status_code = 429
        return original_response
    return render(
        request,
        "throttled.html",
        {"heading": "Too many attempts to sign in", "message": sign_in_locked_message()},
        status=429,
    )


def _count(kind, value):
    key = "throttle:password-reset:{}:{}".format(
        kind, hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    )
    window = int(settings.PASSWORD_RESET_WINDOW.total_seconds())
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: start a new window
        cache.set(key, 1, timeout=window)
        return 1


def password_reset_allowed(request, email):
    """Count a password-reset request; False once this address or email asked too often."""
    limit = settings.PASSWORD_RESET_REQUESTS
    by_address = _count("ip", client_ip_address(request) or "")
    by_email = _count("email", email.strip().lower())
    return by_address <= limit and by_email <= limit


class PasswordResetThrottleMixin:
    """Refuse, on the form, to send more reset emails than the limits allow."""

    def form_valid(self, form):
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(None, password_reset_limited_message())
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetView(PasswordResetThrottleMixin, allauth_views.PasswordResetView):
    """allauth's password reset (/accounts/password/reset/), limited as above."""


class AdminPasswordResetView(PasswordResetThrottleMixin, wagtail_account.PasswordResetView):
    pass
