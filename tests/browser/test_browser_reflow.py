"""Reflow in a real chromium: every public page type reads on a 320 px screen.

WCAG 1.4.10 (reflow) asks that content at 320 CSS pixels wide can be read without
scrolling sideways. The content here is deliberately awkward but real: a Welsh village
whose name is one 58-letter word, organisations named after it, long web and email
addresses, an embedded video, a photo and a cluster with a table of next steps.
"""

import datetime
import re
from types import SimpleNamespace

import pytest
import wagtail_factories
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from home.models import (
    CaseStudyFigure,
    CaseStudyOrganisation,
    ClusterMember,
    ClusterNextStep,
    ForumConvenor,
    ForumMember,
    SiteSettings,
    SurveyFormField,
)
from tests.accessibility import assert_accessible
from tests.browser.reflow import SMALL_SCREEN, assert_no_sideways_scrolling
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
    StandardPageFactory,
    SurveyPageFactory,
    make_site,
)

# Like every live-server test here, restore what the migrations made after each flush:
# mixing tests that do with tests that do not leaves stale content types behind.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A real place name, and so a real word in organisation names, addresses and titles.
VILLAGE = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
ASSOCIATION = f"{VILLAGE} Community Association"
GUIDANCE_URL = (
    "https://www.northumberlandcommunityfoundation.org.uk/grants/"
    "small-groups-application-guidance-2026"
)
VIDEO_URL = "https://video.example/watch/sharing-without-merging"


