#!/usr/bin/env python
"""The Django side of ``make bench``: which URLs to measure, and each page's SQL queries.

Run by scripts/bench.py with the same environment as the gunicorn it measures (production
settings, the same PostgreSQL and Redis); writes JSON to the path given:

    {"pages": [{"name", "path", "audience", "queries", "status"}], "facts": {...}}

Queries are counted in-process with Django's test client, after one warm-up request (as a
running worker has its per-process caches warm), with CaptureQueriesContext. Names after
the host keep only those rows (the chart's five at the smaller scales):

    bench_pages.py OUTPUT HOST [ROW NAME ...]
"""

import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench_report import AUTOCOMPLETE_ROW, KEPT_PDF_ROW, NEW_WORDS_ROW  # noqa: E402

# The demo account whose members' pages are measured: the lead of a consortium with bids.
MEMBER = "lead"
COMMON_WORD = "community"
NO_RESULTS_WORD = "qzxjvwkpf"
# A PDF made in the background (a progress page first) has this long to be ready.
PDF_READY_SECONDS = 300


def search_words():
    """One-word place names of the generated data, for NEW_WORDS_ROW."""
    from home.demo.words import PLACES

    return [place for place in PLACES if place.isalpha()]


def first_conversation(member):
    """The first reply (by pk) that the member's organisations take part in, as the listing's
    poster or as the replier (every reply is a conversation between the two); None if the
    data has none."""
    from django.db.models import Q

    from consortium import permissions
    from consortium.models import Reply

    mine = permissions.access(member).member_of
    return (
        Reply.objects.filter(Q(listing__organisation__in=mine) | Q(organisation__in=mine))
        .order_by("pk")
        .first()
    )


def _first_url(model):
    page = model.objects.live().public().order_by("path").first()
    return page.url if page else None


