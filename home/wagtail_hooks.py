"""Admin registration for the public site: snippets, the moderation workflow, dashboard panels."""

from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.editorial import require_moderation
from home.models import CaseStudyIndexPage, Fund, NewsIndexPage
from home.models.surveys import VIEW_ANSWERS_PERMISSION

RECENT_COUNT = 8


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


class AwaitingModerationPanel(Component):
    """What is waiting for a moderator, so communications staff can see where things are."""

    name = "awaiting_moderation"
    order = 90
    template_name = "home/admin/awaiting_moderation_panel.html"

    def get_context_data(self, parent_context):
        states = (
            WorkflowState.objects.active()
            .select_related("current_task_state__task", "requested_by", "workflow")
            .order_by("-created_at")[:RECENT_COUNT]
        )
        items = []
        for state in states:
            content = state.content_object
            if isinstance(content, Page):
                items.append({"page": content, "state": state})
        return {"items": items}


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
    panels.append(AwaitingModerationPanel())
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
