"""Nothing is lost: the bid's history, a section's versions, differences and restore."""

import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortium.bids import drafting
from consortium.models import BidSection, BudgetLine, ConsortiumMember, SignOff
from tests.bids.world import client_for, make_bid_world
from tests.hostile import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return make_bid_world()


def bid_url(name, p, *args):
    return reverse(f"bids:{name}", args=[p.bid.slug, *args])


def write(p, persona, section, body):
    """Save a section through its page, as a person would."""
    client = client_for(persona, p)
    version = BidSection.objects.get(pk=section.pk).version
    response = client.post(
        bid_url("section", p, section.pk), {"body": body, "status": "drafting", "version": version}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_the_bid_history_shows_who_changed_what_newest_first(p):
    delivery = p.sections[1]
    write(p, "partner", delivery, "Sessions in six libraries.")
    ConsortiumMember.objects.get(organisation=p.sub_org).save()
    page = client_for("lead", p).get(bid_url("history", p)).content.decode()
    assert "bid-partner" in page
    assert "Section “" in page or "section “" in page
    assert page.index("consortium member “Hollins") < page.index("Delivery plan")  # newest first
    assert "Hollins Transport Scheme" in page


def test_a_private_budget_line_does_not_leak_through_the_history_to_other_partners(p):
    BudgetLine.objects.create(
        bid=p.bid,
        organisation=p.sub_org,
        category="staff",
        description="Driver day rate 212 pounds",
        amount=212,
        is_private=True,
    )
    BudgetLine.objects.create(
        bid=p.bid,
        organisation=p.sub_org,
        category="equipment",
        description="Minibus hire",
        amount=900,
    )
    partner_page = client_for("partner", p).get(bid_url("history", p)).content.decode()
    assert "Minibus hire" in partner_page
    assert "Driver day rate" not in partner_page
    for persona in ("lead", "subcontractor", "staff"):
        page = client_for(persona, p).get(bid_url("history", p)).content.decode()
        assert "Driver day rate" in page, persona


def test_a_line_made_public_after_being_private_stays_out_of_other_partners_history(p):
    line = BudgetLine.objects.create(
        bid=p.bid,
        organisation=p.sub_org,
        category="staff",
        description="Driver day rate 212 pounds",
        amount=212,
        is_private=True,
    )
    line.is_private = False
    line.description = "Drivers"
    line.save()
    page = client_for("partner", p).get(bid_url("history", p)).content
    # The text a reader sees: a random token in a tag (a nonce, a CSRF token) may hold "212".
    assert "212" not in page_text(page)


def test_the_bid_history_is_paginated_and_costs_the_same_queries_as_it_grows(p):
    client = client_for("partner", p)

    def count(page=1):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(bid_url("history", p) + f"?page={page}")
            assert response.status_code == 200
        return len(queries)

    count()  # the first request warms the caches (site, settings)
    few = count()
    for n in range(40):
        section = p.sections[n % 3]
        section.body = f"Version {n}"
        section.version += 1
        section.save()
        SignOff.objects.create(
            bid=p.bid, organisation=p.partner_org, bid_version=n, fingerprint="f"
        )
    assert count() == few
    assert count(page=2) == few
    page = client.get(bid_url("history", p)).content.decode()
    assert 'aria-label="Page 2"' in page


def test_a_sections_history_compares_two_versions_word_by_word(p):
    delivery = p.sections[1]
    write(p, "partner", delivery, "We run advice sessions in six libraries.")
    write(p, "partner", delivery, "We run advice clinics in seven libraries.")
    records = list(delivery.history.order_by("history_date"))
    page = (
        client_for("lead", p)
        .get(
            bid_url("section_history", p, delivery.pk)
            + f"?from={records[-2].history_id}&to={records[-1].history_id}"
        )
        .content.decode()
    )
    assert "<del>sessions</del>" in page and "<ins>clinics</ins>" in page
    assert "<del>six</del>" in page and "<ins>seven</ins>" in page
    assert "<del>advice</del>" not in page


def test_the_compared_pair_stays_ticked_after_comparing(p):
    delivery = p.sections[1]
    for body in ("First.", "Second.", "Third."):
        write(p, "partner", delivery, body)
    records = list(delivery.history.order_by("history_date"))
    old, new = records[0], records[-2]  # not the newest two, ticked at first
    page = (
        client_for("lead", p)
        .get(
            bid_url("section_history", p, delivery.pk)
            + f"?from={old.history_id}&to={new.history_id}"
        )
        .content.decode()
    )
    ticked = re.findall(r'name="(from|to)" id="[a-z]+-(\d+)" value="\d+" checked', page)
    assert sorted(ticked) == [("from", str(old.history_id)), ("to", str(new.history_id))]


def test_comparing_two_thousand_word_versions_is_fast():
    words = [f"word{n}" for n in range(1000)]
    old = " ".join(words)
    changed = list(words)
    for n in range(0, 1000, 50):
        changed[n] = f"changed{n}"
    new = " ".join(changed[:500]) + "\n\n" + " ".join(changed[500:])
    started = time.perf_counter()
    paragraphs = drafting.diff_paragraphs(old, new)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.25
    flat = [item for paragraph in paragraphs for item in paragraph]
    assert ("ins", "changed50") in flat and ("del", "word50") in flat
    assert len(paragraphs) == 2


def test_the_section_history_page_costs_the_same_queries_with_many_versions(p):
    delivery = p.sections[1]
    client = client_for("lead", p)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(bid_url("section_history", p, delivery.pk)).status_code == 200
        return len(queries)

    write(p, "partner", delivery, "One.")
    count()  # the first request warms the caches (site, settings)
    few = count()
    for n in range(30):
        write(p, "partner" if n % 2 else "lead", delivery, f"Version {n}.")
    count()  # the writes moved the content generation on: warm the caches again
    assert count() == few


def test_restoring_a_version_is_itself_a_new_version_and_raises_the_bid_version(p):
    delivery = p.sections[1]
    write(p, "partner", delivery, "The text we want back.")
    wanted = delivery.history.order_by("history_date").last()
    write(p, "partner", delivery, "A worse rewrite.")
    bid_version = type(p.bid).objects.get(pk=p.bid.pk).version
    client = client_for("partner", p)
    restore_url = bid_url("section_restore", p, delivery.pk, wanted.history_id)
    confirm = client.get(restore_url).content.decode()
    assert f"Restore version {wanted.version}" in confirm
    assert BidSection.objects.get(pk=delivery.pk).body == "A worse rewrite."  # not yet

    response = client.post(restore_url)
    assert response.status_code == 302
    section = BidSection.objects.get(pk=delivery.pk)
    assert section.body == "The text we want back."
    latest = section.history.order_by("history_date").last()
    assert latest.history_change_reason == f"Restored version {wanted.version}"
    assert latest.history_user == p.partner
    assert section.version == wanted.version + 2
    assert type(p.bid).objects.get(pk=p.bid.pk).version > bid_version
    history = client.get(bid_url("section_history", p, delivery.pk)).content.decode()
    assert f"Restored version {wanted.version}" in history


def test_a_subcontractor_cannot_restore_a_partners_section(p):
    delivery = p.sections[1]
    write(p, "partner", delivery, "Keep me.")
    record = delivery.history.order_by("history_date").first()
    response = client_for("subcontractor", p).post(
        bid_url("section_restore", p, delivery.pk, record.history_id)
    )
    assert response.status_code == 403
    assert BidSection.objects.get(pk=delivery.pk).body == "Keep me."


# --- staff in the admin ----------------------------------------------------------------------


def admin_client(p):
    from django.test import Client

    client = Client()
    client.force_login(p.staff, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_staff_inspect_a_bid_and_follow_the_link_to_its_history_in_the_admin(p):
    from consortium.staff import history as staff

    client = admin_client(p)
    listing = client.get("/admin/consortium/jointbid/").content.decode()
    assert "Later Life Advice Network" in listing
    assert staff.history_url(p.bid) in listing
    inspect = client.get(f"/admin/consortium/jointbid/inspect/{p.bid.pk}/")
    assert inspect.status_code == 200
    write(p, "partner", p.sections[1], "Text for the record.")
    consortia = client.get("/admin/consortium/consortium/").content.decode()
    assert (
        "Brookside Advice Partnership" in consortia and staff.history_url(p.consortium) in consortia
    )
    assert client.get(staff.history_url(p.bid)).status_code == 200


def test_staff_edit_bid_templates_as_snippets_with_their_sections(p):
    from consortium.models import BidTemplate

    client = admin_client(p)
    template = BidTemplate.objects.first()
    listing = client.get("/admin/snippets/consortium/bidtemplate/")
    assert listing.status_code == 200 and template.name in listing.content.decode()
    edit = client.get(f"/admin/snippets/consortium/bidtemplate/edit/{template.pk}/")
    assert edit.status_code == 200
    assert template.sections.first().title in edit.content.decode()


def test_partners_cannot_reach_the_bid_admin(p):
    from django.test import Client

    client = Client()
    client.force_login(p.partner, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/consortium/jointbid/").status_code in (302, 403)
    assert client.get("/admin/snippets/consortium/bidtemplate/").status_code in (302, 403)


# --- valid HTML ----------------------------------------------------------------------------------


def test_the_consortium_and_bid_pages_are_valid_html(p, tmp_path):
    from tests.platform.test_valid_html import validate

    delivery = p.sections[1]
    write(p, "partner", delivery, "First.\n\nMiddle.\n\nLast.")
    write(p, "partner", delivery, "First, changed.\n\nMiddle.\n\nLast.")
    records = list(delivery.history.order_by("history_date"))
    lead, partner = client_for("lead", p), client_for("partner", p)
    lead.post(bid_url("comment", p, delivery.pk), {"comment": "Say which libraries."})
    section_url = bid_url("section", p, delivery.pk)
    answers = {
        "consortia": lead.get(reverse("consortia:index")),
        "consortium": lead.get(p.consortium.get_absolute_url()),
        "invite": lead.get(reverse("consortia:invite", args=[p.consortium.slug])),
        "invite with errors": lead.post(
            reverse("consortia:invite", args=[p.consortium.slug]), {"role": "nonsense"}
        ),
        "hand on": lead.get(reverse("consortia:hand_on", args=[p.consortium.slug])),
        "my bids": partner.get(reverse("bids:index")),
        "start a bid": lead.get(reverse("bids:create")),
        "start a bid with errors": lead.post(reverse("bids:create"), {"amount_requested": "x"}),
        "bid page": lead.get(bid_url("detail", p)),
        "details": lead.get(bid_url("edit", p)),
        "sections": lead.get(bid_url("sections", p)),
        "section settings": lead.get(bid_url("section_settings", p, delivery.pk)),
        "section": partner.get(section_url),
        "section read-only": partner.get(bid_url("section", p, p.sections[0].pk)),
        "section with errors": partner.post(
            section_url, {"body": "word " * 600, "status": "ready", "version": "x"}
        ),
        "section conflict": partner.post(
            section_url,
            {"body": "First, mine.\n\nMiddle.\n\nLast.", "status": "drafting", "version": 2},
        ),
        "history": lead.get(bid_url("history", p)),
        "section history": lead.get(
            bid_url("section_history", p, delivery.pk)
            + f"?from={records[0].history_id}&to={records[-1].history_id}"
        ),
        "restore": lead.get(bid_url("section_restore", p, delivery.pk, records[1].history_id)),
    }
    assert answers["section conflict"].status_code == 409
    for name, response in answers.items():
        assert response.status_code in (200, 409), name
        (tmp_path / f"{name.replace(' ', '-')}.html").write_bytes(response.content)
    assert validate(tmp_path) == ""
