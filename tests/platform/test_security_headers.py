"""Security headers: Content-Security-Policy and Permissions-Policy on every page."""

import datetime
import json
import os
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.finders import get_finders
from wagtail.embeds.models import Embed

from tests.browser_helpers import sign_in_to_the_admin
from tests.csp import assert_no_csp_violations, watch_for_csp_violations
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    StandardPageFactory,
    UserFactory,
    make_site,
)


def directives(response):
    """The response's Content-Security-Policy as {directive: [sources]}."""
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


@pytest.fixture
def about_page(home_page):
    return StandardPageFactory(parent=home_page, title="About Shoal", slug="about")


@pytest.mark.parametrize("path", ["/", "/about/", "/search/?query=shoal", "/no-such-page/"])
def test_public_pages_only_run_scripts_from_the_site_or_with_this_responses_nonce(
    client, about_page, path
):
    response = client.get(path)
    policy = directives(response)

    script_src = policy["script-src"]
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    [nonce] = [source for source in script_src if source.startswith("'nonce-")]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]

    # Every inline script on the page carries the header's nonce, or the browser blocks it.
    inline_scripts = [
        script
        for script in BeautifulSoup(response.content, "html.parser").find_all("script")
        if not script.get("src")
    ]
    assert inline_scripts, "base.html's js-enabled script should be on every page"
    for script in inline_scripts:
        assert f"'nonce-{script.get('nonce')}'" == nonce


def test_each_response_gets_a_fresh_nonce(client, home_page):
    first = directives(client.get("/"))["script-src"]
    second = directives(client.get("/"))["script-src"]
    assert first != second


def test_media_on_another_origin_may_show_images_but_never_run_scripts():
    """Uploads served from object storage appear on pages; they can never be scripts."""
    read_policy = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES'], default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {read_policy}"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "MEDIA_URL": "https://media.example.org/shoal/",
            "STATIC_URL": "https://static.example.org/",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    policy = json.loads(result.stdout)
    assert "https://media.example.org" in policy["img-src"]
    assert "https://media.example.org" in policy["media-src"]
    assert "https://media.example.org" not in policy["script-src"]
    assert "https://media.example.org" not in policy["style-src"]
    assert "https://static.example.org" in policy["script-src"]
    assert "https://static.example.org" in policy["style-src"]


def test_production_settings_send_the_same_headers():
    """The headers come from the base settings, so production sends them too."""
    ask_for_a_page = (
        "import json, django; django.setup(); from django.test import Client; "
        "response = Client().get('/healthz/', secure=True); "
        "print(json.dumps(dict(response.headers)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", ask_for_a_page],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "production-test-key-" + "x" * 40,
            "ALLOWED_HOSTS": "testserver",
            "WAGTAILADMIN_BASE_URL": "https://testserver",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    headers = json.loads(result.stdout.splitlines()[-1])
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]


def test_public_pages_frame_only_the_embed_providers_editors_may_use(client, home_page):
    frame_src = directives(client.get("/"))["frame-src"]
    assert "https://www.youtube.com" in frame_src
    assert "https://player.vimeo.com" in frame_src
    assert "'self'" not in frame_src


@pytest.mark.parametrize(
    ("address", "accepted"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", True),
        ("https://youtu.be/dQw4w9WgXcQ", True),
        ("https://vimeo.com/76979871", True),
        ("https://soundcloud.com/shoal/what-is-a-cluster", True),
        ("https://open.spotify.com/episode/0Q86acNRm6V9GYx55SXKwf", True),
        # Providers whose players the policy would block are refused on the editor's form.
        ("https://www.dailymotion.com/video/x8abcd", False),
        ("https://www.tiktok.com/@shoal/video/123", False),
    ],
)
def test_embeds_are_limited_to_the_providers_the_policy_lets_into_frames(address, accepted):
    assert any(finder.accept(address) for finder in get_finders()) is accepted


def test_the_admin_has_its_own_looser_policy_and_the_public_site_does_not_share_it(
    client, home_page
):
    admin = directives(client.get("/admin/login/"))
    public = directives(client.get("/"))

    # Wagtail's admin writes inline scripts and styles, previews pages in a same-origin
    # frame and shows uploads from blob: URLs...
    assert "'unsafe-inline'" in admin["script-src"]
    assert not any(source.startswith("'nonce-") for source in admin["script-src"])
    assert "'unsafe-inline'" in admin["style-src"]
    assert admin["frame-ancestors"] == ["'self'"]
    assert "blob:" in admin["img-src"]
    # ...and is still kept from plugins, foreign forms and <base> tricks.
    assert admin["object-src"] == ["'none'"]
    assert admin["form-action"] == ["'self'"]
    assert admin["base-uri"] == ["'self'"]

    # None of those allowances reach the public site.
    assert "'unsafe-inline'" not in public["script-src"]
    assert "'unsafe-inline'" not in public["style-src"]
    assert public["frame-ancestors"] == ["'none'"]
    assert "blob:" not in public["img-src"]


