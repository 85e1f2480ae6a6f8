"""The foundation a visitor and an operator rely on: pages, navigation, errors, settings."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import wagtail_factories
from django.core.management import call_command
from django.core.management.utils import get_random_secret_key
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Site

from home.models import SiteSettings
from portal.views import server_error
from tests.factories import StandardPageFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_home_page_has_skip_link_landmarks_and_menu_from_page_tree(client, home_page):
    StandardPageFactory(parent=home_page, title="About us", slug="about", show_in_menus=True)
    StandardPageFactory(parent=home_page, title="Hidden page", slug="hidden", show_in_menus=False)
    html = client.get("/").content.decode()
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    assert "<header" in html and "<footer" in html and 'aria-label="Main"' in html
    assert 'href="/about/"' in html
    assert "Hidden page" not in html


def test_unpublished_pages_stay_out_of_the_menu(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Draft plans", show_in_menus=True)
    page.unpublish()
    assert "Draft plans" not in client.get("/").content.decode()


def test_menu_query_count_does_not_grow_with_pages(
    client, home_page, django_assert_max_num_queries
):
    for n in range(3):
        StandardPageFactory(parent=home_page, slug=f"p{n}", show_in_menus=True)
    client.get("/")  # warm the site and settings caches
    with CaptureQueriesContext(connection) as few_pages:
        client.get("/")
    few_pages_queries = len(few_pages)  # read now: the next request clears the log
    for n in range(3, 20):
        StandardPageFactory(parent=home_page, slug=f"p{n}", show_in_menus=True)
    client.get("/")
    with django_assert_max_num_queries(few_pages_queries):
        client.get("/")
    assert few_pages_queries <= 20


def test_breadcrumbs_show_the_way_home(client, home_page):
    parent = StandardPageFactory(parent=home_page, title="About us", slug="about")
    StandardPageFactory(parent=parent, title="Our team", slug="team")
    html = client.get("/about/team/").content.decode()
    assert 'aria-label="Breadcrumb"' in html
    assert 'href="/about/"' in html and 'aria-current="page">Our team' in html


def test_footer_shows_contact_details_from_site_settings(client, home_page):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_email = "hello@assembly.example"
    settings.contact_phone = "01234 000111"
    settings.social_links = [("link", {"name": "Mastodon", "url": "https://social.example/@a"})]
    settings.save()
    html = client.get("/").content.decode()
    assert "mailto:hello@assembly.example" in html
    assert "01234 000111" in html
    assert 'href="https://social.example/@a"' in html


def test_every_body_block_renders_on_a_standard_page(client, home_page):
    image = wagtail_factories.ImageFactory(title="Volunteers at work")
    document = wagtail_factories.DocumentFactory(title="Governance template")
    video = "https://video.example/watch/123"
    Embed.objects.create(
        url=video,
        hash=get_embed_hash(video),
        type="video",
        html='<iframe title="Webinar recording" src="https://video.example/embed/123"></iframe>',
    )
    body = [
        ("heading", {"text": "Our shared priorities", "level": "h2"}),
        ("paragraph", "<p>We share <b>HR</b> support.</p>"),
        ("image", {"image": image, "alt_text": "Volunteers packing food", "caption": "Spring"}),
        ("quote", {"text": "We felt bigger together.", "attribution": "A member"}),
        (
            "call_to_action",
            {
                "title": "Join us",
                "text": "It is free.",
                "button_text": "How to join",
                "url": "https://example.org/join",
                "page": None,
            },
        ),
        ("embed", {"embed": video, "title": "Webinar recording"}),
        ("document", {"document": document, "title": ""}),
    ]
    StandardPageFactory(parent=home_page, title="Blocks", slug="blocks", body=body)
    html = client.get("/blocks/").content.decode()
    assert '<h2 class="govuk-heading-l">Our shared priorities</h2>' in html
    assert "We share <b>HR</b> support." in html
    assert 'alt="Volunteers packing food"' in html and "<figcaption>Spring</figcaption>" in html
    assert "We felt bigger together." in html and "A member" in html
    assert 'href="https://example.org/join"' in html and "How to join" in html
    assert 'src="https://video.example/embed/123"' in html
    assert "Governance template" in html and document.url in html


def test_call_to_action_needs_a_page_or_a_link():
    from wagtail.blocks import StructBlockValidationError

    from home.blocks import CallToActionBlock

    block = CallToActionBlock()
    value = block.to_python({"title": "Join", "button_text": "Go", "page": None, "url": ""})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_page_has_seo_and_open_graph_metadata(client, home_page):
    StandardPageFactory(
        parent=home_page,
        slug="about",
        title="About us",
        seo_title="About the Assembly",
        summary="Who we are.",
        social_image=wagtail_factories.ImageFactory(),
    )
    html = client.get("/about/").content.decode()
    assert "<title>About the Assembly – Shoal</title>" in html
    assert '<meta name="description" content="Who we are.">' in html
    assert '<meta property="og:title" content="About the Assembly">' in html
    assert 'property="og:image"' in html


def test_unknown_address_gets_the_accessible_404_page(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'id="main-content"' in html


def test_500_page_renders_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_robots_and_sitemap_list_public_pages(client, home_page):
    StandardPageFactory(parent=home_page, slug="about", title="About us")
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/about/</loc>" in sitemap


def test_site_search_finds_a_page(client, home_page):
    StandardPageFactory(parent=home_page, slug="venues", title="Sharing community venues")
    html = client.get("/search/", {"query": "venues"}).content.decode()
    assert "1 result for" in html and 'href="/venues/"' in html


def test_sign_in_with_wrong_password_shows_an_error_summary(client, admin_user):
    response = client.post("/accounts/login/", {"login": "admin", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "<title>Error: Sign in" in html


def test_sign_in_with_an_empty_form_puts_errors_next_to_the_fields(client, db):
    html = client.post("/accounts/login/", {}).content.decode()
    assert 'id="id_login_error"' in html
    assert 'aria-describedby="id_login_error"' in html
    assert 'href="#id_login"' in html


def test_member_signs_in_at_accounts_login(client, admin_user, home_page):
    response = client.post("/accounts/login/", {"login": "admin", "password": "shoal-demo"})
    assert response.status_code == 302
    assert client.get("/").context["request"].user.is_authenticated


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=get_random_secret_key(),
        ALLOWED_HOSTS="portal.example.org",
        WAGTAILADMIN_BASE_URL="https://portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_take_a_secret_key_that_starts_with_a_dollar_as_it_is():
    # Django's key generator makes such keys; django-environ would read "$..." as the name
    # of another variable and refuse to start.
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="$" + get_random_secret_key(),
        ALLOWED_HOSTS="portal.example.org",
        WAGTAILADMIN_BASE_URL="https://portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "ALLOWED_HOSTS": "portal.example.org",
        },
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_database_url_selects_postgresql_through_psycopg():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DATABASE_URL": "postgres://shoal:secret@db.internal:5433/shoal",
        },
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "shoal",
        "db.internal",
        "5433",
    ], result.stderr


def test_models_and_migrations_agree():
    call_command("makemigrations", check=True, dry_run=True, stdout=io.StringIO())


def test_suite_runs_on_the_database_that_DATABASE_URL_names():
    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres", "psql")) else "sqlite"
    assert connection.vendor == expected
