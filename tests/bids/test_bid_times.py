"""Times on the bid pages read "4:21 a.m." (with a space), as everywhere else on the site."""

import datetime
import pathlib
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from consortium.models import JointBid

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_the_bid_page_gives_its_times_as_4_21_a_m(w):
    JointBid.objects.filter(pk=w.bid.pk).update(
        updated_at=datetime.datetime(2026, 12, 1, 4, 21, tzinfo=LONDON),
        deadline=datetime.datetime(2027, 1, 15, 16, 0, tzinfo=LONDON),
    )
    page = w.client("lead").get(f"/bids/{w.bid.slug}/").content.decode()
    assert "changed 1 December 2026, 4:21 a.m." in page
    assert "15 January 2027, 4:00 p.m." in page
    assert "4:21a.m." not in page


def test_no_template_writes_a_time_without_the_space_before_a_m():
    squeezed = re.compile(r"g:i(:s)?[aA]")
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in pathlib.Path(settings.BASE_DIR, "templates").rglob("*.html")
        if squeezed.search(path.read_text())
    ]
    assert offenders == []
