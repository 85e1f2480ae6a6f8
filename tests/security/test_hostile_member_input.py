"""Members type the hostile corpus into every box of the members' area; every page that
shows it, and every email it goes out in, keeps it as text.

Each form is read from its page and every text box filled with the payload (tests/security/
forms.py), so a box added later is typed into too. A post is either saved (and then shown as
text) or refused with a clear error on the same form; never a server error.
"""

import pytest
from django.core import mail
from django.urls import reverse

from consortium.models import BudgetLine, HelpKind, Listing, OrganisationDocument, Reply, Watch
from tests.hostile import (
    PAYLOADS,
    assert_emails_inert,
    assert_html_inert,
    marker,
    page_text,
)
from tests.security.forms import submit
from tests.security.world import make_hostile_world

pytestmark = pytest.mark.django_db

NAMES = list(PAYLOADS)


@pytest.fixture
def world(home_page):
    return make_hostile_world()


def payload_for(name, server):
    return PAYLOADS[name].replace("{server}", server[0])


def shown(client, url, server, name=None):
    """Open a page that shows what was typed: it answers, and the payload in it is text."""
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert_html_inert(response.content, server[0], where=url)
    if name is not None:
        text = page_text(response.content)
        assert marker(name) in text, f"{url}: the typed text is not shown"
        if name == "template-injection":
            assert "{{ 7|add:42 }}" in text, f"{url}: typed template code was run"
    return response


@pytest.mark.parametrize("name", NAMES)
def test_offers_needs_replies_and_reports_keep_typed_text_inert(world, server, name):
    payload = payload_for(name, server)
    lead, partner = world.client("lead"), world.client("partner")
    Watch.objects.create(user=world.bids.partner, category="equipment")  # emailed new needs
    choices = {"kind": "need", "category": "equipment", "audience": "members"}
    page, saved = submit(lead, reverse("listings:create"), payload, server[0], values=choices)
    if not saved:
        assert not Listing.objects.exists()
        return
    listing = Listing.objects.get()
    detail = reverse("listings:detail", args=[listing.pk])
    shown(lead, detail, server, name)
    shown(lead, reverse("listings:index"), server)
    shown(partner, reverse("listings:index") + "?q=hostile", server)
    _, replied = submit(partner, reverse("listings:reply", args=[listing.pk]), payload, server[0])
    if replied:
        reply = Reply.objects.get()
        shown(lead, reverse("listings:answer", args=[reply.pk]), server, name)
        shown(lead, detail, server)
    submit(
        world.client("volunteer"), reverse("listings:report", args=[listing.pk]), payload, server[0]
    )
    assert mail.outbox, "nobody was told by email"
    assert_emails_inert(mail.outbox, server[0])


@pytest.mark.parametrize("name", NAMES)
def test_organisation_profile_and_vault_keep_typed_text_inert(world, server, name):
    payload = payload_for(name, server)
    organisation = world.bids.lead_org
    lead = world.client("lead")
    edit = reverse("organisations:edit", args=[organisation.slug])
    numbers = ["charity_number", "oscr_number", "ccni_number", "company_number", "postcode"]
    page, saved = submit(lead, edit, payload, server[0], keep=numbers)
    organisation.refresh_from_db()
    if saved:
        shown(lead, reverse("organisations:profile", args=[organisation.slug]), server, name)
        shown(world.client("anonymous"), reverse("organisations:directory"), server)
    file_name = (payload.replace("/", "")[:80] or "x") + ".pdf"
    add = reverse("organisations:document_add", args=[organisation.slug])
    _, saved = submit(lead, add, payload, server[0], file_name=file_name)
    if saved:
        document = OrganisationDocument.objects.get()
        shown(lead, reverse("organisations:documents", args=[organisation.slug]), server, name)
        download = reverse("organisations:document_download", args=[organisation.slug, document.pk])
        disposition = lead.get(download)["Content-Disposition"]
        # A right-to-left override would show "x\u202egnp.exe.pdf" as "xfdp.exe.png".
        assert "%E2%80%AE" not in disposition and "\u202e" not in disposition, disposition
        assert "\n" not in disposition and "\r" not in disposition, disposition
    shown(lead, reverse("members:dashboard"), server)
    join = reverse("organisations:join", args=[organisation.slug])
    _, asked = submit(world.client("non_member"), join, payload, server[0])
    if asked:
        shown(lead, reverse("organisations:members", args=[organisation.slug]), server, name)


@pytest.mark.parametrize("name", NAMES)
def test_volunteer_profile_keeps_typed_text_inert(world, server, name):
    payload = payload_for(name, server)
    volunteer = world.client("volunteer")
    profile = reverse("members:volunteer_profile")
    choices = {"help_kinds": [HelpKind.values[0]], "areas": ["north"]}
    _, saved = submit(volunteer, profile, payload, server[0], keep=["phone"], values=choices)
    shown(volunteer, reverse("members:volunteer_profile"), server)
    shown(volunteer, reverse("members:dashboard"), server)


