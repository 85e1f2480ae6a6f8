"""A bid's partners: their profiles, the due-diligence checklist read from the vault, the
documents the funder asks for, and partners' statements written by two people at once."""

import pytest
from django.urls import reverse

from consortium.models import (
    ConsortiumMember,
    DocumentKind,
    InvitationStatus,
    OrganisationDocument,
    PartnerStatement,
)
from consortium.organisations import due_diligence
from tests.bids.budget_helpers import url

pytestmark = pytest.mark.django_db


# --- partners and due diligence -----------------------------------------------------------------


def test_partners_page_shows_each_accepted_member_with_its_profile_details(w):
    ConsortiumMember.objects.create(
        consortium=w.consortium, organisation=w.outsider_org, status=InvitationStatus.INVITED
    )
    page = w.client("subcontractor").get(url("partners", w.bid)).content.decode()
    for text in [
        "Brookside Community Trust",
        "Millbank Advice Centre",
        "Hollins Transport Scheme",
        "GB-CHC-1090095",
        "GB-COH-08255580",
        "Charity Commission number: 1090095",
        "£10,000 to £100,000",
        "Subcontractor",
    ]:
        assert text in page, text
    assert "Westgate Arts Collective" not in page  # invited, not accepted


def test_due_diligence_reads_the_vault_held_expired_and_missing_in_one_query(
    w, django_assert_num_queries
):
    import datetime

    today = datetime.date(2026, 11, 24)
    OrganisationDocument.objects.create(
        organisation=w.lead_org,
        kind="insurance",
        title="Cover",
        file="a.pdf",
        expires_on=datetime.date(2027, 3, 31),
    )
    OrganisationDocument.objects.create(
        organisation=w.partner_org,
        kind="insurance",
        title="Old cover",
        file="b.pdf",
        expires_on=datetime.date(2026, 6, 30),
    )
    organisations = [w.lead_org, w.partner_org, w.sub_org]
    with django_assert_num_queries(1):
        checks = due_diligence.checklist(w.bid, organisations, today=today)
    insurance = {org: next(c for c in cs if c.kind == "insurance") for org, cs in checks.items()}
    assert insurance[w.lead_org.pk].text == "Held, in date until 31 March 2027"
    assert insurance[w.partner_org.pk].text == "Expired on 30 June 2026"
    assert insurance[w.sub_org.pk].text == "Missing"


def test_missing_documents_link_to_the_partners_own_documents_page_only_for_its_members(w):
    documents = reverse("organisations:documents", args=[w.partner_org.slug])
    assert documents in w.client("partner").get(url("partners", w.bid)).content.decode()
    assert documents not in w.client("subcontractor").get(url("partners", w.bid)).content.decode()


def test_lead_chooses_the_documents_the_funder_asks_for(w):
    response = w.client("lead").post(
        url("required_documents", w.bid),
        {"documents": ["equality", "insurance"], "opened": "accounts,insurance,safeguarding"},
    )
    assert response.status_code == 302
    w.bid.refresh_from_db()
    assert w.bid.required_documents == ["insurance", "equality"]
    page = w.client("partner").get(url("partners", w.bid)).content.decode()
    assert DocumentKind.EQUALITY.label in page
    assert DocumentKind.SAFEGUARDING.label not in page


def test_two_leads_changing_the_required_documents_at_once_are_told_and_keep_their_ticks(w):
    opened = "accounts,insurance,safeguarding"
    w.client("lead").post(
        url("required_documents", w.bid), {"documents": ["accounts"], "opened": opened}
    )
    clash = w.client("staff").post(
        url("required_documents", w.bid), {"documents": ["equality"], "opened": opened}
    )
    assert clash.status_code == 409
    assert "Someone else changed this list" in clash.content.decode()
    w.bid.refresh_from_db()
    assert w.bid.required_documents == ["accounts"]


def test_a_partner_writes_its_statement_prefilled_from_its_profile(w):
    w.partner_org.short_description = "We run a food pantry."
    w.partner_org.save()
    client = w.client("partner")
    form = client.get(url("statement_edit", w.bid, w.partner_org.pk))
    assert "We run a food pantry." in form.content.decode()
    response = client.post(
        url("statement_edit", w.bid, w.partner_org.pk),
        {
            "role_in_bid": "We host two warm spaces.",
            "delivery_areas": "North",
            "capacity": "",
            "version": "1",
        },
    )
    assert response.status_code == 302
    statement = PartnerStatement.objects.get(bid=w.bid, organisation=w.partner_org)
    assert statement.role_in_bid == "We host two warm spaces."
    w.bid.refresh_from_db()
    assert w.bid.version == 2


def test_two_people_writing_one_statement_merge_different_paragraphs_and_clash_on_the_same(w):
    address = url("statement_edit", w.bid, w.partner_org.pk)
    base = {
        "role_in_bid": "One.\n\nTwo.\n\nThree.",
        "delivery_areas": "North",
        "capacity": "",
        "version": "1",
    }
    w.client("partner").post(address, base)
    opened = {**base, "version": PartnerStatement.objects.get().version}
    w.client("lead").post(address, {**opened, "role_in_bid": "One, better.\n\nTwo.\n\nThree."})
    merged = w.client("partner").post(
        address, {**opened, "role_in_bid": "One.\n\nTwo.\n\nThree, better."}
    )
    assert merged.status_code == 302
    statement = PartnerStatement.objects.get()
    assert statement.role_in_bid == "One, better.\n\nTwo.\n\nThree, better."
    opened = {**base, "role_in_bid": statement.role_in_bid, "version": statement.version}
    w.client("lead").post(address, {**opened, "capacity": "Three staff"})
    clash = w.client("partner").post(address, {**opened, "capacity": "Ten volunteers"})
    assert clash.status_code == 409
    page = clash.content.decode()
    assert "Ten volunteers" in page
    assert "yours “Ten volunteers”, theirs “Three staff”" in page
    assert PartnerStatement.objects.get().capacity == "Three staff"
