"""The demo content loader: complete, realistic and idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from consortium.models import Organisation
from home.editorial import MODERATION_WORKFLOW
from home.models import (
    CaseStudyFigure,
    CaseStudyIndexPage,
    CaseStudyPage,
    ClusterIndexPage,
    ClusterKind,
    ClusterMember,
    ClusterNextStep,
    ClusterPage,
    EventIndexPage,
    EventPage,
    ForumConvenor,
    ForumIndexPage,
    ForumMember,
    ForumPage,
    Fund,
    HomePage,
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    StandardPage,
    SurveyFormField,
    SurveyPage,
)

pytestmark = pytest.mark.django_db

COUNTED = [
    ForumIndexPage,
    ForumPage,
    ClusterIndexPage,
    ClusterPage,
    NewsIndexPage,
    NewsPage,
    CaseStudyIndexPage,
    CaseStudyPage,
    EventIndexPage,
    EventPage,
    SurveyPage,
    StandardPage,
    Organisation,
    Fund,
    ForumMember,
    HomePage,
    ForumConvenor,
    ClusterMember,
    ClusterNextStep,
    NewsPageTag,
    CaseStudyFigure,
    SurveyFormField,
    get_user_model(),
]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def load_twice():
    call_command("load_demo_content", stdout=io.StringIO())
    first = counts()
    call_command("load_demo_content", stdout=io.StringIO())
    return first


def test_demo_content_is_complete_and_idempotent(settings, tmp_path):
    """One test, because loading the demo takes seconds: each check below is a helper."""
    settings.MEDIA_ROOT = tmp_path  # keep the demo's generated images out of media/
    first = load_twice()
    assert counts() == first, "loading the demo a second time changed something"
    check_forums()
    check_clusters()
    check_news()
    check_case_studies()
    check_events()
    check_survey()
    check_editorial_accounts()
    check_moderation()
    check_site()


def check_forums():
    forums = ForumPage.objects.live()
    assert forums.count() >= 6
    for forum in forums:
        assert forum.theme and forum.beneficiaries
        assert 1 <= forum.convenors.count() <= 2
        assert 4 <= forum.member_links.count() <= 8


def check_clusters():
    clusters = ClusterPage.objects.live()
    assert clusters.count() == 6
    assert set(clusters.values_list("kind", flat=True)) == set(ClusterKind.values)
    assert clusters.filter(kind=ClusterKind.MICRO).count() == 3
    mini = clusters.get(kind=ClusterKind.MINI)
    assert mini.funds.count() == 4
    assert mini.meeting_pattern == "Bi-monthly"
    assert "37" in mini.outcomes
    for cluster in clusters:
        assert 3 <= cluster.member_links.count() <= 8
        assert 2 <= cluster.next_steps.count() <= 4
        assert cluster.open_next_steps().exists()


def check_news():
    news = NewsPage.objects.live()
    assert news.count() >= 12
    assert len(news.dates("date", "year")) >= 2
    assert news.filter(forum__isnull=False).exists()
    assert news.filter(cluster__isnull=False).exists()
    assert news.filter(image__isnull=False).exists()
    for item in news:
        assert item.summary and item.author
        assert 1 <= item.tags.count() <= 3


def check_case_studies():
    studies = CaseStudyPage.objects.live()
    assert studies.count() == 4
    for study in studies:
        assert study.quote and study.quote_attribution
        assert study.figures.exists()
        assert study.organisation_links.exists()
        assert study.forum or study.cluster


def check_events():
    events = EventPage.objects.live()
    assert events.count() >= 8
    assert events.past().exists()
    assert events.upcoming().count() >= 4
    for event in events:
        assert event.end > event.start
        if event.meeting_format != "online":
            assert event.venue
        if event.recording_url:
            assert event.is_past


def check_survey():
    survey = SurveyPage.objects.live().get()
    assert survey.slug == "have-your-say"
    assert not survey.show_in_menus
    field_types = set(survey.form_fields.values_list("field_type", flat=True))
    assert {"singleline", "email", "radio", "checkboxes", "multiline", "dropdown"} <= field_types
    assert survey.form_fields.filter(field_type="singleline", required=True).exists()
    assert not survey.one_response_per_user


def check_editorial_accounts():
    for username, group in [
        ("editor", "Communications"),
        ("moderator", "Moderators"),
        ("surveys", "Survey managers"),
    ]:
        user = get_user_model().objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert user.groups.filter(name=group).exists()
        assert Client().login(request=HttpRequest(), username=username, password="shoal-demo"), (
            username
        )
    # The demo accounts' email addresses are confirmed, so allauth lets them sign in too.
    for username in ["admin", "editor", "moderator", "surveys"]:
        member_sign_in = Client().post(
            "/accounts/login/", {"login": username, "password": "shoal-demo"}
        )
        assert member_sign_in.status_code == 302, username
        assert member_sign_in["Location"] == "/members/", username
    # Survey answers hold personal data: the moderator and the survey manager may export
    # them; communications staff may not.
    survey = SurveyPage.objects.live().get()
    export = f"/admin/forms/submissions/{survey.pk}/?export=csv"
    for username, may_export in [("moderator", True), ("surveys", True), ("editor", False)]:
        client = Client()
        client.login(request=HttpRequest(), username=username, password="shoal-demo")
        assert (client.get(export).status_code == 200) == may_export, username


def check_moderation():
    # One workflow, under one name, covers the whole site, news and case studies included.
    assert HomePage.objects.get().get_workflow().name == MODERATION_WORKFLOW
    for index_class in (NewsIndexPage, CaseStudyIndexPage):
        index = index_class.objects.get()
        assert index.get_workflow().name == MODERATION_WORKFLOW


def check_site():
    slugs = set(StandardPage.objects.live().values_list("slug", flat=True))
    assert {"about", "how-to-join", "accessibility-statement", "privacy-notice"} <= slugs
    footer = Client().get("/").content.decode()
    assert 'href="/privacy-notice/">Privacy notice</a>' in footer
    assert 'href="/accessibility-statement/">Accessibility statement</a>' in footer
    admin = Client()
    # django-axes checks every sign-in against the request it came with.
    assert admin.login(request=HttpRequest(), username="admin", password="shoal-demo")
    assert admin.get("/admin/").status_code == 200
