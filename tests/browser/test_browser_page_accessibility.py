"""The community site in a real chromium: every public page type, with everything it can
show, has no WCAG violations.

Live-server tests flush the database after each test, which would also remove what the
migrations created (the editorial groups and the moderation workflow), so these tests ask
for a serialised rollback: Django reloads that data before each of them.
"""

import datetime
from types import SimpleNamespace

import pytest
import wagtail_factories
from django.utils import timezone
from playwright.sync_api import expect

from home.models import (
    CaseStudyFigure,
    CaseStudyOrganisation,
    ClusterMember,
    ClusterNextStep,
    ForumConvenor,
    ForumMember,
)
from tests.accessibility import assert_accessible
from tests.browser.community import add_survey_questions, fill_the_survey, sign_in_as_a_member
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


# --- accessibility of every public page type -----------------------------------------------


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
