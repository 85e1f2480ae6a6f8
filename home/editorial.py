"""The editorial workflow: which pages need a moderator's approval before they go live."""

from wagtail.models import Workflow, WorkflowPage

MODERATION_WORKFLOW = "News and case studies moderation"


def moderation_workflow():
    return Workflow.objects.filter(name=MODERATION_WORKFLOW, active=True).first()


def require_moderation(page):
    """Make news or case studies under ``page`` go through the moderation workflow."""
    workflow = moderation_workflow()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
