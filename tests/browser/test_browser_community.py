"""The community site in a real chromium: moderated news, accessible pages, surveys, events.

Live-server tests flush the database after each test, which would also remove what the
migrations created (the editorial groups and the moderation workflow), so these tests ask
for a serialised rollback: Django reloads that data before each of them.
"""

import datetime
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from home.editorial import MODERATION_WORKFLOW, require_moderation
from home.models import (
    CaseStudyFigure,
    CaseStudyOrganisation,
    ClusterMember,
    ClusterNextStep,
    ForumConvenor,
    ForumMember,
    NewsPage,
    SurveyFormField,
    SurveySubmission,
)
from tests.accessibility import assert_accessible
from tests.browser_helpers import sign_in_to_the_admin
from tests.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    ClusterIndexPageFactory,
    ClusterPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ForumIndexPageFactory,
    ForumPageFactory,
    FundFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    OrganisationFactory,
    SurveyPageFactory,
    UserFactory,
    make_site,
)
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "shoal-demo"


# --- helpers -------------------------------------------------------------------------------


def staff_user(username, group_name):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def sign_in_as_a_member(page, username):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


# --- 1. the editorial journey --------------------------------------------------------------


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


# --- 2. accessibility of every public page type --------------------------------------------


@pytest.fixture
def community():
    """A small but complete community site: every page type, with everything it can show."""
    home = make_site()
    now = timezone.now()
    today = timezone.localdate()
    organisations = [
        OrganisationFactory(name="Riverside Befrienders", short_description="Befriending."),
        OrganisationFactory(name="Hillside Food Bank", short_description="Food parcels."),
        OrganisationFactory(name="Canal Youth Club", website=""),
    ]
    photo = wagtail_factories.ImageFactory(title="Volunteers packing food parcels")

    forums = ForumIndexPageFactory(parent=home, introduction="Groups around who we serve.")
    forum = ForumPageFactory(
        parent=forums,
        title="Older People's Forum",
        introduction="Organisations that support older people.",
        body=[("paragraph", "<p>We meet <b>four times</b> a year.</p>")],
    )
    for n, organisation in enumerate(organisations):
        ForumMember.objects.create(page=forum, organisation=organisation, sort_order=n)
    ForumConvenor.objects.create(
        page=forum,
        name="Pat Convenor",
        role="Chair",
        organisation=organisations[0],
        email="pat@example.org",
        phone="01234 567890",
    )

    clusters = ClusterIndexPageFactory(parent=home, introduction="Working closer together.")
    cluster = ClusterPageFactory(
        parent=clusters,
        title="Refugee Welcome Cluster",
        introduction="Sharing a caseworker.",
        facilitator="Jo Facilitator",
        shared_priorities="<ul><li>Housing advice</li><li>English classes</li></ul>",
        outcomes="<p>Forty families helped.</p>",
    )
    ClusterPageFactory(parent=clusters, title="Back Office Cluster", kind="resource")
    cluster.funds.add(FundFactory(name="Lottery Community Fund"), FundFactory(name="County Fund"))
    for n, organisation in enumerate(organisations[:2]):
        ClusterMember.objects.create(page=cluster, organisation=organisation, sort_order=n)
    ClusterNextStep.objects.create(
        page=cluster,
        action="Write a shared funding bid",
        owner=organisations[1],
        due_date=today + datetime.timedelta(days=30),
    )
    ClusterNextStep.objects.create(
        page=cluster,
        action="Agree a referral form",
        owner=organisations[0],
        due_date=today - datetime.timedelta(days=3),
    )
    ClusterNextStep.objects.create(page=cluster, action="Find a venue")
    ClusterNextStep.objects.create(page=cluster, action="Set up a mailing list", done=True)

    news_index = NewsIndexPageFactory(parent=home, introduction="What members are doing.")
    story = NewsPageFactory(
        parent=news_index,
        title="Food bank opens on Saturdays",
        summary="Volunteers now open the food bank at weekends.",
        image=photo,
        image_alt_text="Three volunteers packing tins into boxes",
        forum=forum,
        cluster=cluster,
        body=[("paragraph", "<p>Drop in from 10am.</p>")],
    )
    story.tags.add("Food", "Volunteering")
    story.save()
    NewsPageFactory(
        parent=news_index,
        title="New befriending scheme",
        date=today - datetime.timedelta(days=400),
        forum=forum,
    )

    case_studies = CaseStudyIndexPageFactory(parent=home, introduction="What we did together.")
    case_study = CaseStudyPageFactory(
        parent=case_studies,
        title="Sharing a caseworker",
        image=photo,
        image_alt_text="A caseworker talking with a family",
        outcomes="<ul><li>Shorter waits</li></ul>",
        forum=forum,
        cluster=cluster,
    )
    for n, organisation in enumerate(organisations):
        CaseStudyOrganisation.objects.create(
            page=case_study, organisation=organisation, sort_order=n
        )
    CaseStudyFigure.objects.create(
        page=case_study, figure="37", description="families helped", sort_order=0
    )
    CaseStudyFigure.objects.create(
        page=case_study, figure="£12,000", description="saved in costs", sort_order=1
    )

    events = EventIndexPageFactory(parent=home, introduction="Meetings, webinars and training.")
    meeting = EventPageFactory(
        parent=events,
        title="Forum meeting: winter planning",
        meeting_format="hybrid",
        venue="Riverside Hall\n1 River Street",
        forum=forum,
        cluster=cluster,
    )
    EventPageFactory(
        parent=events,
        title="Webinar: bid writing",
        kind="webinar",
        start=now - datetime.timedelta(days=10),
        end=now - datetime.timedelta(days=10) + datetime.timedelta(hours=1),
    )

    survey = SurveyPageFactory(
        parent=home,
        introduction="<p>Tell us how the forums are going.</p>",
        thank_you_text="<p>We read every answer.</p>",
    )
    add_survey_questions(survey)

    member = UserFactory(username="member")
    return SimpleNamespace(
        home=home,
        forums=forums,
        forum=forum,
        clusters=clusters,
        cluster=cluster,
        news_index=news_index,
        story=story,
        case_studies=case_studies,
        case_study=case_study,
        events=events,
        meeting=meeting,
        survey=survey,
        member=member,
    )


