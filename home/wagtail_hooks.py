"""Admin registration for the public site: snippets, the moderation workflow, dashboard panels."""

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.editorial import require_moderation
from home.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    EventIndexPage,
    EventPage,
    Fund,
    NewsIndexPage,
    NewsPage,
)
from home.models.surveys import VIEW_ANSWERS_PERMISSION

RECENT_COUNT = 8
page_permission_policy = PagePermissionPolicy()


class FundViewSet(SnippetViewSet):
    model = Fund
    icon = "tag"
    menu_label = "Funds"
    list_display = ["name", "funder"]
    search_fields = ["name", "funder"]


register_snippet(FundViewSet)


@hooks.register("after_create_page")
def moderate_news_and_case_studies(request, page):
    """A new news or case study index puts everything under it through moderation."""
    if isinstance(page.specific, NewsIndexPage | CaseStudyIndexPage):
        require_moderation(page)


class AddContentPanel(Component):
    """Buttons for what communications staff write most, so nobody has to hunt the page tree.

    Each opens the add form under the first live index of its kind the user may add to;
    without one, Wagtail's own "choose a parent" page lets them pick (or explains why not).
    """

    name = "add_content"
    order = 50
    template_name = "home/admin/add_content_panel.html"
    ACTIONS = [
        ("Add news", NewsIndexPage, NewsPage),
        ("Add event", EventIndexPage, EventPage),
        ("Add case study", CaseStudyIndexPage, CaseStudyPage),
    ]

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        actions = []
        for label, index_model, page_model in self.ACTIONS:
            url = self.add_url(user, index_model, page_model)
            if url:
                actions.append({"label": label, "url": url})
        return {"actions": actions}

    @staticmethod
    def add_url(user, index_model, page_model):
        app_label, model_name = page_model._meta.app_label, page_model._meta.model_name
        for index_page in index_model.objects.live().order_by("path"):
            if index_page.permissions_for_user(user).can_add_subpage():
                return reverse(
                    "wagtailadmin_pages:add", args=[app_label, model_name, index_page.pk]
                )
        if page_permission_policy.user_has_permission(user, "add"):
            return reverse("wagtailadmin_pages:choose_parent", args=[app_label, model_name])
        return None


class RecentlyPublishedPanel(Component):
    name = "recently_published"
    order = 95
    template_name = "home/admin/recently_published_panel.html"

    def get_context_data(self, parent_context):
        pages = (
            Page.objects.live()
            .filter(last_published_at__lte=timezone.now())
            .exclude(depth__lte=1)
            .order_by("-last_published_at")[:RECENT_COUNT]
        )
        return {"pages": pages}


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    # What awaits moderation is Wagtail's own: "Awaiting your review" for moderators (with
    # approve and request changes), "Your pages in a workflow" for whoever submitted them.
    panels.append(AddContentPanel())
    panels.append(RecentlyPublishedPanel())


@hooks.register("filter_form_submissions_for_user")
def only_survey_managers_see_answers(user, editable_forms):
    """Survey answers hold personal data (email addresses, free text about people).

    Wagtail shows a form's answers to anyone who may edit the form page; we also require
    the permission to view survey responses (Moderators and Survey managers). This one
    rule covers the Forms menu, the answers list, its CSV/XLSX export and deleting answers.
    """
    if user.has_perm(VIEW_ANSWERS_PERMISSION):
        return editable_forms
    return editable_forms.none()


@hooks.register("register_permissions")
def survey_answers_permission():
    """Let admins give a group "Survey response: Can view" under Settings → Groups."""
    app_label, codename = VIEW_ANSWERS_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
