#!/usr/bin/env python
"""Benchmark the PDF export of a big joint bid (make bench-pdf).

Builds, in a throw-away SQLite database, a bid with 30 partner organisations, 12 sections
of 1,000 words and 200 budget lines, then times:

- the real view (``bids:export_pdf`` through Django's test client, signed in as the lead:
  permission check, snapshot, template, WeasyPrint, storing the file, response), its stored
  copy removed before each run so that it renders,
- WeasyPrint alone on the same HTML with the same options, and
- WeasyPrint alone on the same words and tables with a minimal stylesheet (one @page rule,
  one font, bordered tables), made tagged (PDF/UA-1) like ours,

each the median of a few runs taken in turns (a busy machine slows all three alike), with the
peak memory of one run of each (tracemalloc: Python's allocations, not the C libraries'), and
the ratios. The targets: the view within 1.25x of
WeasyPrint alone on the same HTML and within 1.25x of the minimal stylesheet. Then the same
download again, served from the stored copy: its p95 over 20 requests (under 50 ms).
``make bench`` runs this too (``--json``) and puts it in its table.

    .venv/bin/python scripts/bench_bid_pdf.py [--runs 3] [--json result.json]
"""

import argparse
import io
import json
import os
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEXT = (
    "our volunteers run warm spaces lunch clubs and advice sessions across the villages "
    "so that older people families and young carers find help company and a hot meal"
)
WORDS = TEXT.split()


def paragraph_text(n_words, seed):
    words = [WORDS[(seed + i * 7) % len(WORDS)] for i in range(n_words)]
    return " ".join(words).capitalize() + "."


def build():
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from consortium.models import (
        BidSection,
        BudgetLine,
        Consortium,
        ConsortiumMember,
        ConsortiumRole,
        DocumentKind,
        InvitationStatus,
        JointBid,
        LegalForm,
        Membership,
        MembershipStatus,
        Organisation,
        OrganisationDocument,
        PartnerStatement,
        Role,
        SignOff,
    )

    organisations = [
        Organisation.objects.create(
            name=f"Partner organisation {i:02d}",
            legal_form=LegalForm.REGISTERED_CHARITY,
            charity_number=str(1100000 + i),
            income_band="10k-100k",
        )
        for i in range(30)
    ]
    lead = get_user_model().objects.create(username="bench-lead")
    Membership.objects.create(
        user=lead, organisation=organisations[0], role=Role.ADMIN, status=MembershipStatus.APPROVED
    )
    consortium = Consortium.objects.create(name="Benchmark consortium")
    for i, org in enumerate(organisations):
        ConsortiumMember.objects.create(
            consortium=consortium,
            organisation=org,
            role=ConsortiumRole.LEAD if i == 0 else ConsortiumRole.PARTNER,
            status=InvitationStatus.ACCEPTED,
        )
        for kind in (DocumentKind.SAFEGUARDING, DocumentKind.INSURANCE):
            OrganisationDocument.objects.create(
                organisation=org, kind=kind, title=kind.label, file=f"vault/{org.pk}/{kind}.pdf"
            )
    bid = JointBid.objects.create(
        consortium=consortium,
        title="Warm and well: a countywide winter programme",
        funder="County Community Foundation",
        programme="Winter resilience",
        reference="CCF-2027-001",
        deadline=timezone.now() + datetime.timedelta(days=30),
        amount_requested=Decimal("950000"),
        start_date=datetime.date(2027, 4, 1),
        duration_months=36,
        summary=paragraph_text(120, 1),
    )
    for s in range(12):
        paragraphs = [paragraph_text(100, s * 10 + k) for k in range(10)]  # 1,000 words
        BidSection.objects.create(
            bid=bid,
            title=f"Section {s + 1}",
            body="\n\n".join(paragraphs),
            word_limit=1200,
            sort_order=s,
            assigned_to=organisations[s % 30],
            status="ready",
        )
    categories = ["staff", "volunteer-expenses", "overheads", "equipment", "other"]
    for n in range(200):
        BudgetLine.objects.create(
            bid=bid,
            organisation=organisations[n % 30],
            category=categories[n % len(categories)],
            description=f"Budget line {n + 1}: {paragraph_text(6, n)}",
            year=1 + n % 3,
            amount=Decimal(1000 + n * 37),
            match_funding=Decimal(n % 5 * 100),
            is_private=n % 10 == 0,
        )
    for org in organisations:
        PartnerStatement.objects.create(
            bid=bid,
            organisation=org,
            role_in_bid=paragraph_text(40, org.pk),
            delivery_areas="North, Rural",
            capacity=paragraph_text(20, org.pk + 3),
        )
        SignOff.objects.create(
            bid=bid, organisation=org, signed_by=lead, bid_version=1, fingerprint="0" * 64
        )
    return bid, lead


MINIMAL_STYLESHEET = (
    "<style>@page { size: A4; margin: 20mm; } "
    'html { font-family: "DejaVu Sans"; } '
    "table { border-collapse: collapse; } th, td { border: 0.5pt solid black; }</style>"
)
STORED_REQUESTS = 20
STYLE_ELEMENT = re.compile(r"<style>.*?</style>", re.S)