@pytest.fixture
def awkward_site():
    """Every public page type, filled with the longest words a real site would have."""
    home = make_site()
    settings = SiteSettings.for_site(home.get_site())
    settings.organisation_name = ASSOCIATION
    settings.contact_email = "volunteering@llanfairpwllgwyngyllcommunityassociation.org.uk"
    settings.contact_phone = "01248 000000"
    settings.address = f"{VILLAGE} Village Hall\nHolyhead Road\nLL61 5UJ"
    settings.save()

    photo = wagtail_factories.ImageFactory(title="Volunteers", file__width=1600, file__height=900)
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        width=1280,
        height=720,
        # As a video site's oEmbed answers, without the address: the test stays offline.
        html='<iframe width="1280" height="720" title="Recording"></iframe>',
    )
    body = [
        ("heading", {"text": f"Grants for groups in {VILLAGE}", "level": "h2"}),
        (
            "paragraph",
            f'<p>Read the guidance at <a href="{GUIDANCE_URL}">{GUIDANCE_URL}</a> or email '
            "grants@northumberlandcommunityfoundation.org.uk before you apply.</p>",
        ),
        ("image", {"image": photo, "alt_text": "Volunteers in the hall", "caption": VILLAGE}),
        ("quote", {"text": f"{VILLAGE} is small.", "attribution": ASSOCIATION}),
        ("embed", {"embed": VIDEO_URL, "title": "Our last meeting, recorded"}),
    ]
    organisations = [
        OrganisationFactory(name=ASSOCIATION, short_description=f"Runs {VILLAGE} Village Hall."),
        OrganisationFactory(name=f"Friends of {VILLAGE} Library", website=""),
    ]

    standard = StandardPageFactory(parent=home, title=f"About {VILLAGE}", body=body)

    forums = ForumIndexPageFactory(parent=home, show_in_menus=True)
    forum = ForumPageFactory(parent=forums, title=f"{VILLAGE} Rural Forum", body=body)
    for n, organisation in enumerate(organisations):
        ForumMember.objects.create(page=forum, organisation=organisation, sort_order=n)
    ForumConvenor.objects.create(
        page=forum,
        name="Gwenllian Convenor",
        role="Chair",
        organisation=organisations[0],
        email="gwenllian@llanfairpwllgwyngyllcommunityassociation.org.uk",
        phone="01248 000000",
    )

    clusters = ClusterIndexPageFactory(parent=home, show_in_menus=True)
    cluster = ClusterPageFactory(
        parent=clusters,
        title=f"{VILLAGE} Micro-cluster",
        theme=f"Services in {VILLAGE}",
        facilitator=f"Dafydd, {ASSOCIATION}",
        shared_priorities=f"<ul><li>Keep {VILLAGE} Village Hall open</li></ul>",
        outcomes=f"<p>See {GUIDANCE_URL}</p>",
        body=body,
    )
    cluster.funds.add(FundFactory(name=f"{VILLAGE} Wind Farm Community Benefit Fund"))
    for n, organisation in enumerate(organisations):
        ClusterMember.objects.create(page=cluster, organisation=organisation, sort_order=n)
    today = timezone.localdate()
    ClusterNextStep.objects.create(
        page=cluster,
        action="Agree a shared safeguarding policy with every member organisation",
        owner=organisations[0],
        due_date=today + datetime.timedelta(days=30),
    )
    ClusterNextStep.objects.create(
        page=cluster,
        action=f"Book {VILLAGE} Village Hall for the autumn meeting",
        owner=organisations[1],
        due_date=today - datetime.timedelta(days=3),
    )
    ClusterNextStep.objects.create(page=cluster, action="Find a treasurer")

    news = NewsIndexPageFactory(parent=home, show_in_menus=True)
    story = NewsPageFactory(
        parent=news,
        title=f"{ASSOCIATION} joins the micro-cluster",
        summary=f"Volunteers from {VILLAGE} now share a caseworker.",
        image=photo,
        image_alt_text="Volunteers in the hall",
        forum=forum,
        cluster=cluster,
        body=body,
    )
    story.tags.add(VILLAGE)
    story.save()
    # Enough stories for a second page of news, so the pagination is on screen too.
    for n in range(11):
        NewsPageFactory(
            parent=news,
            title=f"News from {VILLAGE}, part {n + 1}",
            date=today - datetime.timedelta(days=n + 1),
        )

    case_studies = CaseStudyIndexPageFactory(parent=home, show_in_menus=True)
    case_study = CaseStudyPageFactory(
        parent=case_studies,
        title=f"How {VILLAGE} shared a minibus",
        summary=f"Three groups in {VILLAGE} share one minibus.",
        image=photo,
        image_alt_text="A minibus outside the hall",
        quote_attribution=f"Dafydd, {ASSOCIATION}",
        outcomes=f"<ul><li>Rides for everyone in {VILLAGE}</li></ul>",
        cluster=cluster,
    )
    CaseStudyOrganisation.objects.create(
        page=case_study, organisation=organisations[0], sort_order=0
    )
    CaseStudyFigure.objects.create(
        page=case_study, figure="£12,000", description=f"saved across {VILLAGE}", sort_order=0
    )

    events = EventIndexPageFactory(parent=home, show_in_menus=True)
    meeting = EventPageFactory(
        parent=events,
        title=f"{VILLAGE} Micro-cluster meeting",
        summary=f"At {VILLAGE} Village Hall.",
        meeting_format="hybrid",
        venue=f"{VILLAGE} Village Hall\nHolyhead Road",
        cluster=cluster,
        body=body,
    )

    survey = SurveyPageFactory(
        parent=home,
        introduction=f"<p>Tell us how we can help groups in {VILLAGE}: {GUIDANCE_URL}</p>",
    )
    SurveyFormField.objects.create(
        page=survey,
        sort_order=0,
        label=f"Which part of {VILLAGE} do you live in?",
        field_type="singleline",
        required=False,
    )

    return SimpleNamespace(
        home=home,
        standard=standard,
        forums=forums,
        forum=forum,
        clusters=clusters,
        cluster=cluster,
        news=news,
        story=story,
        case_studies=case_studies,
        case_study=case_study,
        events=events,
        meeting=meeting,
        survey=survey,
    )


PAGE_TYPES = [
    pytest.param(lambda site: site.home.url, id="home"),
    pytest.param(lambda site: site.standard.url, id="standard page"),
    pytest.param(lambda site: site.forums.url, id="forum index"),
    pytest.param(lambda site: site.forum.url, id="forum"),
    pytest.param(lambda site: site.clusters.url, id="cluster index"),
    pytest.param(lambda site: site.cluster.url, id="cluster"),
    pytest.param(lambda site: site.news.url, id="news index"),
    pytest.param(lambda site: site.news.url + "?page=2", id="news index, page 2"),
    pytest.param(lambda site: site.story.url, id="news"),
    pytest.param(lambda site: site.case_studies.url, id="case study index"),
    pytest.param(lambda site: site.case_study.url, id="case study"),
    pytest.param(lambda site: site.events.url, id="event index"),
    pytest.param(lambda site: site.meeting.url, id="event"),
    pytest.param(lambda site: site.survey.url, id="survey"),
    pytest.param(lambda site: f"/search/?query={VILLAGE}", id="search results"),
    pytest.param(lambda site: f"/no-such-page/{VILLAGE}/", id="page not found"),
    pytest.param(lambda site: "/accounts/login/", id="sign in"),
]


