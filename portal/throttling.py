"""Limits on guessing passwords and on asking for password-reset emails.

Sign-in forms are throttled by django-axes (settings ``AXES_*``): after too many wrong
passwords for one username from one address, that pair is locked out until the cool-off
ends; after more wrong passwords for one username from any addresses, the username is locked
out wherever the next attempt comes from. This module gives axes the project's answers to
"who is signing in", "from where", "how many failures count" and "what does a locked-out
visitor see". Password reset (allauth's and the Wagtail admin's) is limited here, per address
and per email address, with counts kept in the database so that every process shares them.
"""

import hashlib
import ipaddress
import math

from allauth.account import views as allauth_views
from allauth.account.models import EmailAddress
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, Sum
from django.shortcuts import render
from django.utils import timezone
from wagtail.admin.views import account as wagtail_account

from portal.models import RateLimitHit

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
    """The account a visitor is signing in to, by one name however it was typed.

    Someone may type a username or an email address, in any letter case: all of them count
    against the same account (its username, in lower case), so that switching between them
    gains no extra guesses. A name that matches no account counts as typed, in lower case.
    """
    credentials = credentials or {}
    typed = next(
        (credentials[field] for field in ("username", "email", "login") if credentials.get(field)),
        None,
    )
    if typed is None:
        data = getattr(request, "POST", {})
        typed = data.get("username") or data.get("login")
    if not typed:
        return typed
    typed = str(typed).strip()
    username = (
        get_user_model()
        .objects.filter(
            Q(username__iexact=typed)
            | Q(pk__in=EmailAddress.objects.filter(email__iexact=typed).values("user_id"))
        )
        .values_list("username", flat=True)
        .first()
    )
    return (username or typed).lower()


def account_failures(username):
    """Wrong passwords for one account, from every address, within the cool-off."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start")
    )["failures"]
    return total or 0


class SignInHandler(AxesDatabaseHandler):
    """Axes's database handler, with a second limit: the account, from every address.

    Axes counts failures per (username, address) against ``AXES_FAILURE_LIMIT``. Someone
    guessing from many addresses (or forging them) would never reach it, so once the account
    has ``SIGN_IN_ACCOUNT_ATTEMPTS`` failures from anywhere in the cool-off, every address is
    treated as having reached the per-address limit too.
    """

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        username = sign_in_name(request, credentials)
        if username and account_failures(username) >= settings.SIGN_IN_ACCOUNT_ATTEMPTS:
            return max(failures, settings.AXES_FAILURE_LIMIT)
        return failures


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


def _key(value):
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def count_hit(scope, value, window):
    """Count one more request under ``scope`` for ``value``; return the count in ``window``.

    The counts are rows in the database (:class:`portal.models.RateLimitHit`), shared by every
    process, not a cache in each worker's memory.
    """
    key = _key(value)
    now = timezone.now()
    since = now - window
    hits = RateLimitHit.objects.filter(scope=scope, key=key)
    hits.filter(at__lt=since).delete()
    RateLimitHit.objects.create(scope=scope, key=key, at=now)
    return hits.filter(at__gte=since).count()


def prune_hits():
    """Delete every count older than the longest window; return how many went."""
    window = max(settings.PASSWORD_RESET_WINDOW, settings.MFA_CODE_WINDOW)
    deleted, _ = RateLimitHit.objects.filter(at__lt=timezone.now() - window).delete()
    return deleted


def clear_hits(scope, value):
    RateLimitHit.objects.filter(scope=scope, key=_key(value)).delete()


def password_reset_allowed(request, email):
    """Count a password-reset request; False once this address or email asked too often."""
    limit = settings.PASSWORD_RESET_REQUESTS
    window = settings.PASSWORD_RESET_WINDOW
    by_address = count_hit("password-reset:address", client_ip_address(request) or "", window)
    by_email = count_hit("password-reset:email", email.strip().lower(), window)
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
