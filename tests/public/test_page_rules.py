"""Where each page type may live, and that each one routes and renders."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import HomePage, StandardPage, SurveyPage
from tests.factories import StandardPageFactory, make_site


class PageRulesTests(WagtailPageTestCase):
    def setUp(self):
        self.home = make_site()

    def test_home_page_lives_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)

    def test_standard_pages_live_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage, SurveyPage})
        self.assertCanCreateAt(HomePage, StandardPage)

    def test_pages_are_routable_and_renderable(self):
        page = StandardPageFactory(parent=self.home, title="How to join", slug="how-to-join")
        self.assertPageIsRoutable(self.home)
        self.assertPageIsRenderable(self.home)
        self.assertPageIsRoutable(page)
        self.assertPageIsRenderable(page)
        self.assertPageIsPreviewable(
            page,
            post_data=nested_form_data(
                {
                    "title": page.title,
                    "slug": page.slug,
                    "introduction": "Welcome",
                    "body": streamfield([]),
                }
            ),
        )

    def test_editor_can_create_a_standard_page_in_the_admin(self):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
        self.client.force_login(user)
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Privacy notice",
                    "slug": "privacy-notice",
                    "introduction": "How we use your information.",
                    "body": streamfield([("heading", {"text": "Your rights", "level": "h2"})]),
                }
            ),
        )