def add_survey_questions(survey):
    questions = [
        ("Your name", "singleline", True, "", "As you would like us to address you"),
        ("Your email address", "email", True, "", ""),
        ("Are you a member organisation?", "radio", True, "Yes\nNo", ""),
        ("Which forums do you attend?", "checkboxes", False, "Older people\nYouth", ""),
        ("Anything else?", "multiline", False, "", ""),
    ]
    for n, (label, field_type, required, choices, help_text) in enumerate(questions):
        SurveyFormField.objects.create(
            page=survey,
            sort_order=n,
            label=label,
            field_type=field_type,
            required=required,
            choices=choices,
            help_text=help_text,
        )


def fill_the_survey(page):
    page.get_by_label("Your name").fill("Sam Member")
    page.get_by_label("Your email address").fill("sam@example.org")
    page.get_by_role("group", name="Are you a member organisation?").get_by_label("Yes").check()
    page.get_by_role("group", name=re.compile("Which forums")).get_by_label("Youth").check()
    page.get_by_label("Anything else? (optional)").fill("Keep it up.")
    page.get_by_role("button", name="Send your answers").click()


def visit(path):
    def go(page, site):
        response = page.goto(path(site))
        assert response.ok, f"{response.status} at {response.url}"

    return go


def visit_as_member(path):
    def go(page, site):
        page.goto("/accounts/login/?next=" + path(site))
        sign_in_as_a_member(page, "member")
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    return go


def send_the_survey(page, site):
    page.goto(site.survey.url)
    fill_the_survey(page)


def send_the_survey_empty(page, site):
    page.goto(site.survey.url)
    page.get_by_role("button", name="Send your answers").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()


