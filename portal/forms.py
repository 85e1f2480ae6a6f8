"""The project's one way to render public forms: GOV.UK Frontend markup.

A public form mixes in :class:`GovukFormMixin`. Its fields then render with a label,
hint, error message and an error summary that links to each field, and every widget
carries the GOV.UK classes and the ``aria-describedby`` its hint and error need. The
Wagtail admin keeps Django's default renderer, so nothing here touches it.

The mixin also drops invisible control characters from what was typed (see
:func:`portal.text.without_control_characters`).
"""

from functools import lru_cache

from allauth.account import forms as allauth_forms
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt, pretty_name
from django.forms.widgets import Input
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from portal.text import without_control_characters

WIDGET_CLASSES = (
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.ClearableFileInput, "govuk-file-upload"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (Input, "govuk-input"),
)
CHOICE_WIDGET_TEMPLATES = {
    forms.RadioSelect: "components/forms/widgets/radios.html",
    forms.CheckboxSelectMultiple: "components/forms/widgets/checkboxes.html",
}


def option_tags(choices, chosen):
    """``<option>``s for (value, label) pairs, those whose value is in ``chosen`` (a set of
    strings) selected; values and labels escaped."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((key, " selected" if str(key) in chosen else "", label) for key, label in choices),
    )


class PreparedChoices(BaseChoiceIterator):
    """(value, label) pairs with each ``<option>`` already made, for a :class:`LongSelect`.

    A field given these skips Django's normalising of every choice, and the select joins
    ready markup instead of escaping hundreds of labels on every page. Make them with
    :func:`prepared_choices`, so that the same choices are prepared once per process.
    """

    def __init__(self, choices):
        self.choices = tuple((value, label) for value, label in choices)
        self.options = tuple(
            (
                str(value),
                format_html('<option value="{}">{}</option>', value, label),
                format_html('<option value="{}" selected>{}</option>', value, label),
            )
            for value, label in self.choices
        )

    def __iter__(self):
        return iter(self.choices)

    def option_tags(self, chosen):
        return mark_safe(  # noqa: S308 (each option was escaped by format_html)
            "".join(
                selected if value in chosen else plain for value, plain, selected in self.options
            )
        )


@lru_cache(maxsize=64)
def prepared_choices(choices):
    """:class:`PreparedChoices` for a tuple of (value, label) pairs, kept while the same
    pairs come back (keyed by the pairs themselves, so a change makes new ones)."""
    return PreparedChoices(choices)


class LongSelect(forms.Select):
    """A ``<select>`` built in Python, for long lists (every forum or cluster in a county)
    and the filters of the busiest lists.

    Django renders each ``<option>`` through two templates, which with hundreds of options
    takes tens of milliseconds a page (and a few for a handful of short selects); the markup
    is the same. No option groups. Given :class:`PreparedChoices`, it joins their ready markup.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        if isinstance(self.choices, PreparedChoices):
            options = self.choices.option_tags(chosen)
        else:
            options = option_tags(self.choices, chosen)
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)


class ShoalFormRenderer(TemplatesSetting):
    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"


class GovukBoundField(forms.BoundField):
    """Adds the GOV.UK classes and links the widget to its hint and error message."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if not isinstance(widget, tuple(CHOICE_WIDGET_TEMPLATES)):
            css = next((c for kind, c in WIDGET_CLASSES if isinstance(widget, kind)), "")
            if css and self.errors and css != "govuk-checkboxes__input":
                css += f" {css}--error"
            attrs["class"] = " ".join(filter(None, [attrs.get("class", ""), css]))
        described_by = []
        if self.help_text and not self.use_fieldset:
            described_by.append(f"{self.auto_id}_helptext")
        if self.errors:
            described_by.append(f"{self.auto_id}_error")
        if described_by and not self.use_fieldset:
            attrs["aria-describedby"] = " ".join(described_by)
        return attrs

    @property
    def is_checkbox(self):
        return isinstance(self.field.widget, forms.CheckboxInput)


def length_limit_message(subject, limit, count):
    """How every form says a text is too long: "Description must be 5,000 characters or
    fewer (it has 7,342)." """
    return f"{subject} must be {limit:,} characters or fewer (it has {count:,})."


