"""History with differences, and restoring an earlier version, for brokerage staff. Every
view asks ``consortium.permissions`` first.

The history views are generic: they work for any model that keeps history with
django-simple-history (``Model.history``), addressed by app label, model name and pk.
"""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views import View

from consortium import permissions
from consortium.history import why_not_restorable

# Saved on every change, so never a difference worth showing.
NOT_DIFFED = {"updated_at", "last_activity_at"}
HISTORY_SHOWN = 50


def staff_only(request):
    if not permissions.is_staff(request.user):
        raise PermissionDenied


def person_name(user):
    return user.get_full_name() or user.get_username()


def inspect_url(obj):
    """The object's page under Brokerage (inspect view), or '' if it has none."""
    opts = obj._meta
    try:
        return reverse(f"{opts.app_label}_{opts.model_name}_modeladmin_inspect", args=[obj.pk])
    except NoReverseMatch:
        return ""


def history_url(obj):
    opts = obj._meta
    return reverse("consortium_staff:history", args=[opts.app_label, opts.model_name, obj.pk])


# Differences ------------------------------------------------------------------------------


def shown(model, field_name, value):
    """A field's value as staff read it: labels for choices, names for related objects."""
    if value is None or value == "" or value == []:
        return "(empty)"
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return str(value)
    if field.many_to_many:
        key = field.m2m_reverse_field_name()
        ids = [row.get(key) for row in value]
        names = {o.pk: str(o) for o in field.related_model.objects.filter(pk__in=ids)}
        return ", ".join(names.get(i, f"#{i} (deleted)") for i in ids)
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        if related is None:
            return f"#{value} (deleted)"
        return person_name(related) if isinstance(related, AbstractBaseUser) else str(related)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def field_label(model, field_name):
    try:
        return str(model._meta.get_field(field_name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return field_name


def differences(model, newer, older):
    """Rows of (field label, old value, new value) between two historical records."""
    if older is None:
        return []
    delta = newer.diff_against(older, excluded_fields=NOT_DIFFED)
    return [
        {
            "field": field_label(model, change.field),
            "old": shown(model, change.field, change.old),
            "new": shown(model, change.field, change.new),
        }
        for change in delta.changes
    ]


CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


def versions(obj):
    """The object's versions, newest first, each with who, when, what kind and what changed."""
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_SHOWN + 1
        ]
    )
    opts = model._meta
    rows = []
    for index, record in enumerate(records[:HISTORY_SHOWN]):
        older = records[index + 1] if index + 1 < len(records) else None
        rows.append(
            {
                "record": record,
                "who": person_name(record.history_user)
                if record.history_user
                else "(system or signed out)",
                "when": record.history_date,
                "kind": CHANGE_TYPES.get(record.history_type, record.history_type),
                "reason": record.history_change_reason or "",
                "changes": differences(model, record, older),
                "is_current": index == 0,
                "restore_url": reverse(
                    "consortium_staff:restore",
                    args=[opts.app_label, opts.model_name, obj.pk, record.history_id],
                ),
            }
        )
    return rows


class RestoreRefused(ValidationError):
    """The domain's rules refuse to bring this version back."""


def restored_copy(obj, record):
    """An unsaved copy of ``obj`` holding the values of the historical ``record``."""
    instance = record.instance
    instance._state.adding = False  # the same row, not a new one
    for field in (f.name for f in type(obj)._meta.get_fields() if f.name in NOT_DIFFED):
        setattr(instance, field, getattr(obj, field))
    return instance


def refusal(obj, record):
    """Why ``record`` cannot be restored over ``obj`` (the domain's rules, then the model's
    own validation, as for any edit), or ""."""
    reason = why_not_restorable(obj, restored_copy(obj, record))
    if reason:
        return reason
    try:
        restored_copy(obj, record).full_clean()
    except ValidationError as error:
        return validation_text(type(obj), error)
    return ""


