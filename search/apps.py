from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"

    def ready(self):
        from django_tasks.signals import task_finished

        task_finished.connect(index_updated, dispatch_uid="shoal-search-index-updated")


def index_updated(sender, task_result, **kwargs):
    """The search index caught up with a change: what searches find has changed.

    Saving content moves the content generation on at once, but the index entry is written
    later by a background task (``db_worker`` in production); a search in between would keep
    the old answer (and an anonymous visitor's whole search page) under the new generation.
    """
    if task_result.task.module_path.startswith("modelsearch."):
        from portal import caching

        caching.invalidate()