def test_a_draft_viewed_from_the_admin_gets_the_admin_policy(client, about_page, admin_user):
    """Wagtail renders previews through the middleware as if at the page's public address."""
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/{about_page.pk}/view_draft/")
    assert response.status_code == 200
    assert b"About Shoal" in response.content
    assert directives(response)["frame-ancestors"] == ["'self'"]
    assert response.headers["Content-Security-Policy"].count("frame-ancestors") == 1


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/accounts/login/"])
def test_pages_switch_off_browser_features_the_site_never_uses(client, home_page, path):
    policy = client.get(path).headers["Permissions-Policy"]
    features = dict(item.strip().split("=") for item in policy.split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]:
        assert features[feature] == "()", feature
    # Embedded players still go full screen.
    assert "fullscreen" not in features


# --- in a real browser ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_browser_tests_catch_an_inline_script_without_the_nonce(browser, live_server):
    """The violation collector behind every browser test fixture really reports violations."""
    make_site()
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    violations = watch_for_csp_violations(context)
    tab = context.new_page()

    # Serve the real home page and its real header, but with the inline script's nonce
    # removed, as a template that forgot it would.
    def drop_the_nonce(route):
        response = route.fetch()
        body = re.sub(r'<script nonce="[^"]*">', "<script>", response.text())
        route.fulfill(response=response, body=body)

    tab.route(f"{live_server.url}/", drop_the_nonce)
    tab.goto("/")
    # The browser refused to run it, so JavaScript-only styles are not switched on.
    expect(tab.locator("body")).not_to_have_class(re.compile("js-enabled"))
    for _ in range(50):  # the binding reports asynchronously
        if any(v.startswith("event:") for v in violations):
            break
        tab.wait_for_timeout(100)
    context.close()

    assert any(v.startswith("event: script-src") for v in violations), violations
    assert any(v.startswith("console:") for v in violations), violations
    with pytest.raises(AssertionError, match="Content-Security-Policy violation"):
        assert_no_csp_violations(violations)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_uses_the_userbar_on_a_public_page_under_the_public_policy(page):
    home = make_site()
    StandardPageFactory(parent=home, title="About Shoal", slug="about")
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    sign_in_to_the_admin(page, "editor")

    response = page.goto("/about/")
    assert response.headers["content-security-policy"].count("frame-ancestors 'none'") == 1
    expect(page.locator("body")).to_have_class(re.compile("js-enabled"))
    page.get_by_role("button", name="View Wagtail quick actions").click()
    page.get_by_role("menuitem", name="Edit this page").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    # The page fixture fails the test at teardown if anything here broke the policy.


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_past_events_recording_plays_in_its_frame_without_breaking_the_policy(page):
    home = make_site()
    events = EventIndexPageFactory(parent=home)
    last_month = timezone.now() - datetime.timedelta(days=30)
    address = "https://www.youtube.com/watch?v=shoal-cluster"
    event = EventPageFactory(
        parent=events,
        title="Podcast: what is a cluster?",
        kind="podcast",
        start=last_month,
        end=last_month + datetime.timedelta(hours=1),
        recording_url=address,
    )
    # The embed as YouTube's oEmbed answers it, stored so the test needs no network.
    Embed.objects.create(
        url=address,
        hash=get_embed_hash(address),
        type="video",
        html='<iframe width="560" height="315" title="What is a cluster?" '
        'src="https://www.youtube.com/embed/shoal-cluster" allowfullscreen></iframe>',
        width=560,
        height=315,
    )
    page.route(
        "https://www.youtube.com/embed/**",
        lambda route: route.fulfill(body="<p>YouTube player</p>", content_type="text/html"),
    )

    page.goto(event.url)
    expect(page.frame_locator("iframe").get_by_text("YouTube player")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_sees_the_page_in_the_admins_preview_panel(page):
    home = make_site()
    about = StandardPageFactory(parent=home, title="About Shoal", slug="about")
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    sign_in_to_the_admin(page, "editor")

    page.goto(f"/admin/pages/{about.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    # Wagtail swaps in a fresh frame each time the preview refreshes.
    preview = page.frame_locator("iframe[title='Preview']").last
    expect(preview.get_by_role("heading", level=1)).to_have_text("About Shoal")
