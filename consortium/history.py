"""What the admin's History keeps, and what a restore of an earlier version must obey.

``QuietHistoricalRecords`` is django-simple-history that records a version only when a
field staff can read has changed: a save that touches nothing, or only a timestamp, leaves
no empty "No field changed" version behind.

Restoring is a new save through the same rules as any edit. Each domain registers, for each
kind of record with history, a check ``check(current, restored)`` that returns the reason a
version cannot be restored, or "" when it can (see the domains' ``restoring`` modules). A kind
of record with no check registered is never restored.
"""

from django.core.exceptions import FieldDoesNotExist
from simple_history.models import HistoricalRecords

# Saved on every change, so never a difference worth a version of its own.
TIMESTAMPS = {"updated_at", "last_activity_at"}


def _same(field, old, new):
    if old == new:
        return True
    try:
        return field.to_python(old) == field.to_python(new)
    except Exception:  # values of unexpected types simply count as different
        return False


def m2m_ids(record, field):
    """The ids a historical ``record`` holds in a many-to-many field."""
    key = field.m2m_reverse_field_name()
    return {getattr(row, f"{key}_id") for row in getattr(record, field.name).all()}


def changed_fields(instance, record, history):
    """Names of the fields ``instance`` holds differently from the historical ``record``."""
    names = [
        field.name
        for field in history.fields_included(instance)
        if field.name not in TIMESTAMPS
        and not _same(field, getattr(record, field.attname), getattr(instance, field.attname))
    ]
    for field in getattr(record, "_history_m2m_fields", []):
        if m2m_ids(record, field) != set(
            getattr(instance, field.name).values_list("pk", flat=True)
        ):
            names.append(field.name)
    return names


class QuietHistoricalRecords(HistoricalRecords):
    """History that skips a version when no field besides a timestamp has changed."""

    def post_save(self, instance, created, using=None, **kwargs):
        if not created and not kwargs.get("raw", False) and self._unchanged(instance):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        # Adding what is already there, or removing what is not, changes nothing.
        if action in ("post_add", "post_remove") and not pk_set:
            return
        super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)

    def _unchanged(self, instance):
        latest = (
            getattr(instance, self.manager_name).order_by("-history_date", "-history_id").first()
        )
        if latest is None or latest.history_type == "-":
            return False
        return not changed_fields(instance, latest, self)


# Restoring --------------------------------------------------------------------------------

_restore_checks = {}


def restore_check(*models):
    """Register ``check(current, restored)`` as the rule for restoring these models."""

    def register(check):
        for model in models:
            _restore_checks[model] = check
        return check

    return register


def kinds_with_restore_rules():
    """The models a domain has registered a restore check for."""
    return set(_restore_checks)


def why_not_restorable(current, restored):
    """The reason ``restored`` (an unsaved copy of an earlier version) may not replace
    ``current``, or "" when it may."""
    check = _restore_checks.get(type(current)._meta.concrete_model)
    if check is None:
        return f"a {type(current)._meta.verbose_name} cannot be restored from its history."
    return check(current, restored) or ""


def differs(current, restored, *names):
    """Whether ``restored`` holds a different value from ``current`` in any of the fields."""
    for name in names:
        try:
            attname = type(current)._meta.get_field(name).attname
        except FieldDoesNotExist:
            attname = name
        if getattr(current, attname) != getattr(restored, attname):
            return True
    return False


def label(obj, name):
    """The label of ``obj``'s choice field ``name``, in lower case for a sentence."""
    return str(getattr(obj, f"get_{name}_display")()).lower()
