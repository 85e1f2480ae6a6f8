"""An upgrade loses no queued email or job: tasks queued under the old module paths (before
consortium/ was cut into domain packages) are pointed at the new ones by a migration, and
each new path is a task the worker can run."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

migration = importlib.import_module("consortium.migrations.0013_queued_tasks_follow_the_domains")

pytestmark = pytest.mark.django_db


def queue(path):
    return DBTaskResult.objects.create(
        task_path=path,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )


@pytest.mark.parametrize("old, new", sorted(migration.MOVED.items()))
def test_a_task_queued_under_its_old_path_runs_under_its_new_one(old, new):
    waiting = queue(old)
    untouched = queue("home.something.else")

    migration.forwards(apps, None)

    waiting.refresh_from_db()
    untouched.refresh_from_db()
    assert waiting.task_path == new
    assert isinstance(import_string(new), Task)
    assert untouched.task_path == "home.something.else"

    migration.backwards(apps, None)
    waiting.refresh_from_db()
    assert waiting.task_path == old
