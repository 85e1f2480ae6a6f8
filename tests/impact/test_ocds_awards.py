"""Contracts won by tender go out as OCDS award releases at /open-data/ocds.json, under the
buyer's identifier, and grants as 360Giving under the funder's org-id where it is known;
neither appears in the other (issue 19, item 3)."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from consortium.bids import awards
from consortium.models import BidState, JointBid, OpportunityKind
from consortium.opportunities.ocds import import_release_package
from tests.bids.export_world import make_bid
from tests.impact.test_open_data import validator as threesixty_validator
from tests.opportunities.helpers import make_opportunity
from tests.personas import make_personas

pytestmark = pytest.mark.django_db

SCHEMAS = Path(settings.BASE_DIR) / "consortium" / "opportunities" / "standards" / "ocds"
UK_TENDERS = Path(__file__).parents[1] / "data" / "ocds" / "uk-tenders-release-package.json"
OCDS_URL = "/open-data/ocds.json"  # a contract: people link to this address


def ocds_validator():
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text())
    release = json.loads((SCHEMAS / "release-schema.json").read_text())
    registry = Registry().with_resource(
        release["id"], Resource.from_contents(release, default_specification=DRAFT4)
    )
    return Draft4Validator(
        package, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
    )


def assert_valid_ocds(data):
    errors = sorted(ocds_validator().iter_errors(data), key=lambda e: list(map(str, e.path)))
    assert errors == [], [f"{e.json_path}: {e.message}" for e in errors]


@pytest.fixture
def p():
    return make_personas()


def tender(**fields):
    fields.setdefault("funder", "Westmoor County Council")
    fields.setdefault("funder_org_id", "GB-CFS-163659")
    fields.setdefault("ocid", "ocds-h6vhtk-04a1b2")
    return make_opportunity(
        "Community transport for Westmoor", kind=OpportunityKind.TENDER, **fields
    )


def award(bid, amount="120000", on=datetime.date(2026, 11, 16)):
    """The bid awarded as the award step records it."""
    JointBid.objects.filter(pk=bid.pk).update(
        state=BidState.AWARDED, amount_awarded=Decimal(amount), award_date=on
    )
    bid.refresh_from_db()
    return awards.record(bid, None)


def contract_awarded(p, **fields):
    opportunity = tender(**fields)
    bid = make_bid(p, title="Westmoor Wheels", opportunity=opportunity)
    JointBid.objects.filter(pk=bid.pk).update(funder=opportunity.funder)  # as a bid starts
    return bid, award(bid)


def test_a_contract_won_by_tender_is_a_valid_ocds_award_release_under_the_buyers_identifier(
    client, p
):
    bid, record = contract_awarded(p)
    response = client.get(OCDS_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert_valid_ocds(data)
    assert data["uri"] == "http://testserver/open-data/ocds.json"
    (release,) = data["releases"]
    assert release["ocid"] == "ocds-h6vhtk-04a1b2"
    assert release["tag"] == ["award"]
    assert release["buyer"] == {"id": "GB-CFS-163659", "name": "Westmoor County Council"}
    buyer, supplier = release["parties"]
    assert buyer["roles"] == ["buyer"]
    assert buyer["identifier"] == {
        "scheme": "GB-CFS",
        "id": "163659",
        "legalName": "Westmoor County Council",
    }
    assert supplier["roles"] == ["supplier"]
    assert supplier["id"] == "GB-CHC-1090095" and supplier["name"] == "Fernlea Food Bank"
    (contract,) = release["awards"]
    assert contract["value"] == {"amount": 120000, "currency": "GBP"}
    assert contract["date"].startswith("2026-11-16")
    assert contract["suppliers"] == [{"id": "GB-CHC-1090095", "name": "Fernlea Food Bank"}]
    assert contract["contractPeriod"]["startDate"].startswith("2027-06-01")


def test_a_contract_award_is_not_published_as_a_360giving_grant(client, p):
    contract_awarded(p)
    grants = client.get(reverse("open_data:threesixty_json")).json()["grants"]
    assert grants == []


def test_a_grant_goes_out_as_360giving_under_its_funders_org_id_and_not_as_ocds(client, p):
    foundation = make_opportunity(
        "Warm Homes Fund", funder="Fernlea Community Foundation", funder_org_id="GB-CHC-1150001"
    )
    bid = make_bid(p, opportunity=foundation)
    award(bid, amount="45000")
    data = client.get(reverse("open_data:threesixty_json")).json()
    assert list(threesixty_validator().iter_errors(data)) == []
    (grant,) = data["grants"]
    assert grant["fundingOrganization"] == [
        {"id": "GB-CHC-1150001", "name": "Fernlea Community Foundation"}
    ]
    assert client.get(OCDS_URL).json()["releases"] == []


def test_a_funder_without_an_org_id_is_never_given_a_made_up_one(client, p):
    award(make_bid(p))  # the bid names its funder but no opportunity gives an org-id
    (grant,) = client.get(reverse("open_data:threesixty_json")).json()["grants"]
    funder = grant["fundingOrganization"][0]
    # 360Giving asks for the publisher's own prefix when there is no registered identifier.
    assert funder["id"] == "360G-shoal-funder-fernlea-community-foundation"
    bid, _ = contract_awarded(p, funder_org_id="", ocid=None)
    (release,) = client.get(OCDS_URL).json()["releases"]
    buyer = release["parties"][0]
    assert "identifier" not in buyer and buyer["id"] == "buyer-westmoor-county-council"
    assert release["ocid"] == f"ocds-shoal-{bid.pk}"


def test_a_corrected_contract_award_is_an_award_update_with_a_later_date(client, p):
    with time_machine.travel(datetime.datetime(2026, 11, 16, 15, 0, tzinfo=datetime.UTC)):
        bid, first = contract_awarded(p)
    with time_machine.travel(datetime.datetime(2026, 11, 24, 10, 0, tzinfo=datetime.UTC)):
        awards.correct(
            first, None, reason="The contract is for £118,000.", amount=Decimal("118000")
        )
    data = client.get(OCDS_URL).json()
    assert_valid_ocds(data)
    original, update = data["releases"]
    assert original["tag"] == ["award"] and update["tag"] == ["awardUpdate"]
    assert update["date"] > original["date"]
    assert update["awards"][0]["id"] == original["awards"][0]["id"]
    assert update["awards"][0]["value"]["amount"] == 118000
    assert original["awards"][0]["value"]["amount"] == 120000
    assert data["publishedDate"] == update["date"]


def test_the_ocds_feed_has_the_same_headers_as_the_360giving_feed(client, p):
    contract_awarded(p)
    ocds, threesixty = client.get(OCDS_URL), client.get(reverse("open_data:threesixty_json"))
    skip = {"Content-Disposition", "Content-Length"}
    assert {k: v for k, v in ocds.items() if k not in skip} == {
        k: v for k, v in threesixty.items() if k not in skip
    }
    assert ocds["Access-Control-Allow-Origin"] == "*"
    assert ocds["Content-Disposition"] == 'inline; filename="shoal-ocds.json"'


def test_the_ocds_feed_takes_as_many_queries_for_many_awards_as_for_one(
    client, p, django_assert_max_num_queries
):
    bid, first = contract_awarded(p)

    def count():
        with django_assert_max_num_queries(10) as captured:
            client.get(OCDS_URL)
        return len(captured)

    one = count()
    for i in range(5):
        award(make_bid(p, title=f"Another contract {i}", opportunity=first.bid.opportunity))
    awards.correct(first, None, reason="Amount corrected.", amount=Decimal("1000"))
    assert count() == one
    assert len(client.get(OCDS_URL).json()["releases"]) == 7


def test_an_imported_tender_keeps_its_buyers_identifier_for_the_award(p):
    result = import_release_package(UK_TENDERS)
    assert result.ok, result.errors
    opportunity = result.created[0].opportunity
    assert opportunity.funder_org_id == "GB-CFS-163659"


def test_the_impact_page_links_the_contract_awards_beside_the_360giving_links(client, p):
    page = client.get(reverse("impact:index")).content.decode()
    grants = page.index(reverse("open_data:threesixty_csv"))
    link = f'<a class="govuk-link" href="{OCDS_URL}">Contract awards (OCDS, JSON)</a>'
    assert link in page and page.index(link) > grants