@pytest.mark.parametrize("name", NAMES)
def test_consortia_bids_sections_comments_budgets_and_statements_keep_typed_text_inert(
    world, server, name
):
    payload = payload_for(name, server)
    bid, lead, partner = world.bids.bid, world.client("lead"), world.client("partner")

    def bid_url(view, *args):
        return reverse(f"bids:{view}", args=[bid.slug, *args])

    _, saved = submit(lead, reverse("consortia:create"), payload, server[0])
    consortium = reverse("consortia:detail", args=[world.bids.consortium.slug])
    invite = reverse("consortia:invite", args=[world.bids.consortium.slug])
    outsider = {"organisation": world.bids.outsider_org.pk, "role": "partner"}
    _, invited = submit(lead, invite, payload, server[0], values=outsider)
    if invited:
        shown(world.client("non_member"), reverse("members:dashboard"), server)
        shown(lead, consortium, server)
    submit(lead, bid_url("edit"), payload, server[0], keep=["amount_requested"])
    bid.refresh_from_db()
    summary, delivery = world.bids.sections[0], world.bids.sections[1]
    _, saved = submit(lead, bid_url("section", summary.pk), payload, server[0])
    if saved:
        shown(lead, bid_url("section", summary.pk), server, name)
    submit(lead, bid_url("section_settings", summary.pk), payload, server[0], keep=["word_limit"])
    comment = bid_url("comment", delivery.pk)
    submit(partner, bid_url("section", delivery.pk), payload, server[0], action=comment)
    amounts = {"amount": "1200", "match_funding": "", "year": "1"}
    _, saved = submit(lead, bid_url("budget_add"), payload, server[0], values=amounts)
    if saved:
        assert BudgetLine.objects.filter(bid=bid).exists()
        shown(lead, bid_url("budget"), server, name)
    statement = bid_url("statement_edit", world.bids.partner_org.pk)
    submit(partner, statement, payload, server[0])
    for view in ("detail", "budget", "partners", "history", "sign_offs", "export"):
        shown(lead, bid_url(view), server)
        shown(partner, bid_url(view), server)
    shown(lead, bid_url("sections"), server)
    shown(lead, bid_url("section", delivery.pk), server)
    shown(lead, bid_url("section_history", summary.pk), server)
    shown(lead, reverse("bids:index"), server)
    shown(lead, reverse("consortia:index"), server)
    shown(lead, reverse("consortia:detail", args=[world.bids.consortium.slug]), server)
    assert_emails_inert(mail.outbox, server[0])


@pytest.mark.parametrize("name", NAMES)
def test_pledges_and_seek_partners_notes_keep_typed_text_inert(world, server, name):
    payload = payload_for(name, server)
    lead = world.client("lead")
    scheme = reverse("buying:detail", args=[world.scheme.slug])
    submit(lead, scheme, payload, server[0], values={"quantity": "600"})
    shown(lead, scheme, server)
    shown(world.client("partner"), scheme, server)  # the coordinator
    opportunity = reverse("opportunities:detail", args=[world.opportunity.slug])
    _, saved = submit(lead, opportunity, payload, server[0])
    shown(lead, opportunity, server, name if saved else None)
    shown(world.client("partner"), opportunity, server)


@pytest.mark.parametrize("name", NAMES)
def test_search_boxes_and_filters_keep_typed_text_inert(world, server, name):
    payload = payload_for(name, server)
    anonymous, lead = world.client("anonymous"), world.client("lead")
    for client, url in [
        (anonymous, reverse("search")),
        (anonymous, reverse("search_autocomplete")),
        (anonymous, reverse("organisations:directory")),
        (anonymous, reverse("opportunities:index")),
        (lead, reverse("listings:index")),
        (lead, reverse("bids:index")),
    ]:
        response = client.get(url, {"q": payload, "area": payload, "category": payload})
        assert response.status_code in (200, 400), f"{url}: {response.status_code}"
        assert_html_inert(response.content, server[0], where=url)


@pytest.mark.parametrize("name", NAMES)
def test_survey_answers_keep_typed_text_inert(world, server, admin_user, name):
    payload = payload_for(name, server)
    _, saved = submit(world.client("anonymous"), world.survey.url, payload, server[0])
    assert_emails_inert(mail.outbox, server[0])
    if saved:
        assert world.survey.get_submission_class().objects.filter(page=world.survey).exists()
        staff = world.client("anonymous")
        staff.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
        shown(staff, f"/admin/forms/submissions/{world.survey.pk}/", server, name)
