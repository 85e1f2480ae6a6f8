"""The hostile corpus in what Shoal sends out beyond its pages: RSS and Atom feeds and
iCalendar files, 360Giving and impact open data, and the bid's PDF and Word exports.

Feeds stay well-formed XML whose HTML parts are inert; calendars keep each payload inside
its one property; JSON stays valid and gives back each string as stored; the PDF and Word
files show the payload as text, and the PDF renderer contacts no server: a loopback
listener, whose address the payloads use in img src, CSS url() and links, is never hit.
"""

import datetime
import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import icalendar
import pytest
from django.urls import reverse
from pypdf import PdfReader

from consortium.bids import awards
from consortium.models import BidState, JointBid
from tests.bids.export_world import docx_text, squash
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.hostile import PAYLOADS, assert_html_inert, marker
from tests.security.seeded import make_seeded_world

pytestmark = pytest.mark.django_db

NAMES = [name for name in PAYLOADS if name != "nul-byte"]


@pytest.fixture
def seeded(request, home_page, server):
    text = PAYLOADS[request.param].replace("{server}", server[0])
    world = make_seeded_world(text)
    world.name, world.text = request.param, text
    news = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news, title=text[:255], summary=text[:500], author=text[:100])
    events = EventIndexPageFactory(parent=home_page)
    EventPageFactory(parent=events, title=text[:255], summary=text[:500], venue=text[:500])
    world.news, world.events = news, events
    return world


def xml_of(response):
    assert response.status_code == 200, response.status_code
    return ET.fromstring(response.content)  # fails on anything that is not well-formed


@pytest.mark.parametrize("seeded", NAMES, indirect=True)
def test_rss_and_atom_feeds_stay_well_formed_and_their_html_inert(client, seeded, server):
    feeds = [
        reverse("opportunities:rss"),
        seeded.news.url + "feed/rss/",
        seeded.news.url + "feed/atom/",
    ]
    for url in feeds:
        tree = xml_of(client.get(url))
        texts = [element.text or "" for element in tree.iter()]
        assert any(marker(seeded.name) in text for text in texts), f"{url}: the text is missing"
        for element in tree.iter():
            if element.tag.endswith(("description", "summary", "content")) and element.text:
                assert_html_inert(element.text, server[0], where=f"{url} {element.tag}")


@pytest.mark.parametrize("seeded", NAMES, indirect=True)
def test_calendars_keep_each_payload_inside_its_one_property(client, seeded):
    for url in (reverse("opportunities:ical"), seeded.events.url + "ical/"):
        response = client.get(url)
        assert response.status_code == 200, url
        calendar = icalendar.Calendar.from_ical(response.content)
        events = list(calendar.walk("VEVENT"))
        assert len(events) == 1, f"{url}: {len(events)} events, so the payload made one"
        assert marker(seeded.name) in str(events[0].get("SUMMARY")), url
        assert "X-INJECTED" not in events[0], url
        assert b"\r\nBcc:" not in response.content and b"\r\nX-Injected" not in response.content


@pytest.mark.parametrize("seeded", NAMES, indirect=True)
def test_open_data_stays_valid_json_and_gives_back_what_was_stored(client, seeded):
    organisation = seeded.bids.lead_org
    organisation.refresh_from_db()
    JointBid.objects.filter(pk=seeded.bids.bid.pk).update(
        state=BidState.AWARDED,
        amount_awarded=Decimal("45000"),
        award_date=datetime.date(2027, 5, 2),
    )
    awards.record(JointBid.objects.get(pk=seeded.bids.bid.pk), None)
    for url in (
        reverse("open_data:threesixty_json"),
        reverse("impact:organisation_json", args=[organisation.org_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        data = json.loads(response.content)
        strings = list(_strings(data))
        assert organisation.name in strings, f"{url}: the name did not come back equal"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("seeded", NAMES, indirect=True)
def test_pdf_and_word_exports_show_the_payload_as_text_and_fetch_nothing(seeded, server):
    lead = seeded.client("lead")
    bid = seeded.bids.bid
    before = len(server[1])
    pdf = lead.get(reverse("bids:export_pdf", args=[bid.slug]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    # The first page: the title (pypdf gives up on a page of 100,000 characters).
    first_page = squash(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text())
    assert squash(marker(seeded.name)) in first_page, "the PDF does not show the typed text"
    assert len(server[1]) == before, f"the PDF renderer fetched {server[1][before:]}"
    word = lead.get(reverse("bids:export_docx", args=[bid.slug]))
    assert word.status_code == 200
    text, _ = docx_text(word.content)
    assert marker(seeded.name) in text, "the Word file does not show the typed text"
    if seeded.name == "template-injection":
        assert "{{ 7|add:42 }}" in text
    assert "\n" not in word["Content-Disposition"] and "\r" not in word["Content-Disposition"]
