#!/usr/bin/env python
"""The Django side of ``make loadtest`` (scripts/loadtest.py), run with the same environment
as the gunicorn under load (production settings, the same PostgreSQL):

    loadtest_data.py prepare OUT.json   what the simulated people will do, read from the demo
                                        data; gives the draft bid's sections one paragraph per
                                        simulated editor ("Load test, editor N:")
    loadtest_data.py check ACKS.json    every edit the site answered "saved" or "merged" is
                                        in its section now; prints JSON counts; exits 1 if not
"""

import json
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The demo accounts (README): members who reply and pledge, and the consortium's people.
MEMBERS = ["member", "amira", "tom", "priya", "gareth"]
EDITORS = ["lead", "partner", "ruth", "lily", "gareth"]
# How many of the draft bid's sections the simulated editors share between them.
SHARED_SECTIONS = 2
SEARCH_WORDS = ["community", "transport", "befriending", "oil", "volunteers", "qzxjvwkpf"]


def slot_label(number):
    return f"Load test, editor {number}:"


def public_paths():
    from django.contrib.auth.models import AnonymousUser
    from django.urls import reverse

    from consortium import permissions
    from consortium.models import Listing, Organisation, Scheme
    from home.models import EventPage, ForumPage, NewsPage

    anonymous = AnonymousUser()
    paths = ["/", reverse("listings:index"), reverse("organisations:directory")]
    paths += [reverse("opportunities:index"), reverse("impact:index")]
    for model in (ForumPage, NewsPage, EventPage):
        paths += [page.url for page in model.objects.live().public().order_by("path")[:3]]
    listings = permissions.visible_listings(anonymous, Listing.objects.all()).order_by("pk")
    paths += [reverse("listings:detail", args=[listing.pk]) for listing in listings[:5]]
    organisations = permissions.visible_organisations(anonymous, Organisation.objects.all())
    paths += [
        reverse("organisations:profile", args=[organisation.slug])
        for organisation in organisations.order_by("pk")[:5]
    ]
    schemes = permissions.visible_schemes(anonymous, Scheme.objects.all()).order_by("pk")
    paths += [reverse("buying:detail", args=[scheme.slug]) for scheme in schemes[:2]]
    return [path for path in paths if path]


def a_valid_quantity(scheme):
    from django.core.exceptions import ValidationError

    from consortium.buying.rules import validate_quantity

    for candidate in ("1", "5", "20", "100", "500", "1000", "2000"):
        try:
            validate_quantity(scheme, Decimal(candidate))
        except ValidationError:
            continue
        return candidate
    return None


def member_plans(users):
    """For each member: listings they may reply to, schemes they may pledge to."""
    from django.urls import reverse

    from consortium import permissions
    from consortium.models import Listing, Scheme

    plans = {}
    listings = list(Listing.objects.select_related("organisation").order_by("pk"))
    schemes = list(Scheme.objects.order_by("pk"))
    for name in MEMBERS:
        user = users[name]
        replies = [
            reverse("listings:reply", args=[listing.pk])
            for listing in listings
            if permissions.can_reply(user, listing)
        ][:10]
        pledges = [
            {"path": reverse("buying:detail", args=[scheme.slug]), "quantity": quantity}
            for scheme in schemes
            if permissions.can_pledge(user, scheme) and (quantity := a_valid_quantity(scheme))
        ]
        plans[name] = {"replies": replies, "pledges": pledges}
    return plans


def prepare(output, editors_wanted):
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.urls import reverse

    from consortium import permissions
    from consortium.bids import versions
    from consortium.models import BidSection, BidState, JointBid, SectionStatus

    users = {u.username: u for u in get_user_model().objects.filter(username__in=EDITORS + MEMBERS)}
    lead = users["lead"]
    bid = (
        permissions.visible_bids(lead, JointBid.objects.filter(state=BidState.DRAFT))
        .order_by("pk")
        .first()
    )
    if bid is None:
        raise SystemExit("The demo data has no draft bid for `lead`: run load_demo_content.")
    sections = []
    for section in BidSection.objects.filter(bid=bid).order_by("sort_order", "pk"):
        section.bid = bid
        editors = [name for name in EDITORS if permissions.can_edit_section(users[name], section)]
        # A few sections that several accounts may write, so that many people edit each.
        if len(editors) < 2 or len(sections) == SHARED_SECTIONS:
            continue
        # One paragraph per simulated editor, so that editors of one section change different
        # paragraphs at once: the saves merge rather than clash.
        slots = [f"{slot_label(n)} started." for n in range(editors_wanted)]
        body = versions.join_paragraphs(versions.paragraphs(section.body) + slots)
        with transaction.atomic():
            saved, _ = versions.save_with_merge(
                BidSection,
                section.pk,
                section.version,
                {"body": body, "status": SectionStatus.DRAFTING},
                lead,
            )
            versions.content_changed(bid, lead, f"The section “{saved.title}”")
        sections.append(
            {
                "pk": section.pk,
                "title": section.title,
                "path": reverse("bids:section", args=[bid.slug, section.pk]),
                "editors": editors,
            }
        )
    plan = {
        "bid": bid.slug,
        "pdf": reverse("bids:export_pdf", args=[bid.slug]),
        "sections": sections,
        "public": public_paths(),
        "search_words": SEARCH_WORDS,
        "members": member_plans(users),
    }
    Path(output).write_text(json.dumps(plan, indent=1))


def check(acks_path):
    """Every acknowledged token in its section's text now: counts, and the tokens missing."""
    from consortium.models import BidSection

    acks = json.loads(Path(acks_path).read_text())["acknowledged"]
    bodies = dict(
        BidSection.objects.filter(pk__in={a["section"] for a in acks}).values_list("pk", "body")
    )
    missing = [a for a in acks if a["token"] not in bodies.get(a["section"], "")]
    result = {
        "acknowledged": len(acks),
        "saved": sum(1 for a in acks if a["outcome"] == "saved"),
        "merged": sum(1 for a in acks if a["outcome"] == "merged"),
        "missing": missing,
    }
    print(json.dumps(result))
    return 1 if missing else 0


def main():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    command, path = sys.argv[1], sys.argv[2]
    if command == "prepare":
        prepare(path, int(sys.argv[3]))
        return 0
    return check(path)


if __name__ == "__main__":
    sys.exit(main())