class LengthLimitValidator(MaxLengthValidator):
    """Django's ``max_length`` check, saying the limit and the count in the project's words.

    ``subject`` is the words that name the field, or a function returning them (a form may
    change a label after the check is set up). ``counter`` measures the value; a rich-text
    field passes Wagtail's, which counts the text and not its tags.
    """

    def __init__(self, limit, subject, counter=len):
        super().__init__(limit)
        self.subject = subject
        self.clean = counter

    def __call__(self, value):
        count = self.clean(value)
        if count > self.limit_value:
            subject = self.subject() if callable(self.subject) else self.subject
            raise ValidationError(
                length_limit_message(subject, self.limit_value, count), code="max_length"
            )


class LengthLimitMixin:
    """Gives every field with a ``max_length`` the one length-limit message.

    The message names the field by its label; ``length_subjects`` ({field name: words})
    names it otherwise where the label reads badly in a sentence ("Add a comment"). The
    ``maxlength`` attribute is taken off: browsers silently cut pasted text at it, and the
    message tells people what to shorten instead.
    """

    length_subjects = {}
    # {field name: limit} for fields whose limit comes from elsewhere and does not fit ours.
    length_limits = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in self.length_limits.items():
            field = self.fields[name]
            field.max_length = limit
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ] + [MaxLengthValidator(limit)]
        for name, field in self.fields.items():
            if not any(isinstance(v, MaxLengthValidator) for v in field.validators):
                continue
            subject = self.length_subjects.get(name) or (
                lambda field=field, name=name: str(field.label or pretty_name(name))
            )
            field.error_messages.pop("max_length", None)
            field.validators = [
                LengthLimitValidator(v.limit_value, subject, v.clean)
                if isinstance(v, MaxLengthValidator)
                else v
                for v in field.validators
            ]
            field.widget.attrs.pop("maxlength", None)


# An email address's limit in the database (allauth's and Django's user tables); Django's
# form field would accept 320 characters, which PostgreSQL then refuses with a server error.
EMAIL_LENGTH = 254


class GovukFormMixin(LengthLimitMixin):
    """Mix into any public form (before the form class) to render it the GOV.UK way."""

    default_renderer = ShoalFormRenderer()
    bound_field_class = GovukBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for kind, template_name in CHOICE_WIDGET_TEMPLATES.items():
                if isinstance(field.widget, kind):
                    field.widget.template_name = template_name

    def _clean_fields(self):
        # After each field's own cleaning, so that what is saved and checked is the text
        # without control characters. Passwords are kept exactly as typed.
        super()._clean_fields()
        for name, value in self.cleaned_data.items():
            if not isinstance(self.fields[name].widget, forms.PasswordInput):
                self.cleaned_data[name] = without_control_characters(value)


class LockoutMessageMixin:
    """Say why a sign-in was refused when django-axes has locked it out.

    Django reports a locked-out sign-in as a wrong password; the visitor needs to know to
    wait instead (``portal.throttling.lockout_response`` then answers 429 with this form).
    """

    def clean(self):
        # Imported here: this module loads with the models (surveys use it), before the
        # Wagtail admin views that portal.throttling builds on can be imported.
        from portal import throttling

        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(
                    throttling.sign_in_locked_message(), code=throttling.LOCKED_OUT
                ) from None
            raise


class SignInForm(LockoutMessageMixin, GovukFormMixin, allauth_forms.LoginForm):
    """allauth's sign-in form: a username or an email address, and a password."""

    length_limits = {"login": EMAIL_LENGTH}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email address"
        self.fields["remember"].label = "Keep me signed in on this device"
        self.fields["password"].help_text = ""
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


def _without_placeholders(form):
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class PasswordResetForm(GovukFormMixin, allauth_forms.ResetPasswordForm):
    length_limits = {"email": EMAIL_LENGTH}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        _without_placeholders(self)


class SetPasswordForm(GovukFormMixin, allauth_forms.ResetPasswordKeyForm):
    """Choose a new password from the link in a password-reset email."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "New password"
        self.fields["password2"].label = "Confirm new password"
        _without_placeholders(self)


class PasswordChangeForm(GovukFormMixin, allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = "Current password"
        self.fields["password1"].label = "New password"
        self.fields["password2"].label = "Confirm new password"
        _without_placeholders(self)


class FirstPasswordForm(GovukFormMixin, allauth_forms.SetPasswordForm):
    """Set a password on an account that has none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "Password"
        self.fields["password2"].label = "Confirm password"
        _without_placeholders(self)


class AddEmailForm(GovukFormMixin, allauth_forms.AddEmailForm):
    length_limits = {"email": EMAIL_LENGTH}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        _without_placeholders(self)


class ReauthenticateForm(GovukFormMixin, allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_placeholders(self)
