"""Two-factor authentication (allauth.mfa) in the site's words and GOV.UK forms.

allauth's views, URLs (``/accounts/2fa/``) and rules are kept; only the wording of its
errors and the rendering of its forms change (``MFA_ADAPTER``, ``MFA_FORMS``).
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base import forms as base_forms
from allauth.mfa.recovery_codes import forms as recovery_code_forms
from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.webauthn import forms as webauthn_forms
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from portal import throttling
from portal.forms import GovukFormMixin

KEY_NAME_LIMIT = 100
CODE_LIMIT = 64  # a 6-digit code or an 8-character recovery code, with room for spaces
CODE_HINT = "The 6-digit code your authenticator app shows, or one of your recovery codes"


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": (
            "You cannot add an email address while two-factor authentication is on. "
            "Turn it off, add and confirm the address, then turn it on again."
        ),
        "cannot_delete_authenticator": "You cannot turn off two-factor authentication.",
        "cannot_generate_recovery_codes": (
            "Set up an authenticator app or a passkey before you make recovery codes."
        ),
        "incorrect_code": (
            "That code is not right. Enter the code your authenticator app shows now, "
            "or an unused recovery code."
        ),
        "unverified_email": (
            "Confirm your email address before you turn on two-factor authentication: "
            "use the link we emailed you."
        ),
    }


class CodeGuessLimitMixin:
    """At most ``MFA_CODE_ATTEMPTS`` codes per person in ``MFA_CODE_WINDOW`` (settings),
    counted in the database like the password-reset limit, so every process shares the count.

    allauth limits code guesses with its "login_failed" rate, which this project turns off
    because django-axes counts wrong passwords; axes never sees the code step, so without
    this a person who knew the password could try codes without end.
    """

    def clean_code(self):
        key = str(self.user.pk)
        tried = throttling.count_hit("mfa-code", key, settings.MFA_CODE_WINDOW)
        if tried > settings.MFA_CODE_ATTEMPTS:
            raise ValidationError(
                "Too many codes tried. Wait "
                f"{int(settings.MFA_CODE_WINDOW.total_seconds() // 60)} minutes and try again.",
                code="too_many_codes",
            )
        code = super().clean_code()
        throttling.clear_hits("mfa-code", key)
        return code


def code_field():
    """allauth's code box, with a length limit (as every text box has)."""
    return forms.CharField(
        max_length=CODE_LIMIT, widget=forms.TextInput(attrs={"autocomplete": "one-time-code"})
    )


def _key_name_field(form, hint=""):
    field = form.fields["name"]
    field.label = "Name of the key"
    field.help_text = hint
    field.error_messages["required"] = "Enter a name for the key"


def _code_field(form, label, hint):
    field = form.fields["code"]
    field.label = label
    field.help_text = hint
    field.error_messages["required"] = f"Enter {label[0].lower()}{label[1:]}"
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update(
        {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-10"}
    )


class AuthenticateForm(CodeGuessLimitMixin, GovukFormMixin, base_forms.AuthenticateForm):
    """The code asked for after the password when signing in."""

    code = code_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, "Security code", CODE_HINT)


class ReauthenticateForm(CodeGuessLimitMixin, GovukFormMixin, base_forms.ReauthenticateForm):
    code = code_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, "Security code", CODE_HINT)


class ActivateTOTPForm(GovukFormMixin, totp_forms.ActivateTOTPForm):
    code = code_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, "Code from the app", "The 6 digits the app shows for Shoal")


class AddWebAuthnForm(GovukFormMixin, webauthn_forms.AddWebAuthnForm):
    name = forms.CharField(required=False, max_length=KEY_NAME_LIMIT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _key_name_field(self, "So that you can tell your keys apart, such as 'Laptop'")


class EditWebAuthnForm(GovukFormMixin, webauthn_forms.EditWebAuthnForm):
    name = forms.CharField(max_length=KEY_NAME_LIMIT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _key_name_field(self)


class DeactivateTOTPForm(GovukFormMixin, totp_forms.DeactivateTOTPForm):
    """No fields: a confirmation whose errors still show in the error summary."""


class GenerateRecoveryCodesForm(GovukFormMixin, recovery_code_forms.GenerateRecoveryCodesForm):
    """No fields: a confirmation whose errors still show in the error summary."""