@pytest.mark.parametrize("address", PAGE_TYPES)
def test_every_public_page_type_reads_on_a_320_pixel_screen_without_scrolling_sideways(
    page, awkward_site, address
):
    page.set_viewport_size(SMALL_SCREEN)
    page.goto(address(awkward_site))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_sideways_scrolling(page)


def chromium_accessibility_tree(page):
    """(role, name) of every node chromium exposes to screen readers on the page, in order."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return [
        (node["role"]["value"], node.get("name", {}).get("value", ""))
        for node in nodes
        if not node.get("ignored") and "role" in node
    ]


def test_a_clusters_next_steps_stack_into_labelled_rows_on_a_small_screen(page, awkward_site):
    page.set_viewport_size(SMALL_SCREEN)
    page.goto(awkward_site.cluster.url)

    # Screen readers still meet a table, with its column headers for every cell.
    table = page.get_by_role("table", name="Open next steps")
    expect(table.get_by_role("columnheader")).to_have_text(["Action", "Who", "By"])
    first_step = table.get_by_role("row").nth(1)
    expect(first_step.get_by_role("cell")).to_have_count(3)
    # Chromium itself, not only Playwright's reading of the markup, keeps the table's meaning
    # although its parts are restyled as blocks (and carry no ARIA roles): its accessibility
    # tree has the table, the three column headers and three cells to a row.
    exposed = chromium_accessibility_tree(page)
    assert [role for role, _ in exposed].count("table") == 1
    assert [name for role, name in exposed if role == "columnheader"] == ["Action", "Who", "By"]
    steps = table.get_by_role("row").count() - 1
    cell_names = [name for role, name in exposed if role == "cell"]
    assert len(cell_names) == 3 * steps
    assert [name.split()[0] for name in cell_names[:3]] == ["Action", "Who", "By"]

    # On screen each step is a block of labelled lines, one under the other.
    cells = first_step.get_by_role("cell")
    lefts = [cells.nth(n).bounding_box()["x"] for n in range(3)]
    tops = [cells.nth(n).bounding_box()["y"] for n in range(3)]
    assert lefts[0] == lefts[1] == lefts[2], "the steps are still laid out in columns"
    assert tops[0] < tops[1] < tops[2], "the steps are still laid out in columns"
    # Each line is led by its column's name, shown as text in the cell (so read with it even
    # by a browser that drops a restyled table's semantics), beside the value, not over it.
    labels = first_step.locator(".shoal-stacked-table__label")
    expect(labels).to_have_text(["Action", "Who", "By"])
    for n, name in enumerate(["Action", "Who", "By"]):
        label = cells.nth(n).locator(".shoal-stacked-table__label")
        expect(label).to_be_visible()
        expect(cells.nth(n)).to_have_text(re.compile(rf"^{name}\s+\S"))
        label_box, cell_box = label.bounding_box(), cells.nth(n).bounding_box()
        assert label_box["x"] == cell_box["x"], f"the {name} label does not start the line"
        padding = cells.nth(n).evaluate("c => parseFloat(getComputedStyle(c).paddingLeft)")
        assert label_box["width"] <= padding, f"the {name} label runs into its value"
    assert_no_sideways_scrolling(page)
    assert_accessible(page)

    # On a desktop there is room for the columns again, and the column headers alone name
    # the cells: the labels are neither shown nor read.
    page.set_viewport_size({"width": 1024, "height": 768})
    tops = [cells.nth(n).bounding_box()["y"] for n in range(3)]
    assert tops[0] == tops[1] == tops[2], "the steps are not side by side on a desktop"
    expect(table.get_by_role("columnheader")).to_have_text(["Action", "Who", "By"])
    expect(labels).to_have_count(3)
    for n in range(3):
        expect(labels.nth(n)).to_be_hidden()
    cell_names = [name for role, name in chromium_accessibility_tree(page) if role == "cell"]
    assert [name.split()[0] for name in cell_names[:3]] != ["Action", "Who", "By"]
    assert cell_names[0] == cells.nth(0).inner_text().strip()


def test_an_embedded_video_fills_a_small_screen_at_a_video_shape(page, awkward_site):
    page.set_viewport_size(SMALL_SCREEN)
    page.goto(awkward_site.standard.url)

    column = page.locator(".shoal-embed").bounding_box()
    video = page.get_by_title("Recording").bounding_box()
    assert video["width"] == column["width"], "the video is not as wide as the column"
    assert video["height"] == pytest.approx(video["width"] * 9 / 16, abs=1)
    # Shaped by the stylesheet, not by an inline style that the CSP would refuse.
    expect(page.locator(".shoal-embed [style]")).to_have_count(0)