def validation_text(model, error):
    """A validation error as one line, each message after the label of its field."""
    if not hasattr(error, "error_dict"):
        return "; ".join(error.messages)
    return "; ".join(
        message if name == "__all__" else f"{field_label(model, name)}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    )


def restore(obj, record, by):
    """Write the values of ``record`` back to ``obj`` as a new version with a reason. The
    same rules as any edit apply: :class:`RestoreRefused` says why not."""
    with transaction.atomic():
        obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        reason = refusal(obj, record)
        if reason:
            raise RestoreRefused(reason)
        instance = restored_copy(obj, record)
        when = date_format(timezone.localtime(record.history_date), "j F Y, H:i")
        instance._change_reason = f"Restored the version of {when}"
        instance._history_user = by
        instance.full_clean()
        m2m_fields = getattr(record, "_history_m2m_fields", [])
        if m2m_fields:
            # Set the many-to-many values quietly, so the save below is the one new version.
            instance.skip_history_when_saving = True
            for field in m2m_fields:
                key = field.m2m_reverse_field_name()
                ids = [getattr(row, f"{key}_id") for row in getattr(record, field.name).all()]
                getattr(instance, field.name).set(ids)
            del instance.skip_history_when_saving
        instance.save()
    return instance


# Views --------------------------------------------------------------------------------------


class HistoryMixin:
    def dispatch(self, request, app_label, model_name, pk, **kwargs):
        staff_only(request)
        try:
            self.model = apps.get_model(app_label, model_name)
        except LookupError:
            raise Http404("No such kind of record") from None
        if not hasattr(self.model, "history"):
            raise Http404("This kind of record keeps no history")
        self.object = get_object_or_404(self.model, pk=pk)
        return super().dispatch(request, **kwargs)

    def context(self, **extra):
        return {
            "object": self.object,
            "verbose_name": self.model._meta.verbose_name,
            "inspect_url": inspect_url(self.object),
            "history_url": history_url(self.object),
            **extra,
        }


class ObjectHistoryView(HistoryMixin, View):
    """Who changed what, when, field by field, for any model with ``history``."""

    def get(self, request):
        return TemplateResponse(
            request,
            "consortium/staff/history.html",
            self.context(versions=versions(self.object)),
        )


class RestoreVersionView(HistoryMixin, View):
    """Confirm, then write an earlier version back as a new version."""

    def dispatch(self, request, app_label, model_name, pk, history_id):
        self.history_id = history_id
        return super().dispatch(request, app_label, model_name, pk)

    def get_record(self):
        return get_object_or_404(self.object.history, history_id=self.history_id)

    def render(self, request, record, error=None, status=200):
        current = self.object.history.order_by("-history_date", "-history_id").first()
        changes = differences(self.model, record, current) if current else []
        reason = refusal(self.object, record)
        if reason and not error:
            error = f"This version cannot be restored: {reason}"
        return TemplateResponse(
            request,
            "consortium/staff/restore.html",
            self.context(
                record=record,
                who=person_name(record.history_user) if record.history_user else "",
                changes=changes,
                error=error,
                refused=bool(reason),
            ),
            status=status,
        )

    def get(self, request):
        return self.render(request, self.get_record())

    def post(self, request):
        record = self.get_record()
        try:
            restore(self.object, record, request.user)
        except (ValidationError, IntegrityError) as error:
            text = (
                validation_text(self.model, error)
                if isinstance(error, ValidationError)
                else str(error)
            )
            return self.render(
                request, record, error=f"This version cannot be restored: {text}", status=400
            )
        messages.success(request, f"The earlier version of “{self.object}” was restored.")
        return redirect(history_url(self.object))


history_path = "history/<str:app_label>/<str:model_name>/<int:pk>/"

urlpatterns = [
    path(history_path, ObjectHistoryView.as_view(), name="history"),
    path(
        f"{history_path}<int:history_id>/restore/",
        RestoreVersionView.as_view(),
        name="restore",
    ),
]
