"""Whole journeys in a real chromium: the public site, keyboard use, the admin, accessibility."""

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.factories import StandardPageFactory, UserFactory, make_site
from tests.screenshots import shot

# Like every live-server test here, restore what the migrations made after each flush:
# mixing tests that do with tests that do not leaves stale content types behind.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site_pages():
    home = make_site()
    about = StandardPageFactory(
        parent=home,
        title="About Shoal",
        slug="about",
        show_in_menus=True,
        introduction="Small charities, sharing without merging.",
        body=[
            ("heading", {"text": "What we do", "level": "h2"}),
            ("paragraph", "<p>We help organisations <a href='/'>work together</a>.</p>"),
            ("quote", {"text": "Together we are bigger.", "attribution": "A member"}),
        ],
    )
    return home, about


def test_home_page_renders_with_the_menu(page, site_pages):
    page.goto("/")
    expect(page).to_have_title("Shoal")
    shot(page, "home")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sharing without merging")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="About Shoal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About Shoal")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Home")
    shot(page, "standard-page")


def test_skip_link_moves_focus_to_the_main_content(page, site_pages):
    page.goto("/about/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_admin_signs_in_to_the_wagtail_admin(page, site_pages):
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    page.goto("/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("shoal-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(page.url)  # settled
    expect(page.get_by_role("main")).to_contain_text("Pages")
    assert page.url.endswith("/admin/")
    shot(page, "admin-dashboard")


def test_member_sign_in_form_reports_errors_accessibly(page, site_pages):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    shot(page, "sign-in-errors")
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/about/", "/no-such-page/", "/search/?query=shoal"])
def test_public_page_types_have_no_wcag_violations(page, site_pages, path):
    page.goto(path)
    assert_accessible(page)


@pytest.mark.parametrize("run", [1, 2])
def test_each_browser_test_starts_with_the_groups_and_workflow_the_migrations_made(page, run):
    """Browser tests empty the database after each test; the next must still find what the
    migrations made. Run twice, so the second run follows a browser test's clean-up."""
    from django.contrib.auth.models import Group
    from wagtail.models import Workflow

    from home.editorial import MODERATION_WORKFLOW

    page.goto("/")  # the browser's event loop is running, as in every browser test
    assert {"Communications", "Moderators", "Brokerage officers"} <= set(
        Group.objects.values_list("name", flat=True)
    )
    assert Workflow.objects.filter(name=MODERATION_WORKFLOW, active=True).exists()