def with_minimal_stylesheet(html):
    """The same document (words, tables, tags) with only the minimal stylesheet."""
    return STYLE_ELEMENT.sub(lambda _: MINIMAL_STYLESHEET, html, count=1)


def timed_side_by_side(functions, runs):
    """``[(median seconds, peak bytes, last result)]`` for each function, run in turns (one
    of each per round), so that a busy machine slows them alike."""
    times = [[] for _ in functions]
    results = [None] * len(functions)
    for _ in range(runs):
        for i, function in enumerate(functions):
            start = time.perf_counter()
            results[i] = function()
            times[i].append(time.perf_counter() - start)
    measured = []
    for i, function in enumerate(functions):
        tracemalloc.start()
        function()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        measured.append((statistics.median(times[i]), peak, results[i]))
    return measured


def setup_database(folder):
    """Django on a new SQLite database in ``folder``, its tables made straight from the models
    (the migrations' data is not needed to export a bid)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)


def measure(runs=3, log=print):
    """Build the big bid and time its PDF both ways: a dict of seconds, bytes and pages."""
    from django.test import Client
    from django.urls import reverse
    from pypdf import PdfReader

    from consortium.bids.exports import pdf
    from consortium.bids.exports.snapshot import snapshot
    from consortium.bids.models import DraftDocument

    log("Building a bid: 30 partners, 12 sections of 1,000 words, 200 budget lines...")
    started = time.perf_counter()
    bid, lead = build()
    log(f"Built in {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("bids:export_pdf", args=[bid.slug])

    def forget_stored():
        for document in DraftDocument.objects.all():
            document.file.delete(save=False)
            document.delete()

    def through_view():
        forget_stored()  # so that the view renders, as for a version nobody asked for yet
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response.content

    html = pdf.render_html(snapshot(bid, lead))

    def weasyprint_alone():
        return pdf.html_to_pdf(html)

    minimal_html = with_minimal_stylesheet(html)
    assert minimal_html != html, "the print template has no <style> element to replace"

    def minimal_stylesheet():
        return pdf.html_to_pdf(minimal_html)

    started = time.perf_counter()
    through_view()  # warm up: fonts, templates, imports
    log(f"First render (warming up): {time.perf_counter() - started:.2f} s")
    (
        (view_time, view_peak, content),
        (alone_time, alone_peak, _),
        (minimal_time, minimal_peak, _),
    ) = timed_side_by_side([through_view, weasyprint_alone, minimal_stylesheet], runs)
    stored = []
    for _ in range(STORED_REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        stored.append(time.perf_counter() - started)
        assert response["Content-Type"] == "application/pdf", response.status_code
    forget_stored()
    return {
        "view_seconds": view_time,
        "bare_seconds": alone_time,
        "minimal_seconds": minimal_time,
        "view_peak_bytes": view_peak,
        "bare_peak_bytes": alone_peak,
        "minimal_peak_bytes": minimal_peak,
        "stored_p95_ms": statistics.quantiles(stored, n=20)[-1] * 1000,
        "pages": len(PdfReader(io.BytesIO(content)).pages),
        "size_bytes": len(content),
        "runs": runs,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (median)")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers to PATH as JSON")
    args = parser.parse_args()
    runs = max(1, min(args.runs, 20))
    with tempfile.TemporaryDirectory(prefix="shoal-bench-pdf-") as folder:
        started = time.perf_counter()
        setup_database(folder)
        print(f"Database made in {time.perf_counter() - started:.1f} s", flush=True)
        result = measure(runs, log=lambda text: print(text, flush=True))
    if args.json:
        Path(args.json).write_text(json.dumps(result))
    ratio = result["view_seconds"] / result["bare_seconds"]
    minimal_ratio = result["view_seconds"] / result["minimal_seconds"]
    mib = 2**20
    print(f"PDF: {result['pages']} pages, {result['size_bytes'] / 1024:.0f} KiB")
    print(
        f"through the view:  {result['view_seconds']:.2f} s, "
        f"peak memory {result['view_peak_bytes'] / mib:.0f} MiB"
    )
    print(
        f"WeasyPrint alone:  {result['bare_seconds']:.2f} s, "
        f"peak memory {result['bare_peak_bytes'] / mib:.0f} MiB"
    )
    print(
        f"minimal stylesheet: {result['minimal_seconds']:.2f} s, "
        f"peak memory {result['minimal_peak_bytes'] / mib:.0f} MiB"
    )
    print(f"from storage: p95 {result['stored_p95_ms']:.1f} ms (target: under 50 ms)")
    passed = ratio <= 1.25 and minimal_ratio <= 1.25 and result["stored_p95_ms"] < 50
    print(f"ratio to WeasyPrint alone:   {ratio:.2f}x (target: 1.25x or less)")
    print(f"ratio to minimal stylesheet: {minimal_ratio:.2f}x (target: 1.25x or less)")
    print("OK" if passed else "SLOW")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
