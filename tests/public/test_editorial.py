"""Communications staff write; moderators approve and publish; the dashboard shows both."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Task, Workflow
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.editorial import MODERATION_TASK, MODERATION_WORKFLOW
from home.models import NewsIndexPage, NewsPage
from tests.factories import NewsPageFactory, StandardPageFactory, UserFactory, make_site
from tests.public.community import CommunitySite

pytestmark = pytest.mark.django_db


def staff(username, group_name):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor():
    return staff("editor", "Communications")


@pytest.fixture
def moderator():
    return staff("moderator", "Moderators")


@pytest.fixture
def site():
    return CommunitySite()


def news_form(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "date": "2026-11-20",
            "author": "Sam Writer",
            "summary": "A short summary.",
            "body": streamfield([]),
            "tags": "",
            "image_alt_text": "",
            **extra,
        }
    )


def test_a_fresh_install_has_the_editorial_groups():
    assert {"Communications", "Moderators"} <= set(Group.objects.values_list("name", flat=True))


def test_communications_can_edit_but_not_publish_news(site, editor, moderator):
    story = NewsPageFactory(parent=site.news)
    as_editor = story.permissions_for_user(editor)
    assert as_editor.can_edit() and not as_editor.can_publish()
    assert site.news.permissions_for_user(editor).can_add_subpage()
    assert story.permissions_for_user(moderator).can_publish()


def test_news_and_case_studies_go_through_moderation(site):
    assert site.news.get_workflow().name == MODERATION_WORKFLOW
    assert NewsPageFactory(parent=site.news).get_workflow().name == MODERATION_WORKFLOW
    assert site.case_studies.get_workflow().name == MODERATION_WORKFLOW


def test_a_news_index_made_in_the_admin_is_moderated(client, admin_user):
    home = make_site()
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=["home", "newsindexpage", home.pk])
    response = client.post(
        url,
        nested_form_data(
            {
                "title": "News",
                "slug": "news",
                "introduction": "",
                "body": streamfield([]),
                "action-publish": "1",
            }
        ),
    )
    assert response.status_code == 302
    assert NewsIndexPage.objects.get().get_workflow().name == MODERATION_WORKFLOW


def test_editor_submits_news_for_moderation_and_it_stays_unpublished(client, site, editor):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["home", "newspage", site.news.pk])
    response = client.post(url, news_form("Cluster wins grant", **{"action-submit": "1"}))
    assert response.status_code == 302
    story = NewsPage.objects.get(title="Cluster wins grant")
    assert not story.live
    assert story.workflow_in_progress
    assert story.current_workflow_task.name == MODERATION_TASK


def test_editor_cannot_publish_news_directly(client, site, editor):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["home", "newspage", site.news.pk])
    client.post(url, news_form("Sneaky story", **{"action-publish": "1"}))
    story = NewsPage.objects.get(title="Sneaky story")
    assert not story.live


def test_moderator_approves_and_the_news_goes_live(client, site, editor, moderator):
    client.force_login(editor)
    add = reverse("wagtailadmin_pages:add", args=["home", "newspage", site.news.pk])
    client.post(add, news_form("Joint bid success", **{"action-submit": "1"}))
    story = NewsPage.objects.get(title="Joint bid success")
    client.force_login(moderator)
    task_state = story.current_workflow_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]
    )
    response = client.post(approve, {"comment": "Looks good"})
    assert response.status_code in (200, 302)
    story.refresh_from_db()
    assert story.live
    assert client.get(story.url).status_code == 200


def test_dashboard_shows_what_awaits_moderation_and_what_was_published(
    client, site, editor, moderator
):
    NewsPageFactory(parent=site.news, title="Already out").save_revision().publish()
    client.force_login(editor)
    add = reverse("wagtailadmin_pages:add", args=["home", "newspage", site.news.pk])
    client.post(add, news_form("Waiting story", **{"action-submit": "1"}))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Your pages and snippets in a workflow" in html and "Waiting story" in html
    assert "Recently published" in html and "Already out" in html
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in html and "Waiting story" in html


def test_an_item_submitted_for_moderation_is_listed_once_on_the_moderators_dashboard(
    client, site, editor, moderator
):
    client.force_login(editor)
    add = reverse("wagtailadmin_pages:add", args=["home", "newspage", site.news.pk])
    client.post(add, news_form("Waiting story", **{"action-submit": "1"}))
    story = NewsPage.objects.get(title="Waiting story")
    client.force_login(moderator)
    dashboard = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    edit = reverse("wagtailadmin_pages:edit", args=[story.pk])
    rows = [row for row in dashboard.select("main tr") if row.find("a", href=edit)]
    assert len(rows) == 1
    assert "Awaiting your review" in rows[0].find_parent("section").get_text()


def test_there_is_one_moderation_workflow_for_the_whole_site(site):
    assert list(Workflow.objects.values_list("name", flat=True)) == [MODERATION_WORKFLOW]
    assert site.home.get_workflow().name == MODERATION_WORKFLOW
    assert StandardPageFactory(parent=site.home).get_workflow().name == MODERATION_WORKFLOW
    assert list(Task.objects.values_list("name", flat=True)) == [MODERATION_TASK]


def test_scheduled_news_goes_live_at_its_time(site):
    story = NewsPageFactory(parent=site.news, title="Embargoed story")
    story.unpublish()
    story.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    story.save_revision().publish()
    story.refresh_from_db()
    assert not story.live and story.scheduled_revision
    # Let the hour pass: move the approved time, and the time in the revision, into the past.
    revision = story.scheduled_revision
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    assert Page.objects.get(pk=story.pk).live


def test_editors_can_compare_revisions(client, site, editor):
    story = NewsPageFactory(parent=site.news, title="First title")
    first = story.save_revision()
    story.title = "Second title"
    second = story.save_revision()
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:revisions_compare", args=[story.pk, first.pk, second.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Second title" in response.content.decode()


def test_every_page_type_opens_in_the_admin_for_communications(client, site, editor):
    from tests.factories import CaseStudyPageFactory, EventPageFactory, SurveyPageFactory

    pages = {
        "forumpage": (site.forums, site.forum(members=1)),
        "clusterpage": (site.clusters, site.cluster(members=1)),
        "newspage": (site.news, NewsPageFactory(parent=site.news)),
        "casestudypage": (site.case_studies, CaseStudyPageFactory(parent=site.case_studies)),
        "eventpage": (site.events, EventPageFactory(parent=site.events)),
        "surveypage": (site.home, SurveyPageFactory(parent=site.home)),
        "standardpage": (site.home, None),
    }
    client.force_login(editor)
    for model, (parent, existing) in pages.items():
        add = reverse("wagtailadmin_pages:add", args=["home", model, parent.pk])
        assert client.get(add).status_code == 200, model
        if existing:
            edit = reverse("wagtailadmin_pages:edit", args=[existing.pk])
            assert client.get(edit).status_code == 200, model


def test_staff_choose_organisations_and_funds_from_snippets(client, site, editor):
    from tests.factories import FundFactory, OrganisationFactory

    OrganisationFactory(name="Hilltop Carers")
    FundFactory(name="Wellbeing Fund")
    client.force_login(editor)
    chooser = client.get(reverse("wagtailsnippetchoosers_consortium_organisation:choose"))
    assert chooser.status_code == 200 and "Hilltop Carers" in chooser.content.decode()
    funds = client.get(reverse("wagtailsnippets_home_fund:list"))
    assert funds.status_code == 200 and "Wellbeing Fund" in funds.content.decode()


# --- dates in the admin ---------------------------------------------------------------------


def event_form(title, start, end):
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "kind": "meeting",
            "meeting_format": "online",
            "start": start,
            "end": end,
            "summary": "A meeting of members.",
            "venue": "",
            "join_link": "",
            "recording_url": "",
            "body": streamfield([]),
            "action-publish": "1",
        }
    )


def test_an_event_start_typed_the_uk_way_is_saved_in_uk_time(client, site, admin_user):
    from zoneinfo import ZoneInfo

    from tests.factories import EventPageFactory

    event = EventPageFactory(parent=site.events, title="Winter planning")
    client.force_login(admin_user)
    edit = reverse("wagtailadmin_pages:edit", args=[event.pk])
    response = client.post(
        edit, event_form("Winter planning", "10/12/2026 14:00", "10/12/2026 16:00")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    london = ZoneInfo("Europe/London")
    assert event.start == datetime.datetime(2026, 12, 10, 14, 0, tzinfo=london)
    assert event.end == datetime.datetime(2026, 12, 10, 16, 0, tzinfo=london)
    # The date picker shows it back day first, as it was typed, so the editor recognises it.
    html = client.get(edit).content.decode()
    assert 'value="10/12/2026 14:00"' in html


# --- the dashboard's add buttons ------------------------------------------------------------


def dashboard_links(client):
    dashboard = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    return {link.get_text(strip=True): link["href"] for link in dashboard.select("main a")}


def test_editors_dashboard_offers_add_news_event_and_case_study(client, site, editor):
    client.force_login(editor)
    links = dashboard_links(client)
    expected = {
        "Add news": ("newspage", site.news, "New: News page"),
        "Add event": ("eventpage", site.events, "New: Event page"),
        "Add case study": ("casestudypage", site.case_studies, "New: Case study"),
    }
    for label, (model, parent, heading) in expected.items():
        assert links[label] == reverse("wagtailadmin_pages:add", args=["home", model, parent.pk])
        response = client.get(links[label])
        assert response.status_code == 200, label
        assert response.context["parent_page"].pk == parent.pk
        assert heading in response.content.decode()


def test_add_news_opens_under_the_first_live_news_index(client, site, editor):
    from tests.factories import NewsIndexPageFactory

    site.news.unpublish()  # the first news index is taken down; the next one is live
    live_index = NewsIndexPageFactory(parent=site.home, title="Latest news", slug="latest")
    NewsIndexPageFactory(parent=site.home, title="More news", slug="more-news")
    client.force_login(editor)
    add_news = dashboard_links(client)["Add news"]
    assert add_news == reverse("wagtailadmin_pages:add", args=["home", "newspage", live_index.pk])


def test_without_a_live_index_add_news_lets_the_editor_choose_where(client, editor):
    from tests.factories import NewsIndexPageFactory

    NewsIndexPageFactory(parent=make_site()).unpublish()
    client.force_login(editor)
    add_news = dashboard_links(client)["Add news"]
    assert add_news == reverse("wagtailadmin_pages:choose_parent", args=["home", "newspage"])
    assert client.get(add_news, follow=True).status_code == 200


def test_every_page_type_has_one_summary_field_on_its_content_tab(client, site, editor):
    client.force_login(editor)
    parents = {
        "forumpage": site.forums,
        "clusterpage": site.clusters,
        "newspage": site.news,
        "casestudypage": site.case_studies,
        "eventpage": site.events,
        "surveypage": site.home,
        "standardpage": site.home,
        **{
            index: site.home
            for index in (
                "forumindexpage",
                "clusterindexpage",
                "newsindexpage",
                "casestudyindexpage",
                "eventindexpage",
            )
        },
    }
    for model, parent in parents.items():
        add = reverse("wagtailadmin_pages:add", args=["home", model, parent.pk])
        form = BeautifulSoup(client.get(add).content, "html.parser")
        summaries = form.select("textarea, input[type=text]")
        names = [field["name"] for field in summaries]
        assert names.count("summary") == 1, model
        assert "listing_summary" not in names and "search_description" not in names, model
        content_tab = form.select_one("section#tab-content")
        assert content_tab.select_one("[name=summary]"), model


# --- upgrading an existing site (migration 0006) --------------------------------------------


def test_upgrading_keeps_what_editors_wrote_and_leaves_one_moderation_workflow(tmp_path):
    """The scenario in tests/upgrade_scenario.py, in a process and database of its own."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'upgrade.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.platform.upgrade_scenario"],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "upgrade scenario passed" in result.stdout
