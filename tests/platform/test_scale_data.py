"""County-scale data: `generate_scale_data` fills a portal the way a county would.

The demo content and one small generated county (scale 0.01) are made once for the module,
inside a transaction rolled back at the end; each test runs in its own savepoint on top.
"""

import datetime
import hashlib
import html
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from consortium.models import (
    BidSection,
    BidState,
    BudgetLine,
    Consortium,
    ConsortiumMember,
    JointBid,
    Listing,
    Match,
    Membership,
    Opportunity,
    Organisation,
    Person,
    Reply,
    SignOff,
)
from home.demo.scale import SCALE_1, counts_for
from home.management.commands.load_demo_content import DEMO_ACCOUNTS
from home.models import ClusterPage, EventPage, ForumPage, NewsPage

SCALE = 0.01
TODAY = datetime.date(2026, 11, 24)
User = get_user_model()

# What "the same data" means: every generated row by its natural fields (names, titles,
# texts, dates), never by primary keys, which differ between runs.
DIGEST = {
    Organisation: ["name", "slug", "legal_form", "charity_number", "area", "verified_on"],
    User: ["username", "first_name", "last_name", "email"],
    Membership: ["user__username", "organisation__name", "role", "status"],
    ForumPage: ["title", "slug", "path", "theme", "beneficiaries", "body"],
    ClusterPage: ["title", "slug", "path", "kind", "shared_priorities"],
    NewsPage: ["title", "url_path", "date", "summary", "body", "forum__title"],
    EventPage: ["title", "url_path", "start", "end", "kind", "venue"],
    Listing: ["title", "kind", "category", "audience", "status", "description", "public_from"],
    Reply: ["listing__title", "organisation__name", "status", "message"],
    Match: ["reply__message", "status", "hours"],
    Opportunity: ["slug", "funder", "deadline", "amount_max"],
    Consortium: ["name", "description"],
    ConsortiumMember: ["consortium__name", "organisation__name", "role", "status"],
    JointBid: ["slug", "state", "version", "amount_requested", "summary"],
    BidSection: ["bid__slug", "title", "body", "status", "assigned_to__name"],
    BudgetLine: ["bid__slug", "organisation__name", "amount", "is_private"],
    SignOff: ["bid__slug", "organisation__name", "bid_version", "signed_at"],
}


def newest_pk(model):
    return model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0


def digest(since):
    """SHA-256 of every row made after the ``since`` primary keys, ignoring keys."""
    data = {}
    for model, fields in DIGEST.items():
        rows = model._base_manager.filter(pk__gt=since[model]).values_list(*fields)
        data[model.__name__] = sorted(json.dumps(row, default=str) for row in rows)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def demo_accounts():
    """The demo accounts' rows: users, memberships and people, as plain values."""
    names = [name for name, _ in DEMO_ACCOUNTS]
    users = User.objects.filter(username__in=names).order_by("username")
    return {
        "users": list(users.values()),
        "memberships": list(Membership.objects.filter(user__in=users).order_by("pk").values()),
        "people": list(Person.objects.filter(user__in=users).order_by("pk").values()),
        "groups": list(
            users.values_list("username", "groups__name").order_by("username", "groups__name")
        ),
    }


def generate(seed):
    call_command(
        "generate_scale_data", scale=SCALE, seed=seed, today=TODAY, quiet=True, stdout=io.StringIO()
    )


