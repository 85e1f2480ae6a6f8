"""News and events in a real chromium: news written, moderated and found, an event's time
typed in the admin, and the joining link only signed-in members see.

Live-server tests flush the database after each test, which would also remove what the
migrations created (the editorial groups and the moderation workflow), so these tests ask
for a serialised rollback: Django reloads that data before each of them.
"""

import datetime
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from home.editorial import MODERATION_WORKFLOW, require_moderation
from home.models import NewsPage
from tests.browser.community import sign_in_as_a_member
from tests.browser_helpers import sign_in_to_the_admin
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    NewsIndexPageFactory,
    UserFactory,
    make_site,
)
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def staff_user(username, group_name):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


# --- the editorial journey -----------------------------------------------------------------


@pytest.fixture
def newsroom():
    home = make_site()
    news_index = NewsIndexPageFactory(parent=home, introduction="What members are doing.")
    require_moderation(news_index)
    return SimpleNamespace(
        home=home,
        news_index=news_index,
        editor=staff_user("editor", "Communications"),
        moderator=staff_user("moderator", "Moderators"),
    )


def test_communications_writes_news_a_moderator_approves_it_and_visitors_find_it(
    page, new_tab, newsroom
):
    title = "Riverside food bank opens on Saturdays"
    news_index = newsroom.news_index

    # The communications officer starts from the dashboard's "Add news" button, which opens
    # the form under the News index.
    sign_in_to_the_admin(page, "editor")
    shot(page, "admin-dashboard-communications")
    page.get_by_role("link", name="Add news", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New: News page")
    expect(page).to_have_url(re.compile(rf"/admin/pages/add/home/newspage/{news_index.pk}/$"))
    page.get_by_role("textbox", name="Title*").fill(title)
    page.get_by_role("textbox", name="Summary*").fill(
        "Volunteers now open the food bank at weekends."
    )
    tags = page.locator(".tagit-new input")
    tags.fill("Food")
    tags.press("Enter")
    shot(page, "admin-news-editor")

    # They can send it to the moderators but cannot publish it themselves.
    actions = page.get_by_role("navigation", name="Actions (footer)")
    actions.get_by_role("button", name="More actions").click()
    submit = actions.get_by_role("button", name=f"Submit to {MODERATION_WORKFLOW}")
    expect(submit).to_be_visible()
    shot(page, "admin-submit-for-moderation")
    expect(actions.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    submit.click()
    expect(page.get_by_text("submitted for moderation")).to_be_visible()
    shot(page, "admin-submitted")

    story = NewsPage.objects.get(title=title)
    assert not story.live
    assert story.current_workflow_state.status == "in_progress"
    assert [tag.name for tag in story.get_latest_revision_as_object().tags.all()] == ["Food"]
    assert page.request.get(news_index.url + story.slug + "/").status == 404

    # The moderator finds it waiting on their dashboard and approves it.
    moderator = new_tab()
    sign_in_to_the_admin(moderator, "moderator")
    review = moderator.get_by_role("region", name="Awaiting your review")
    row = review.get_by_role("row").filter(has_text=title)
    shot(moderator, "admin-awaiting-your-review")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(review).to_have_count(0)  # nothing is left for them to review
    published = moderator.get_by_role("region", name="Recently published")
    expect(published.get_by_role("link", name=title)).to_be_visible()
    shot(moderator, "admin-recently-published")
    story.refresh_from_db()
    assert story.live

    # A visitor finds it on the news index, in the RSS feed and through the site search.
    visitor = new_tab()
    visitor.goto(news_index.url)
    card = visitor.get_by_role("article").filter(has=visitor.get_by_role("link", name=title))
    expect(card.get_by_role("list", name="Tags")).to_have_text("Food")
    shot(visitor, "news-index-published")
    feed = visitor.request.get(news_index.url + "feed/rss/")
    assert feed.ok
    assert title in feed.text()

    # Typing asks for suggestions after 150 ms: they arrive before the search is sent.
    with visitor.expect_response(lambda response: "/search/autocomplete/" in response.url):
        visitor.get_by_label("Search this site").fill("food bank Saturdays")
    visitor.get_by_role("banner").get_by_role("button", name="Search").click()
    visitor.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)


def test_an_event_time_typed_the_uk_way_in_the_admin_is_kept(page):
    events = EventIndexPageFactory(parent=make_site())
    event = EventPageFactory(parent=events, title="Winter planning")
    UserFactory(username="admin", is_staff=True, is_superuser=True)

    sign_in_to_the_admin(page, "admin")
    page.goto(f"/admin/pages/{event.pk}/edit/")
    for label, typed in (("Start*", "10/12/2026 14:00"), ("End*", "10/12/2026 16:00")):
        field = page.get_by_role("textbox", name=label)
        field.fill(typed)
        field.press("Tab")  # leaving the field is when the date picker checks what was typed
        expect(field).to_have_value(typed)
        shot(page, "admin-event-dates")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("has been updated")).to_be_visible()

    event.refresh_from_db()
    draft = event.get_latest_revision_as_object()
    london = ZoneInfo("Europe/London")
    assert draft.start == datetime.datetime(2026, 12, 10, 14, 0, tzinfo=london)
    assert draft.end == datetime.datetime(2026, 12, 10, 16, 0, tzinfo=london)


# --- joining links for members -------------------------------------------------------------


def test_only_signed_in_members_see_the_joining_link_of_an_upcoming_event(page):
    home = make_site()
    events = EventIndexPageFactory(parent=home)
    webinar = EventPageFactory(
        parent=events, title="Webinar: bid writing", join_link="https://meet.example/bids"
    )
    UserFactory(username="member")

    page.goto(webinar.url)
    expect(page.get_by_role("link", name=re.compile("Join the"))).to_have_count(0)
    page.get_by_role("link", name="Sign in to see the joining link").click()
    sign_in_as_a_member(page, "member")

    expect(page).to_have_url(re.compile(re.escape(webinar.url) + "$"))
    join = page.get_by_role("link", name="Join the meeting online")
    expect(join).to_have_attribute("href", "https://meet.example/bids")
    expect(page.get_by_role("link", name="Sign in to see the joining link")).to_have_count(0)
