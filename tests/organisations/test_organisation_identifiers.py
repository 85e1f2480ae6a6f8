"""Organisations: registration numbers, postcodes and the org-id."""

import pytest
from django.core.exceptions import ValidationError

from consortium.organisations import identifiers

pytestmark = pytest.mark.django_db


# --- identifiers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("normalise", "typed", "stored"),
    [
        (identifiers.normalise_charity_number, "1090095", "1090095"),
        (identifiers.normalise_charity_number, " 109 0095 ", "1090095"),
        (identifiers.normalise_charity_number, "209631", "209631"),
        (identifiers.normalise_oscr_number, "SC007427", "SC007427"),
        (identifiers.normalise_oscr_number, "sc 007427", "SC007427"),
        (identifiers.normalise_oscr_number, "007427", "SC007427"),
        (identifiers.normalise_ccni_number, "NIC100012", "100012"),
        (identifiers.normalise_ccni_number, "nic 100012", "100012"),
        (identifiers.normalise_ccni_number, "100012", "100012"),
        (identifiers.normalise_company_number, "08255580", "08255580"),
        (identifiers.normalise_company_number, "8255580", "08255580"),
        (identifiers.normalise_company_number, "sc123456", "SC123456"),
        (identifiers.normalise_company_number, "01234567", "01234567"),
        (identifiers.normalise_postcode, "sw1a1aa", "SW1A 1AA"),
        (identifiers.normalise_postcode, " M1  1AE ", "M1 1AE"),
        (identifiers.normalise_postcode, "EH1 1YZ", "EH1 1YZ"),
    ],
)
def test_numbers_and_postcodes_are_stored_one_way_however_typed(normalise, typed, stored):
    assert normalise(typed) == stored


@pytest.mark.parametrize(
    ("normalise", "typed"),
    [
        (identifiers.normalise_charity_number, "12345"),
        (identifiers.normalise_charity_number, "12345678"),
        (identifiers.normalise_charity_number, "ABC1234"),
        (identifiers.normalise_oscr_number, "SC12345"),
        (identifiers.normalise_oscr_number, "NI007427"),
        (identifiers.normalise_ccni_number, "NIC12345"),
        (identifiers.normalise_ccni_number, "SC100012"),
        (identifiers.normalise_company_number, "123456789"),
        (identifiers.normalise_company_number, "ABC12345"),
        (identifiers.normalise_postcode, "SW1A"),
        (identifiers.normalise_postcode, "12345"),
        (identifiers.normalise_postcode, "QQ1 1AA"),
    ],
)
def test_bad_numbers_and_postcodes_are_refused_with_an_example(normalise, typed):
    with pytest.raises(ValidationError) as error:
        normalise(typed)
    assert "like" in error.value.messages[0]


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ({"charity_number": "1090095"}, "GB-CHC-1090095"),
        ({"oscr_number": "SC007427"}, "GB-SC-SC007427"),
        ({"ccni_number": "100012"}, "GB-NIC-100012"),
        ({"company_number": "08255580"}, "GB-COH-08255580"),
        ({"charity_number": "1090095", "company_number": "08255580"}, "GB-CHC-1090095"),
        ({}, ""),
    ],
)
def test_the_org_id_comes_from_the_registration_numbers(numbers, expected):
    assert identifiers.org_id(**numbers) == expected
