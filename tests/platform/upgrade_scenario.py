"""Upgrading a site from before migration 0006, run in its own process and database.

``tests/test_editorial.py`` runs ``python -m tests.platform.upgrade_scenario`` with a fresh SQLite
file as ``DATABASE_URL``: migrating the shared test database backwards and forwards would
leave it in a state the live-server tests after it cannot restore.
"""

import django

BEFORE = [("home", "0005_index_and_survey_bodies")]
AFTER = [("home", "0006_one_summary_field")]


def migrate_to(targets):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def add_old_workflows(old, root):
    """The two workflows a site had before: the project's, and Wagtail's default on root."""
    from home.editorial import MODERATION_TASK

    model = old.get_model
    model("wagtailcore", "Workflow").objects.all().delete()
    model("wagtailcore", "Task").objects.all().delete()
    moderators, _ = model("auth", "Group").objects.get_or_create(name="Moderators")
    task_type, _ = model("contenttypes", "ContentType").objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    for workflow_name, task_name in (
        ("News and case studies moderation", MODERATION_TASK),
        ("Moderators approval", "Moderators approval"),
    ):
        workflow = model("wagtailcore", "Workflow").objects.create(name=workflow_name)
        task = model("wagtailcore", "GroupApprovalTask").objects.create(
            name=task_name, active=True, content_type=task_type
        )
        task.groups.add(moderators)
        model("wagtailcore", "WorkflowTask").objects.create(
            workflow=workflow, task=task, sort_order=0
        )
    model("wagtailcore", "WorkflowPage").objects.create(page_id=root.pk, workflow=workflow)


def upgrade_keeps_what_editors_wrote_and_leaves_one_moderation_workflow():
    from wagtail.models import Task, Workflow

    from home.editorial import MODERATION_TASK, MODERATION_WORKFLOW
    from home.models import ForumPage, StandardPage
    from tests.factories import (
        ForumIndexPageFactory,
        ForumPageFactory,
        StandardPageFactory,
        make_site,
    )

    home = make_site()
    forum = ForumPageFactory(parent=ForumIndexPageFactory(parent=home), title="Youth Forum")
    about = StandardPageFactory(parent=home, title="About us")
    forum.save_revision()  # a draft saved before the upgrade

    old = migrate_to(BEFORE)
    # As the site stood: text in the listing summary and Wagtail's meta description, and
    # two workflows asking the Moderators the same thing under two names.
    old.get_model("home", "ForumPage").objects.filter(pk=forum.pk).update(
        listing_summary="Youth clubs working together."
    )
    old.get_model("home", "StandardPage").objects.filter(pk=about.pk).update(
        search_description="Who we are."
    )
    revision = old.get_model("wagtailcore", "Revision").objects.get(object_id=str(forum.pk))
    revision.content["listing_summary"] = "Youth clubs working together."
    revision.save()
    add_old_workflows(old, root=home.get_parent())
    migrate_to(AFTER)
    forum = ForumPage.objects.get(pk=forum.pk)
    assert forum.summary == "Youth clubs working together."
    assert forum.get_latest_revision_as_object().summary == "Youth clubs working together."
    assert StandardPage.objects.get(pk=about.pk).summary == "Who we are."
    assert list(Workflow.objects.values_list("name", flat=True)) == [MODERATION_WORKFLOW]
    assert list(Task.objects.values_list("name", flat=True)) == [MODERATION_TASK]
    assert forum.get_workflow().name == MODERATION_WORKFLOW


if __name__ == "__main__":
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    upgrade_keeps_what_editors_wrote_and_leaves_one_moderation_workflow()
    print("upgrade scenario passed")
