"""The editorial workflow: which pages need a moderator's approval before they go live.

There is one workflow, "Moderation" (one task, "Moderator approval", for the Moderators
group), on the whole site; news and case study indexes are also given it by name, so they
stay moderated even if the site-wide default is changed.
"""

from wagtail.models import Workflow, WorkflowPage

MODERATION_WORKFLOW = "Moderation"
MODERATION_TASK = "Moderator approval"


def moderation_workflow():
    return Workflow.objects.filter(name=MODERATION_WORKFLOW, active=True).first()


def require_moderation(page):
    """Make news or case studies under ``page`` go through the moderation workflow."""
    workflow = moderation_workflow()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
