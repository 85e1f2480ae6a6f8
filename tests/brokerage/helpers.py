"""Helpers shared by the offers-and-needs tests: the day they pretend it is, a signed-in
client, a filled-in listing form, a small PDF and an agreed match."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from consortium.brokerage import rules as brokerage
from consortium.models import Reply
from tests.factories import pdf_bytes
from tests.personas import client_for

TODAY = datetime.date(2027, 3, 10)  # a Wednesday


def as_user(name, personas):
    return client_for(name, personas)


def listing_form(**overrides):
    data = {
        "kind": "need",
        "category": "equipment",
        "title": "Folding tables for a jumble sale",
        "description": "Six tables for one Saturday.",
        "area": "north",
        "available_from": "",
        "available_until": "",
        "cost_basis": "free",
        "quantity": "6",
        "unit": "tables",
        "audience": "members",
        "members_from": "",
        "public_from": "",
    }
    data.update(overrides)
    return data


def pdf_file(name="plan.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), "application/pdf")


def _agreed_match(personas, need):
    reply = Reply.objects.create(
        listing=need,
        user=personas.other_member,
        organisation=personas.other_organisation,
        message="We can",
    )
    return brokerage.accept_reply(reply, personas.member)