@pytest.fixture(scope="module")
def county(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_content", stdout=io.StringIO())
        before = demo_accounts()
        since = {model: newest_pk(model) for model in DIGEST}
        digests = {}
        for seed in (7, 8):  # each in a savepoint rolled back; then seed 7 again, kept
            savepoint = transaction.savepoint()
            generate(seed)
            digests[seed] = digest(since)
            transaction.savepoint_rollback(savepoint)
        generate(7)
        yield {"since": since, "demo_before": before, "digests": digests}
        transaction.set_rollback(True)


def shows(response, text):
    return response.status_code == 200 and html.escape(text) in response.content.decode()


def made(model, county):
    return model._base_manager.filter(pk__gt=county["since"][model])


@pytest.fixture
def scaled(county, db):
    return county


def test_a_small_county_has_scale_1_in_proportion(scaled):
    expected = counts_for(SCALE)
    assert expected["organisations"] == round(SCALE_1["organisations"] * SCALE) == 14
    assert made(Organisation, scaled).count() == expected["organisations"]
    assert made(ForumPage, scaled).count() == expected["forums"]
    assert made(ClusterPage, scaled).count() == expected["clusters"]
    assert made(Listing, scaled).count() == expected["listings"]
    assert made(NewsPage, scaled).count() == expected["news"]
    assert made(EventPage, scaled).count() == expected["events"]
    assert made(Opportunity, scaled).count() == expected["opportunities"]
    assert made(Consortium, scaled).count() == expected["consortia"]
    assert made(JointBid, scaled).count() == expected["bids"]


def test_every_generated_organisation_has_an_admin_and_themes(scaled):
    for org in made(Organisation, scaled).prefetch_related("themes", "memberships"):
        assert org.themes.exists(), org
        roles = {(m.role, m.status) for m in org.memberships.all()}
        assert ("admin", "approved") in roles, org
    assert made(Organisation, scaled).filter(verified_on__isnull=False).exists()
    assert made(Organisation, scaled).filter(verified_on__isnull=True).exists()


def test_offers_and_needs_come_in_every_kind_and_visibility_with_replies_and_matches(scaled):
    listings = made(Listing, scaled)
    assert set(listings.values_list("kind", flat=True)) == {"offer", "need"}
    assert set(listings.values_list("category", flat=True)) == {
        "volunteering", "giving", "documents", "skills", "equipment", "venues", "other"
    }  # fmt: skip
    assert set(listings.values_list("audience", flat=True)) == {"group", "members", "public"}
    assert made(Reply, scaled).exists()
    assert made(Match, scaled).exists()


def test_bids_have_sections_with_history_budgets_statements_and_sign_offs(scaled):
    bids = made(JointBid, scaled)
    assert bids.count() == 3
    for bid in bids:
        sections = bid.sections.all()
        assert sections.count() == 5
        for section in sections:
            assert BidSection.history.filter(id=section.pk).count() >= 2
        assert bid.budget_lines.exists()
        assert bid.statements.exists()
        if bid.state in (BidState.AWAITING_SIGN_OFF, BidState.SUBMITTED, BidState.AWARDED):
            assert bid.sign_offs.filter(bid_version=bid.version).exists()
        if bid.state == BidState.DRAFT:
            assert not bid.sign_offs.exists()


def test_the_same_seed_gives_the_same_county_and_another_seed_a_different_one(scaled):
    assert digest(scaled["since"]) == scaled["digests"][7]
    assert scaled["digests"][8] != scaled["digests"][7]


def test_demo_accounts_are_left_exactly_as_they_were(scaled):
    assert demo_accounts() == scaled["demo_before"]
    assert len(scaled["demo_before"]["users"]) == len(DEMO_ACCOUNTS)


def test_running_it_twice_refuses_and_adds_nothing(scaled):
    count = Organisation.objects.count()
    with pytest.raises(CommandError, match="already holds generated scale data"):
        generate(7)
    assert Organisation.objects.count() == count


def test_generated_pages_are_a_valid_live_page_tree(scaled, client):
    out = io.StringIO()
    call_command("fixtree", stdout=out)
    assert out.getvalue().count("No problems found") == 2, out.getvalue()
    for model in (ForumPage, ClusterPage, NewsPage, EventPage):
        page = made(model, scaled).first()
        assert page.live and not page.has_unpublished_changes
        assert Page.objects.public().filter(pk=page.pk).exists()
        assert shows(client.get(page.url), page.title), page.url


def test_an_editor_finds_generated_pages_in_the_admin_explorer_and_editor(scaled, client):
    admin = User.objects.get(username="admin")
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    forum = made(ForumPage, scaled).get()
    assert shows(client.get(f"/admin/pages/{forum.get_parent().pk}/"), forum.title)
    news = made(NewsPage, scaled).order_by("-path").first()
    edit = client.get(f"/admin/pages/{news.pk}/edit/")
    assert shows(edit, news.title)


def test_generated_content_is_in_the_search_index_and_found_by_site_search(scaled, client):
    backend = get_search_backend()
    org = made(Organisation, scaled).first()
    assert org in list(backend.search(org.name, Organisation))
    listing = made(Listing, scaled).first()
    assert listing in list(backend.search(listing.title, Listing))
    news = made(NewsPage, scaled).first()
    assert shows(client.get("/search/", {"query": news.title}), news.title)


def test_public_index_pages_show_generated_content(scaled, client):
    org = made(Organisation, scaled).filter(is_public=True).first()
    assert shows(client.get("/organisations/", {"q": org.name}), org.name)
    forum = made(ForumPage, scaled).first()
    news = made(NewsPage, scaled).filter(forum=forum).order_by("-date").first()
    assert news is not None
    assert shows(client.get("/news/", {"forum": forum.pk}), news.title)
    opportunity = made(Opportunity, scaled).first()
    found = client.get("/opportunities/", {"q": opportunity.title, "include_closed": "on"})
    assert shows(found, opportunity.title)
