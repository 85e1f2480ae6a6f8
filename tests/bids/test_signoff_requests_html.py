"""The sign-off page with "Request changes", the two answer forms (blank, with errors) and
the bid page and history showing an answer are valid HTML (Nu Html Checker); the demo has a
request for changes and a declined sign-off."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from consortium.models import BidState, JointBid, ResponseKind, SignOffResponse
from tests.bids.world import make_bid_world, make_ready

pytestmark = pytest.mark.django_db


def test_the_answer_forms_and_where_answers_show_are_valid_html(tmp_path):
    from tests.platform.test_valid_html import validate

    w = make_bid_world()
    JointBid.objects.filter(pk=w.bid.pk).update(state=BidState.AWAITING_SIGN_OFF)
    make_ready(w.bid)
    partner, lead = w.client("partner"), w.client("lead")
    changes = reverse("bids:request_changes", args=[w.bid.slug])
    decline = reverse("bids:decline_to_take_part", args=[w.bid.slug])
    answers = {
        "sign-off page": partner.get(reverse("bids:sign_off", args=[w.bid.slug])),
        "request changes": partner.get(changes),
        "request changes with errors": partner.post(changes, {"reason": "", "sections": ["x"]}),
        "decline": partner.get(decline),
        "decline with errors": partner.post(decline, {"reason": "x" * 2001}),
    }
    partner.post(changes, {"reason": "Fortnightly, not weekly.", "sections": [w.sections[1].pk]})
    answers["bid page with a request"] = lead.get(w.bid.get_absolute_url())
    answers["history with a request"] = lead.get(reverse("bids:history", args=[w.bid.slug]))
    for n, (name, response) in enumerate(answers.items()):
        assert response["Content-Type"].startswith("text/html"), name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index


def test_the_demo_has_a_request_for_changes_and_a_declined_sign_off(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("load_demo_content", stdout=io.StringIO())
    asked = SignOffResponse.objects.get(answer=ResponseKind.CHANGES)
    declined = SignOffResponse.objects.get(answer=ResponseKind.DECLINED)
    assert asked.organisation.name == "Riverside Befrienders" and asked.sections.exists()
    assert declined.organisation.name == "Long Meadow Memory Café"
    assert asked.bid.state == BidState.INTERNAL_REVIEW and declined.bid.state == BidState.DRAFT
    client.force_login(asked.person.__class__.objects.get(username="lead"))
    page = client.get(asked.bid.get_absolute_url()).content.decode()
    assert "Riverside Befrienders asked for changes" in page


def test_the_sections_question_says_optional_once():
    w = make_bid_world()
    JointBid.objects.filter(pk=w.bid.pk).update(state=BidState.AWAITING_SIGN_OFF)
    make_ready(w.bid)
    page = w.client("partner").get(reverse("bids:request_changes", args=[w.bid.slug]))
    text = page.content.decode()
    assert "Which sections need changing? (optional)" in text
    assert "(optional) (optional)" not in text
