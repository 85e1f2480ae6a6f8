"""Awarded bids as open data: anyone can download them as 360Giving JSON and CSV."""

import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from consortium.bids import awards
from consortium.impact import threesixty
from consortium.models import BidState, JointBid
from tests.bids.export_world import make_bid
from tests.personas import PERSONAS, client_for, make_personas

pytestmark = pytest.mark.django_db

SCHEMAS = Path(settings.BASE_DIR) / "consortium" / "impact" / "standards" / "360giving"
GRANT_URL_142 = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"


def validator():
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    resource = Resource.from_contents(grant, default_specification=DRAFT202012)
    registry = Registry().with_resources([(grant["$id"], resource), (GRANT_URL_142, resource)])
    return Draft202012Validator(package, registry=registry, format_checker=FormatChecker())


@pytest.fixture
def p():
    return make_personas()


def award(bid, amount="45000", on=datetime.date(2027, 5, 2)):
    """The bid awarded, with its award recorded as the award step records it."""
    JointBid.objects.filter(pk=bid.pk).update(
        state=BidState.AWARDED, amount_awarded=Decimal(amount), award_date=on
    )
    bid.refresh_from_db()
    awards.record(bid, None)
    return bid


@pytest.fixture
def awarded(p):
    return award(make_bid(p, programme="Warm Homes Fund"))


ALL_200 = dict.fromkeys(PERSONAS, 200)
ACCESS = [
    ("the 360Giving JSON", lambda p: reverse("open_data:threesixty_json"), ALL_200),
    ("the 360Giving CSV", lambda p: reverse("open_data:threesixty_csv"), ALL_200),
    ("the OCDS contract awards", lambda p: reverse("open_data:ocds_json"), ALL_200),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_anyone_can_download_the_open_data(p, persona, description, url_for, expected):
    assert client_for(persona, p).get(url_for(p)).status_code == expected[persona]


def test_an_awarded_bid_is_a_valid_360giving_grant(client, p, awarded):
    make_bid(p, title="Still drafting")  # not awarded: not published
    response = client.get(reverse("open_data:threesixty_json"))
    assert response["Content-Type"] == "application/json"
    data = response.json()
    errors = sorted(validator().iter_errors(data), key=lambda e: list(e.path))
    assert errors == [], [e.message for e in errors]
    (grant,) = data["grants"]
    assert grant["id"] == f"360G-shoal-{awarded.pk}"
    assert grant["title"] == "Warm Spaces for Fernlea"
    assert grant["description"].startswith("Warm, welcoming spaces")
    assert grant["currency"] == "GBP"
    assert grant["amountAwarded"] == 45000
    assert grant["awardDate"] == "2027-05-02"
    assert grant["recipientOrganization"] == [
        {"id": "GB-CHC-1090095", "name": "Fernlea Food Bank", "charityNumber": "1090095"}
    ]
    assert grant["fundingOrganization"][0]["name"] == "Fernlea Community Foundation"
    assert grant["plannedDates"] == [
        {"startDate": "2027-06-01", "endDate": "2029-05-31", "duration": 24}
    ]


def test_the_schema_check_catches_a_broken_grant(p, awarded):
    data = threesixty.package()
    del data["grants"][0]["recipientOrganization"]
    data["grants"][0]["awardDate"] = "2 May 2027"
    assert len(list(validator().iter_errors(data))) >= 1


def test_the_identifier_prefix_is_a_setting(client, p, awarded, settings):
    settings.SHOAL_360GIVING_PREFIX = "360G-fernleacvs-"
    grant = client.get(reverse("open_data:threesixty_json")).json()["grants"][0]
    assert grant["id"] == f"360G-fernleacvs-{awarded.pk}"


def test_the_csv_uses_360givings_column_names_and_cannot_run_formulas(client, p):
    award(make_bid(p, title='=HYPERLINK("http://x")', programme="Warm Homes Fund"))
    response = client.get(reverse("open_data:threesixty_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="shoal-360giving.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0])[:13] == [
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Amount Applied For",
        "Award Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Recipient Org:Charity Number",
        "Recipient Org:Company Number",
        "Funding Org:Identifier",
        "Funding Org:Name",
    ]
    (row,) = rows
    assert row["Title"] == '\'=HYPERLINK("http://x")'
    assert row["Amount Awarded"] == "45000"
    assert row["Recipient Org:Identifier"] == "GB-CHC-1090095"
    assert row["Planned Dates:Start Date"] == "2027-06-01"
    assert row["Planned Dates:Duration (months)"] == "24"


def test_with_no_awarded_bids_the_csv_has_only_its_header(client, p):
    make_bid(p)
    lines = client.get(reverse("open_data:threesixty_csv")).content.decode("utf-8-sig").splitlines()
    assert lines == [",".join(threesixty.COLUMNS)]


def test_the_open_data_takes_as_many_queries_for_many_grants_as_for_one(
    client, p, awarded, django_assert_max_num_queries
):
    def count():
        with django_assert_max_num_queries(10) as captured:
            client.get(reverse("open_data:threesixty_json"))
        return len(captured)

    one = count()
    for i in range(5):
        award(make_bid(p, title=f"Another award {i}"))
    assert count() == one
    assert len(client.get(reverse("open_data:threesixty_json")).json()["grants"]) == 6


@pytest.mark.parametrize(
    "start, months, end",
    [
        (datetime.date(2027, 6, 1), 24, datetime.date(2029, 5, 31)),
        (datetime.date(2027, 1, 31), 1, datetime.date(2027, 2, 27)),
        (datetime.date(2027, 11, 15), 3, datetime.date(2028, 2, 14)),
    ],
)
def test_planned_end_dates_follow_the_duration_in_months(start, months, end):
    assert threesixty.end_date(start, months) == end
