"""Helpers for the availability, suggestions and hours-log tests."""

from consortium.brokerage.availability import Availability, words
from consortium.organisations.people import Person


def make_availability(user, **fields):
    values = {
        "help_kinds": ["practical"],
        "areas": ["north"],
        "days": ["tue"],
        "parts_of_day": ["morning"],
    }
    values.update(fields)
    for name in ("help_kinds", "areas", "days", "parts_of_day"):
        values[name] = words(values[name])
    return Availability.objects.create(user=user, **values)


def availability_form(**overrides):
    data = {
        "help_kinds": ["practical"],
        "areas": ["north"],
        "days": ["tue"],
        "parts_of_day": ["morning"],
        "available_from": "",
        "available_until": "",
        "note": "I have a car and can give lifts",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def with_phone(user, phone="07700 900123"):
    Person.objects.filter(user=user).update(contact_by="phone", phone=phone)
    user.refresh_from_db()
    return user
