"""Forums and clusters an organisation belongs to, without importing the pages app.

The public site (``home``) keeps each forum's and cluster's member organisations as
links from the page; ``settings.SHOAL_GROUP_LINK_MODELS`` names those link models
(each with ``page`` and ``organisation`` foreign keys), so that this app can ask
"which groups is this organisation in?" while depending only on the setting.
"""

from django.apps import apps
from django.conf import settings
from wagtail.models import Page

from portal.repeated import public, remember


def link_models():
    return [apps.get_model(label) for label in getattr(settings, "SHOAL_GROUP_LINK_MODELS", [])]


def _ids(queries):
    """The ids the per-model queries give, all in one query (a UNION)."""
    queries = [query.order_by() for query in queries]
    if not queries:
        return set()
    return set(queries[0].union(*queries[1:]))


def group_ids(organisation_ids):
    """The page ids of the forums and clusters any of these organisations belongs to."""
    organisation_ids = list(organisation_ids)
    return _ids(
        model.objects.filter(organisation_id__in=organisation_ids).values_list("page_id", flat=True)
        for model in link_models()
    )


def organisation_ids_sharing_a_group(organisation_ids):
    """The ids of the organisations in a forum or cluster with any of these organisations.

    One query for every kind of group together (the groups are a subquery), asked once per
    content generation: joining or leaving a group moves the generation on. Every signed-in
    member's resources list and listing pages ask it.
    """
    organisation_ids = sorted(organisation_ids)

    def compute():
        return frozenset(
            _ids(
                model.objects.filter(
                    page_id__in=model.objects.filter(organisation_id__in=organisation_ids).values(
                        "page_id"
                    )
                ).values_list("organisation_id", flat=True)
                for model in link_models()
            )
        )

    return remember("sharing-a-group", *organisation_ids, compute=compute, local=True)


def organisation_ids_in(page_ids):
    """The ids of the organisations that belong to any of these forums or clusters."""
    page_ids = list(page_ids)
    return _ids(
        model.objects.filter(page_id__in=page_ids).values_list("organisation_id", flat=True)
        for model in link_models()
    )


def groups_of(organisation):
    """The live forum and cluster pages an organisation belongs to, by title."""
    return public(Page.objects.live()).filter(id__in=group_ids([organisation.pk])).order_by("title")


def all_groups():
    """Every live forum and cluster page that has members, by title (for filters)."""
    ids = set()
    for model in link_models():
        ids.update(model.objects.values_list("page_id", flat=True))
    return public(Page.objects.live()).filter(id__in=ids).order_by("title")
