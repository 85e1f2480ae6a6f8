"""Offers and needs: suggested matches, and watches that tell people of new listings."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from consortium.brokerage import matching
from consortium.brokerage import rules as brokerage
from consortium.models import (
    AccountType,
    Area,
    Audience,
    Category,
    ListingKind,
    ListingStatus,
    Moderation,
    Person,
    Watch,
)
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import TODAY, as_user, listing_form
from tests.factories import UserFactory
from tests.personas import make_member

pytestmark = pytest.mark.django_db


# --- Suggested matches and watches --------------------------------------------------------


def test_a_need_suggests_nearby_offers_in_its_category_best_words_first(personas, need):
    other = personas.other_organisation
    far_words = make_listing(
        other, kind=ListingKind.OFFER, title="Volunteers for food parcels", area=Area.SOUTH
    )
    countywide = make_listing(
        other, kind=ListingKind.OFFER, title="Helpers available", area=Area.COUNTYWIDE
    )
    near_no_words = make_listing(other, kind=ListingKind.OFFER, title="Drivers", area=Area.NORTH)
    near_words = make_listing(
        other, kind=ListingKind.OFFER, title="Food parcel volunteers", area=Area.NORTH
    )
    make_listing(other, kind=ListingKind.OFFER, category=Category.VENUES, title="Food parcel hall")
    make_listing(
        other, kind=ListingKind.OFFER, title="Closed food volunteers", status=ListingStatus.CLOSED
    )
    make_listing(
        other, kind=ListingKind.OFFER, title="Volunteers hidden", moderation=Moderation.PENDING
    )
    make_listing(personas.organisation, kind=ListingKind.OFFER, title="Our own volunteers")
    suggested = matching.suggestions_for(need, personas.member)
    assert suggested == [near_words, near_no_words, countywide, far_words]


def test_suggestions_show_only_what_the_viewer_may_see(personas):
    public_need = make_listing(personas.organisation, audience=Audience.PUBLIC)
    make_listing(
        personas.other_organisation,
        kind=ListingKind.OFFER,
        audience=Audience.MEMBERS,
        title="Members offer",
    )
    public_offer = make_listing(
        personas.other_organisation,
        kind=ListingKind.OFFER,
        audience=Audience.PUBLIC,
        title="Public offer",
    )
    assert matching.suggestions_for(public_need, None) == [public_offer]
    page = (
        as_user("anonymous", personas)
        .get(reverse("listings:detail", args=[public_need.pk]))
        .content.decode()
    )
    assert "Public offer" in page and "Members offer" not in page


def test_an_offer_suggests_the_needs_it_could_meet(personas):
    offer = make_listing(
        personas.organisation,
        kind=ListingKind.OFFER,
        title="Spare laptops",
        category=Category.EQUIPMENT,
    )
    wanted = make_listing(
        personas.other_organisation, title="Laptops wanted", category=Category.EQUIPMENT
    )
    assert matching.suggestions_for(offer, personas.member) == [wanted]


def test_suggestions_are_kept_per_audience_and_follow_a_new_or_closed_offer(
    personas, django_capture_on_commit_callbacks
):
    """Suggestions are kept until anything changes: a new offer, or one closed, shows at once,
    and a member and an anonymous visitor never share what only one of them may see."""
    need = make_listing(personas.organisation, audience=Audience.PUBLIC)
    other = personas.other_organisation
    members_only = make_listing(
        other, kind=ListingKind.OFFER, audience=Audience.MEMBERS, title="Members offer"
    )
    assert matching.suggestions_for(need, personas.member) == [members_only]
    assert matching.suggestions_for(need, None) == []
    with django_capture_on_commit_callbacks(execute=True):
        public = make_listing(
            other, kind=ListingKind.OFFER, audience=Audience.PUBLIC, title="Public offer"
        )
    assert matching.suggestions_for(need, None) == [public]
    assert set(matching.suggestions_for(need, personas.member)) == {public, members_only}
    with django_capture_on_commit_callbacks(execute=True):
        public.status = ListingStatus.CLOSED
        public.save()
    assert matching.suggestions_for(need, None) == []
    assert matching.suggestions_for(need, personas.member) == [members_only]


def test_members_add_and_remove_watches(personas):
    client = as_user("volunteer", personas)
    response = client.post(
        reverse("listings:watches"), {"kind": "", "category": "volunteering", "area": "north"}
    )
    assert response.status_code == 302
    watch = Watch.objects.get(user=personas.volunteer)
    assert "Volunteering time" in client.get(reverse("listings:watches")).content.decode()
    duplicate = client.post(
        reverse("listings:watches"), {"kind": "", "category": "volunteering", "area": "north"}
    )
    assert (
        duplicate.status_code == 400 and "You already watch for this" in duplicate.content.decode()
    )
    # Nobody removes someone else's watch.
    assert (
        as_user("other_member", personas)
        .post(reverse("listings:remove_watch", args=[watch.pk]))
        .status_code
        == 404
    )
    client.post(reverse("listings:remove_watch", args=[watch.pk]))
    assert not Watch.objects.exists()


def test_watchers_who_may_see_a_new_listing_are_told_but_not_the_posters_own_people(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    personas.organisation.verified_on = TODAY
    personas.organisation.save()
    Watch.objects.create(user=personas.volunteer, category=Category.EQUIPMENT, area=Area.NORTH)
    Watch.objects.create(
        user=personas.other_member, category=Category.EQUIPMENT, kind=ListingKind.NEED
    )
    Watch.objects.create(user=personas.org_admin, category=Category.EQUIPMENT)  # own organisation
    elsewhere = make_member("elsewhere", personas.other_organisation)
    Watch.objects.create(user=elsewhere, category=Category.EQUIPMENT, area=Area.SOUTH)  # other area
    offer_watcher = UserFactory(username="offers-only")
    Person.objects.create(user=offer_watcher, account_type=AccountType.VOLUNTEER)
    Watch.objects.create(user=offer_watcher, category=Category.EQUIPMENT, kind=ListingKind.OFFER)
    with django_capture_on_commit_callbacks(execute=True):
        as_user("member", personas).post(reverse("listings:create"), listing_form())
    assert {m.to[0] for m in mailoutbox} == {personas.volunteer.email, personas.other_member.email}
    assert "Folding tables" in mailoutbox[0].subject


def test_watchers_are_told_on_the_day_a_listing_widens_to_them(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    anonymous_like = UserFactory(username="resident-no-person")  # signed in, neither
    Watch.objects.create(user=anonymous_like, category=Category.EQUIPMENT)
    Watch.objects.create(user=personas.volunteer, category=Category.EQUIPMENT)
    Watch.objects.create(user=personas.other_member, category=Category.EQUIPMENT)
    make_listing(
        personas.organisation,
        kind=ListingKind.OFFER,  # an offer: no inactivity warnings in the way
        category=Category.EQUIPMENT,
        audience=Audience.GROUP,
        members_from=datetime.date(2027, 3, 10),
        public_from=datetime.date(2027, 3, 17),
    )
    with time_machine.travel(datetime.datetime(2027, 3, 9, 7, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            brokerage.run_daily_jobs()
        assert mailoutbox == []
    with time_machine.travel(datetime.datetime(2027, 3, 10, 7, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            brokerage.run_daily_jobs()
        told = {m.to[0] for m in mailoutbox}
        assert told == {personas.volunteer.email, personas.other_member.email}
    with time_machine.travel(datetime.datetime(2027, 3, 11, 7, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            brokerage.run_daily_jobs()
        assert len(mailoutbox) == 2  # once each
    with time_machine.travel(datetime.datetime(2027, 3, 17, 7, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            brokerage.run_daily_jobs()
        assert mailoutbox[-1].to == [anonymous_like.email] and len(mailoutbox) == 3


def test_watchers_outside_a_listings_audience_are_not_told(personas):
    listing = make_listing(
        personas.organisation, audience=Audience.GROUP, category=Category.EQUIPMENT
    )
    Watch.objects.create(user=personas.volunteer, category=Category.EQUIPMENT)
    assert brokerage.watchers_for(listing) == []
