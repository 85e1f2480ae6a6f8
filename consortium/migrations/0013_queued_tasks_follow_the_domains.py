"""Background tasks queued before ``consortium/`` was cut into domain packages name their code
by its old dotted path (django-tasks-db stores ``task_path``). Point the ones still waiting at
the new paths, so an upgrade loses no queued email or job."""

from django.db import migrations

MOVED = {
    "consortium.tasks.send_email": "consortium.notifications.tasks.send_email",
    "consortium.buying.run_buying_jobs": "consortium.buying.rules.run_buying_jobs",
    "consortium.listings.run_brokerage_jobs": "consortium.brokerage.rules.run_brokerage_jobs",
    "consortium.vault.send_document_reminders_task": (
        "consortium.organisations.vault.send_document_reminders_task"
    ),
}


def follow(apps, schema_editor, moves):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in moves.items():
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    follow(apps, schema_editor, MOVED)


def backwards(apps, schema_editor):
    follow(apps, schema_editor, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("consortium", "0012_listing_open_by_category"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
