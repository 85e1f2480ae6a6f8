"""Accounts under /accounts/: django-allauth's views, with the project's throttling.

allauth names its URLs ``account_*``. The names templates used before allauth (``login``,
``logout``, ``password_reset``, ``password_change``) still reverse to the same allauth
pages, so links written either way keep working.
"""

from allauth.account import views as allauth_views
from django.urls import include, path

from portal import throttling

urlpatterns = [
    # Before allauth's own pattern for the same address, so the reset limit applies.
    path("password/reset/", throttling.PasswordResetView.as_view(), name="account_reset_password"),
    # Download your data and delete your account (UK GDPR), beside allauth's pages.
    path("", include("consortium.members.data_views")),
    path("", include("allauth.account.urls")),
    # Two-factor authentication: allauth's own pages (portal.mfa words and renders them).
    path("2fa/", include("allauth.mfa.urls")),
    # The older names, answered by the same views as above.
    path("login/", allauth_views.login, name="login"),
    path("logout/", allauth_views.logout, name="logout"),
    path("password/reset/", throttling.PasswordResetView.as_view(), name="password_reset"),
    path("password/change/", allauth_views.password_change, name="password_change"),
]