def discover():
    """(name, path, audience) for every page type issue 9 asks for, read from the database."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.urls import reverse

    from consortium import permissions
    from consortium.models import JointBid, Listing, Organisation, Scheme
    from home.models import (
        CaseStudyPage,
        ClusterPage,
        EventIndexPage,
        EventPage,
        ForumPage,
        NewsIndexPage,
        NewsPage,
    )

    anonymous = AnonymousUser()
    news_index = _first_url(NewsIndexPage)
    events_index = _first_url(EventIndexPage)
    organisation = (
        permissions.visible_organisations(anonymous, Organisation.objects.all())
        .order_by("pk")
        .first()
    )
    listing = permissions.visible_listings(anonymous, Listing.objects.all()).order_by("pk").first()
    scheme = permissions.visible_schemes(anonymous, Scheme.objects.all()).order_by("pk").first()
    pages = [
        ("/healthz/", "/healthz/", "probe"),
        ("home", "/", "public"),
        ("forum", _first_url(ForumPage), "public"),
        ("cluster", _first_url(ClusterPage), "public"),
        ("news index", news_index, "public"),
        ("news item", _first_url(NewsPage), "public"),
        ("events index", events_index, "public"),
        ("event", _first_url(EventPage), "public"),
        ("case study", _first_url(CaseStudyPage), "public"),
        ("organisation directory", reverse("organisations:directory"), "public"),
        (
            "organisation profile",
            organisation and reverse("organisations:profile", args=[organisation.slug]),
            "public",
        ),
        ("resources index", reverse("listings:index"), "public"),
        ("resources listing", listing and reverse("listings:detail", args=[listing.pk]), "public"),
        ("joint-buying scheme", scheme and reverse("buying:detail", args=[scheme.slug]), "public"),
        ("opportunity list", reverse("opportunities:index"), "public"),
        ("impact", reverse("impact:index"), "public"),
        ("search, a common word", f"/search/?query={COMMON_WORD}", "public"),
        ("search, no results", f"/search/?query={NO_RESULTS_WORD}", "public"),
        (NEW_WORDS_ROW, "/search/?query={}+{}".format(*search_words()[:2]), "public"),
        (
            AUTOCOMPLETE_ROW,
            f"/search/autocomplete/?query={search_words()[0]}+{search_words()[1][:3]}",
            "public",
        ),
        ("news feed (RSS)", news_index and news_index + "feed/rss/", "public"),
        ("events calendar (iCal)", events_index and events_index + "ical/", "public"),
        ("opportunities feed (RSS)", reverse("opportunities:rss"), "public"),
        ("opportunity deadlines (iCal)", reverse("opportunities:ical"), "public"),
    ]
    member = get_user_model().objects.get(username=MEMBER)
    bid = permissions.visible_bids(member, JointBid.objects.all()).order_by("pk").first()
    conversation = first_conversation(member)
    pages += [
        ("members' dashboard", reverse("members:dashboard"), "members"),
        ("bid page", bid and reverse("bids:detail", args=[bid.slug]), "members"),
        ("bid history", bid and reverse("bids:history", args=[bid.slug]), "members"),
        ("resources, as a member", reverse("listings:index"), "members"),
        ("to-do page", reverse("members:todo"), "members"),
        (
            "conversation page",
            conversation and reverse("listings:answer", args=[conversation.pk]),
            "members",
        ),
        (KEPT_PDF_ROW, bid and reverse("bids:export_pdf", args=[bid.slug]), "members"),
    ]
    return pages, member


def is_pdf(response):
    return response.status_code == 200 and response["Content-Type"] == "application/pdf"


def make_pdf(client, path, host):
    """Ask for the PDF until it is one, running the background worker's queue in between
    (the production settings queue rendering in the database); True once it is a PDF."""
    from django.core.management import call_command, get_commands

    deadline = time.monotonic() + PDF_READY_SECONDS
    while True:
        if is_pdf(client.get(path, HTTP_HOST=host, secure=True)):
            return True
        if time.monotonic() > deadline:
            return False
        if "db_worker" in get_commands():
            call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
        time.sleep(1)


def count_queries(client, path, host):
    """The response's status and the SQL queries of the second of two requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path, HTTP_HOST=host, secure=True)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, HTTP_HOST=host, secure=True)
    return response.status_code, len(context)


def facts():
    """Versions and the amount of data, for the report's header."""
    import django
    import wagtail
    from django.db import connection

    from consortium.models import JointBid, Listing, Opportunity, Organisation
    from home.models import EventPage, NewsPage

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT 1")
        database = cursor.fetchone()[0]
    settings_source = "".join(
        path.read_text() for path in (ROOT / "portal" / "settings").glob("*.py")
    )
    return {
        "page_cache": "PAGE_CACHE" in settings_source,
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": f"{connection.vendor} {database}",
        "data": (
            f"{Organisation.objects.count():,} organisations, {Listing.objects.count():,} "
            f"listings, {NewsPage.objects.count():,} news items, "
            f"{EventPage.objects.count():,} events, {Opportunity.objects.count():,} "
            f"opportunities, {JointBid.objects.count():,} bids"
        ),
    }


def main():
    output = Path(sys.argv[1])
    host = sys.argv[2]
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.test import Client

    only = set(sys.argv[3:])
    pages, member = discover()
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    result = []
    for name, path, audience in pages:
        if only and name not in only:
            continue
        entry = {"name": name, "path": path, "audience": audience, "queries": None, "status": None}
        client = signed_in if audience == "members" else anonymous
        if path and name == KEPT_PDF_ROW and not make_pdf(client, path, host):
            entry["problem"] = f"no PDF within {PDF_READY_SECONDS} s of asking"
        if path:
            entry["status"], entry["queries"] = count_queries(client, path, host)
        result.append(entry)
    facts_found = {**facts(), "search_words": " ".join(search_words())}
    output.write_text(json.dumps({"pages": result, "facts": facts_found}, indent=1))


if __name__ == "__main__":
    main()
