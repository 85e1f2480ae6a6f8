"""Registration numbers, org-ids and postcodes: checked, normalised and derived.

Each ``normalise_*`` function takes what a person typed (spaces, lower case, prefixes,
punctuation) and returns the canonical form, or raises ``ValidationError`` with a
message that says what a valid one looks like. The org-id follows org-id.guide:
``GB-CHC`` (Charity Commission for England and Wales), ``GB-SC`` (OSCR),
``GB-NIC`` (Charity Commission for Northern Ireland), ``GB-COH`` (Companies House).
"""

import re

from django.core.exceptions import ValidationError


def _squash(value):
    """Upper case, with spaces, dashes, dots and slashes removed."""
    return re.sub(r"[\s\-./]", "", str(value or "")).upper()


def normalise_charity_number(value):
    """Charity Commission for England and Wales: 6 or 7 digits (a "-1" subsidiary suffix
    is not part of the registration number)."""
    digits = _squash(value)
    if not re.fullmatch(r"\d{6,7}", digits):
        raise ValidationError(
            "Enter a charity number of 6 or 7 digits, like 1090095",
            code="invalid_charity_number",
        )
    return digits


def normalise_oscr_number(value):
    """Scottish Charity Regulator (OSCR): SC followed by 6 digits."""
    number = _squash(value)
    if re.fullmatch(r"\d{6}", number):
        number = f"SC{number}"
    if not re.fullmatch(r"SC\d{6}", number):
        raise ValidationError(
            "Enter a Scottish charity number as SC and 6 digits, like SC007427",
            code="invalid_oscr_number",
        )
    return number


def normalise_ccni_number(value):
    """Charity Commission for Northern Ireland: NIC and 6 digits, stored as the 6 digits."""
    number = _squash(value)
    if number.startswith("NIC"):
        number = number[3:]
    if not re.fullmatch(r"\d{6}", number):
        raise ValidationError(
            "Enter a Northern Ireland charity number as NIC and 6 digits, like NIC100012",
            code="invalid_ccni_number",
        )
    return number


def normalise_company_number(value):
    """Companies House: 8 characters, keeping leading zeros (01234567, SC123456, NI012345).

    Numbers typed without their leading zeros (8255580) are padded to 8 digits.
    """
    number = _squash(value)
    if re.fullmatch(r"\d{1,8}", number):
        number = number.zfill(8)
    elif re.fullmatch(r"[A-Z]{2}\d{1,6}", number):
        number = number[:2] + number[2:].zfill(6)
    if not re.fullmatch(r"(\d{8}|[A-Z]{2}\d{6})", number):
        raise ValidationError(
            "Enter a company number of 8 characters, like 01234567 or SC123456",
            code="invalid_company_number",
        )
    return number


# Which registration number gives the org-id, in order of preference.
ORG_ID_SCHEMES = [
    ("charity_number", "GB-CHC"),
    ("oscr_number", "GB-SC"),
    ("ccni_number", "GB-NIC"),
    ("company_number", "GB-COH"),
]


def org_id(*, charity_number="", oscr_number="", ccni_number="", company_number=""):
    """The organisation's identifier from its first registration number, or ``""``."""
    numbers = {
        "charity_number": charity_number,
        "oscr_number": oscr_number,
        "ccni_number": ccni_number,
        "company_number": company_number,
    }
    for field, prefix in ORG_ID_SCHEMES:
        if numbers[field]:
            return f"{prefix}-{numbers[field]}"
    return ""


# The UK postcode format (outward code, space, inward code), including GIR 0AA.
POSTCODE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ](\d[\dA-HJKPSTUW]?|[A-HK-Y]\d[\dABEHMNPRV-Y]?)\d[ABD-HJLNP-UW-Z]{2})$"
)


def normalise_postcode(value):
    """A UK postcode in capitals with one space before the last three characters."""
    squashed = re.sub(r"\s", "", str(value or "")).upper()
    if not POSTCODE.fullmatch(squashed):
        raise ValidationError("Enter a real UK postcode, like SW1A 1AA", code="invalid_postcode")
    return f"{squashed[:-3]} {squashed[-3:]}"


def identifier(field, number):
    """The org-id a registration number gives when it is the organisation's first one:
    ``identifier("company_number", "08255580")`` is ``GB-COH-08255580``."""
    return f"{dict(ORG_ID_SCHEMES)[field]}-{number}"


def parse_org_id(value):
    """``(field, number)`` for an org-id Shoal makes, such as ``GB-CHC-502548``, else None."""
    for field, prefix in ORG_ID_SCHEMES:
        if str(value or "").startswith(f"{prefix}-"):
            number = value[len(prefix) + 1 :]
            return (field, number) if number else None
    return None