# Each page type, how a visitor gets there, its heading, and something that shows the page
# rendered its related objects (so that axe checks the full markup, not an empty page).
PUBLIC_PAGES = [
    pytest.param(
        visit(lambda site: site.forums.url),
        "Forums of Interest",
        "3 member organisations",
        id="forum index",
    ),
    pytest.param(
        visit(lambda site: site.forum.url), "Older People's Forum", "Pat Convenor", id="forum"
    ),
    pytest.param(
        visit(lambda site: site.clusters.url),
        "Clusters",
        "Resource clusters",
        id="cluster index",
    ),
    pytest.param(
        visit(lambda site: site.cluster.url), "Refugee Welcome Cluster", "Overdue", id="cluster"
    ),
    pytest.param(visit(lambda site: site.news_index.url), "News", "2 news items", id="news index"),
    pytest.param(
        visit(lambda site: site.news_index.url + "?tag=food"),
        "News",
        "1 news item matching your filters",
        id="news index filtered by tag",
    ),
    pytest.param(
        visit(lambda site: site.story.url),
        "Food bank opens on Saturdays",
        "Topic: Volunteering",
        id="news",
    ),
    pytest.param(
        visit(lambda site: site.case_studies.url),
        "Case studies",
        "Sharing a caseworker",
        id="case study index",
    ),
    pytest.param(
        visit(lambda site: site.case_study.url),
        "Sharing a caseworker",
        "families helped",
        id="case study",
    ),
    pytest.param(
        visit(lambda site: site.events.url), "Events", "Webinar: bid writing", id="event index"
    ),
    pytest.param(
        visit(lambda site: site.meeting.url),
        "Forum meeting: winter planning",
        "Sign in to see the joining link",
        id="event, anonymous",
    ),
    pytest.param(
        visit_as_member(lambda site: site.meeting.url),
        "Forum meeting: winter planning",
        "Join the meeting online",
        id="event, signed in",
    ),
    pytest.param(
        visit(lambda site: site.survey.url),
        "Have your say",
        "Are you a member organisation?",
        id="survey",
    ),
    pytest.param(send_the_survey, "Thank you", "We read every answer.", id="survey thank-you"),
    pytest.param(
        send_the_survey_empty, "Have your say", "There is a problem", id="survey with errors"
    ),
]


@pytest.mark.parametrize(("how_to_get_there", "heading", "content"), PUBLIC_PAGES)
def test_every_public_page_type_has_no_wcag_violations(
    page, community, how_to_get_there, heading, content
):
    how_to_get_there(page, community)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("main")).to_contain_text(content)
    shot(page, "page-type-{case}")
    assert_accessible(page)


# --- 3. the survey form ---------------------------------------------------------------------


@pytest.fixture
def survey():
    page = SurveyPageFactory(parent=make_site(), thank_you_text="<p>We read every answer.</p>")
    add_survey_questions(page)
    return page


def test_a_survey_sent_empty_explains_each_problem_and_links_to_its_question(page, survey):
    page.goto(survey.url)
    page.get_by_role("button", name="Send your answers").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))
    links = summary.get_by_role("link")
    expect(links).to_have_count(3)

    # Each error is shown beside its question and read out with it, and each link in the
    # summary takes the keyboard focus to the answer it is about.
    name = page.get_by_label("Your name")
    email = page.get_by_label("Your email address")
    member = page.get_by_role("group", name="Are you a member organisation?")
    expect(page.locator(".govuk-form-group--error")).to_have_count(3)
    for question, error in (
        (name, "Enter an answer to “Your name”"),
        (email, "Enter an answer to “Your email address”"),
        (member, "Choose an answer to “Are you a member organisation?”"),
    ):
        expect(question).to_have_accessible_description(re.compile(re.escape(error)))
    expect(name).to_have_accessible_description(re.compile("^As you would like us to address you"))
    for n, answer in enumerate([name, email, member.get_by_label("Yes")]):
        links.nth(n).click()
        expect(answer).to_be_focused()

    assert_accessible(page)
    assert SurveySubmission.objects.count() == 0


def test_a_survey_filled_in_thanks_the_visitor_and_stores_the_answers(page, survey):
    page.goto(survey.url)
    fill_the_survey(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.get_by_role("main")).to_contain_text("We read every answer.")
    assert SurveySubmission.objects.count() == 1
    answers = SurveySubmission.objects.get().get_data()
    assert answers["your_name"] == "Sam Member"
    assert answers["are_you_a_member_organisation"] == "Yes"


# --- 4. joining links for members -----------------------------------------------------------


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
