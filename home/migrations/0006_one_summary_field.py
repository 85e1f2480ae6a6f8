"""One summary per page, and one moderation workflow name.

Summary: every page type gets the one ``summary`` field (news, events and case studies
already had it). Text already written in the listing summary, or in Wagtail's meta
description, is copied into an empty summary (in the pages and in their saved revisions,
so drafts keep it too) before the listing summary is removed. Wagtail's
``search_description`` column stays, as Wagtail defines it, but is no longer edited or shown.

Moderation: the project's "News and case studies moderation" workflow is renamed
"Moderation" and takes over the whole site from Wagtail's default "Moderators approval"
workflow, which asked the same group for the same approval under a second name.
"""

from django.db import migrations, models

SUMMARY_HELP = (
    "One or two sentences saying what this page is about. Shown on cards and in search "
    "results that link to it, and by search engines and social media."
)
PAGE_MODELS = [
    "homepage",
    "standardpage",
    "forumindexpage",
    "forumpage",
    "clusterindexpage",
    "clusterpage",
    "newsindexpage",
    "newspage",
    "casestudyindexpage",
    "casestudypage",
    "eventindexpage",
    "eventpage",
    "surveypage",
]
HAD_SUMMARY = ["newspage", "eventpage", "casestudypage"]

PROJECT_WORKFLOW = "News and case studies moderation"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
MODERATION_WORKFLOW = "Moderation"


def fill_empty_summaries(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    for model_name in PAGE_MODELS:
        model = apps.get_model("home", model_name)
        # Values, not instances: the historical SurveyPage cannot be instantiated here.
        written = (
            model.objects.filter(summary="")
            .exclude(listing_summary="", search_description="")
            .values_list("pk", "listing_summary", "search_description")
        )
        for pk, listing_summary, meta_description in written:
            model.objects.filter(pk=pk).update(summary=listing_summary or meta_description)

        content_type = ContentType.objects.filter(app_label="home", model=model_name).first()
        if content_type is None:
            continue
        for revision in Revision.objects.filter(content_type=content_type).iterator():
            content = revision.content
            earlier = content.pop("listing_summary", None)
            written = earlier or content.get("search_description")
            if written and not content.get("summary"):
                content["summary"] = written
            if earlier is not None or written:
                revision.save(update_fields=["content"])


def one_moderation_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    ours = Workflow.objects.filter(name=PROJECT_WORKFLOW).first()
    default = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).first()
    survivor = ours or default
    if survivor is None:
        return
    survivor.name = MODERATION_WORKFLOW
    survivor.save(update_fields=["name"])
    if ours is None or default is None:
        return

    # Wherever the default applied (the root page, so the whole site), ours applies now.
    WorkflowPage.objects.filter(workflow=default).update(workflow=ours)
    WorkflowContentType.objects.filter(workflow=default).update(workflow=ours)
    if WorkflowState.objects.filter(workflow=default).exists():
        # Items already in it finish there; with no pages left, nothing new enters it.
        return
    task_ids = list(WorkflowTask.objects.filter(workflow=default).values_list("task", flat=True))
    default.delete()
    for task in Task.objects.filter(pk__in=task_ids):
        in_use = (
            WorkflowTask.objects.filter(task=task).exists()
            or TaskState.objects.filter(task=task).exists()
        )
        if not in_use:
            task.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_index_and_survey_bodies"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=model_name,
                name="summary",
                field=models.TextField(blank=True, help_text=SUMMARY_HELP),
            )
            for model_name in PAGE_MODELS
            if model_name not in HAD_SUMMARY
        ],
        *[
            migrations.AlterField(
                model_name=model_name,
                name="summary",
                field=models.TextField(help_text=SUMMARY_HELP),
            )
            for model_name in HAD_SUMMARY
        ],
        migrations.RunPython(fill_empty_summaries, migrations.RunPython.noop),
        migrations.RunPython(one_moderation_workflow, migrations.RunPython.noop),
        *[
            migrations.RemoveField(model_name=model_name, name="listing_summary")
            for model_name in PAGE_MODELS
        ],
    ]
