"""How "Download your data" writes a value: the same on the page and in ``data.json``."""

import datetime
from decimal import Decimal

from django.utils import timezone


def plain(value):
    """A value JSON can hold, spelt the same on the page and in the file."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return str(value)


def rows(queryset, fields):
    """``fields`` maps a heading to a function of one object."""
    return [{name: plain(get(obj)) for name, get in fields.items()} for obj in queryset]


def name_of(obj):
    return str(obj) if obj is not None else ""
