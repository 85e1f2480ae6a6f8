"""Sign-in and password URLs under /accounts/, using Django's auth views with GOV.UK forms."""

from django.contrib.auth import views as auth_views
from django.urls import path

from portal import forms, throttling


def _heading(heading, submit_label="Continue"):
    return {"heading": heading, "submit_label": submit_label}


urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=forms.SignInForm,
            redirect_authenticated_user=True,
            extra_context=_heading("Sign in", "Sign in"),
        ),
        name="login",
    ),
    path(
        "logout/",
        auth_views.LogoutView.as_view(extra_context=_heading("You have signed out")),
        name="logout",
    ),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(
            form_class=forms.PasswordChangeForm,
            extra_context=_heading("Change your password", "Change password"),
        ),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(extra_context=_heading("Password changed")),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        throttling.PasswordResetView.as_view(
            form_class=forms.PasswordResetForm,
            extra_context=_heading("Reset your password", "Send me a link"),
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=_heading("Check your email")),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=forms.SetPasswordForm,
            extra_context=_heading("Choose a new password", "Save password"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=_heading("Password changed")),
        name="password_reset_complete",
    ),
]
