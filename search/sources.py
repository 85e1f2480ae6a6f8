"""What the site search looks through: one source per kind of result.

Each source knows the things the visitor may see (pages that are live and public; the
organisations, offers and needs and opportunities ``consortium.permissions`` allows), its
facets, and how to show one result. Every search goes through Wagtail's search backend
(``get_search_backend``), so the database backend and Elasticsearch or OpenSearch give the
same page.
"""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from wagtail.models import Page

from consortium import permissions
from consortium.models import Area, Category, Listing, Opportunity, Organisation
from home.models import (
    BasePage,
    CaseStudyPage,
    ClusterMember,
    ClusterPage,
    EventPage,
    ForumMember,
    ForumPage,
    NewsPage,
)
from portal import repeated
from search import cache

# How many matching organisations the forum and cluster counts look at when the backend
# cannot hand over the matches as a database subquery (Elasticsearch, OpenSearch).
FACET_SCAN_LIMIT = 1000


@dataclass
class Result:
    kind: str
    title: str
    url: str
    text: str = ""
    details: list = field(default_factory=list)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    key: str
    label: str
    options: list


def matching_pks(results, limit=FACET_SCAN_LIMIT):
    """The primary keys of every match: a subquery on the database backends, else a list."""
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is not None:
        return get_queryset().order_by().values("pk")
    return [obj.pk for obj in results[:limit]]


class Source:
    """One kind of thing the search finds."""

    key = ""
    label = ""  # plural, for the filter: "Organisations"
    kind = ""  # singular, shown on each result: "Organisation"
    facet_keys = ()
    # A facet every item has exactly one value of: its counts add up to the number found,
    # so the page need not count the results again.
    total_facet = None

    def queryset(self, request):
        raise NotImplementedError

    def audience(self, request):
        """What decides which items the visitor may see: the SQL of ``queryset``.

        Visitors share search answers kept in the cache (``search.cache``) only when this
        is the same for every source.
        """
        return visible_sql(request, self.key, self.queryset(request).order_by().values("pk"))

    def search(self, backend, query, request, filters=None):
        queryset = self.queryset(request)
        for key, value in (filters or {}).items():
            queryset = self.apply_facet(queryset, key, value)
        return backend.search(query, queryset)

    def apply_facet(self, queryset, key, value):
        return queryset.filter(**{key: value})

    def facet_counts(self, backend, query, request, key, filters):
        """{value: count} for one facet, with the visitor's other facets applied."""
        others = {k: v for k, v in filters.items() if k != key}
        return cache.facet(self.search(backend, query, request, others), key)

    def facet_labels(self, key, values):
        return {}

    def fetch(self, results):
        """The objects of one page of results, ready for ``result``."""
        return cache.rows(results)

    def results(self, objects, query):
        return [self.result(obj) for obj in objects]


CHOICE_LABELS = {"area": dict(Area.choices), "category": dict(Category.choices)}


class PageSource(Source):
    """Live, public pages of one type (or, for ``model=None``, the other pages)."""

    def __init__(self, key, label, kind, model, facet_keys=()):
        self.key, self.label, self.kind, self.model = key, label, kind, model
        self.facet_keys = facet_keys

    def queryset(self, request):
        if self.model is not None:
            return self.model.objects.live().filter(public_q(request))
        return with_summary(
            Page.objects.live()
            .filter(public_q(request), depth__gt=1)
            .exclude(content_type__in=main_types())
        )

    def apply_facet(self, queryset, key, value):
        return queryset.filter(**{f"{key}_id": value})

    def audience(self, request):
        # Pages depend on the visitor only through the view restrictions, which exclude
        # private sections for everyone; their SQL would cost far more to build.
        return repr(public_q(request))

    def facet_counts(self, backend, query, request, key, filters):
        others = {k: v for k, v in filters.items() if k != key}
        # Wagtail's search facets a foreign key by its column name.
        return cache.facet(self.search(backend, query, request, others), f"{key}_id")

    def facet_labels(self, key, values):
        model = ForumPage if key == "forum" else ClusterPage
        return dict(
            model.objects.filter(pk__in=[v for v in values if v]).values_list("pk", "title")
        )

    def result(self, page):
        if self.model is None:
            return page_result(page)
        return Result(self.kind, page.title, page.url, page.card_text or "")


class OrganisationSource(Source):
    key, label, kind = "organisations", "Organisations", "Organisation"
    facet_keys = ("area", "forum", "cluster")
    total_facet = "area"
    links = {"forum": ForumMember, "cluster": ClusterMember}

    def queryset(self, request):
        return permissions.visible_organisations(
            request.user,
            Organisation.objects.only("name", "slug", "short_description", "area", "locality"),
        )

    def apply_facet(self, queryset, key, value):
        if key in self.links:
            ids = (
                self.links[key]
                .objects.filter(page_id=value)
                .values_list("organisation_id", flat=True)
            )
            return queryset.filter(pk__in=list(ids))
        return super().apply_facet(queryset, key, value)

    def facet_counts(self, backend, query, request, key, filters):
        if key not in self.links:
            return super().facet_counts(backend, query, request, key, filters)
        others = {k: v for k, v in filters.items() if k != key}
        matches = matching_pks(self.search(backend, query, request, others))
        counted = (
            self.links[key]
            .objects.filter(organisation_id__in=matches, page__live=True)
            .values("page_id", "page__title")
            .annotate(count=Count("organisation_id"))
            .order_by("-count")
        )
        rows = cache.remember_query(f"links-{key}", counted, lambda: list(counted))
        # The titles come with the counts, so the labels cost no second query.
        self._labels = {row["page_id"]: row["page__title"] for row in rows}
        return OrderedDict((row["page_id"], row["count"]) for row in rows)

    def facet_labels(self, key, values):
        if key in self.links:
            return self._labels
        return CHOICE_LABELS[key]

    def result(self, organisation):
        details = [organisation.get_area_display()]
        if organisation.locality:
            details.insert(0, organisation.locality)
        return Result(
            self.kind,
            organisation.name,
            reverse("organisations:profile", args=[organisation.slug]),
            organisation.short_description,
            details,
        )


class ListingSource(Source):
    key, label, kind = "resources", "Offers and needs", "Offer or need"
    facet_keys = ("category", "area")
    total_facet = "category"

    def queryset(self, request):
        return permissions.visible_listings(
            request.user, Listing.objects.select_related("organisation")
        )

    def facet_labels(self, key, values):
        return CHOICE_LABELS[key]

    def result(self, listing):
        return Result(
            listing.get_kind_display(),
            listing.title,
            reverse("listings:detail", args=[listing.pk]),
            listing.description,
            [listing.get_category_display(), listing.get_area_display(), listing.organisation.name],
        )


class OpportunitySource(Source):
    key, label, kind = "opportunities", "Funding opportunities", "Funding opportunity"
    facet_keys = ("area",)
    total_facet = "area"

    def queryset(self, request):
        return permissions.visible_opportunities(request.user, Opportunity.objects.all())

    def facet_labels(self, key, values):
        return CHOICE_LABELS[key]

    def result(self, opportunity):
        return Result(
            opportunity.get_kind_display(),
            opportunity.title,
            opportunity.get_absolute_url(),
            opportunity.description,
            [opportunity.funder, opportunity.get_area_display()],
        )


GROUP_FACETS = ("forum", "cluster")
PAGE_SOURCES = [
    PageSource("forums", "Forums", "Forum", ForumPage),
    PageSource("clusters", "Clusters", "Cluster", ClusterPage),
    PageSource("news", "News", "News", NewsPage, GROUP_FACETS),
    PageSource("case-studies", "Case studies", "Case study", CaseStudyPage, GROUP_FACETS),
    PageSource("events", "Events", "Event", EventPage, GROUP_FACETS),
    PageSource("pages", "Other pages", "", None),
]
PAGE_KINDS = {source.model: source.kind for source in PAGE_SOURCES if source.model}
SOURCES = PAGE_SOURCES + [OrganisationSource(), ListingSource(), OpportunitySource()]
BY_KEY = {source.key: source for source in SOURCES}
FACET_LABELS = {"forum": "Forum", "cluster": "Cluster", "area": "Area", "category": "Category"}


def main_types():
    return [
        ContentType.objects.get_for_model(source.model).pk
        for source in PAGE_SOURCES
        if source.model is not None
    ]


def visible_sql(request, key, queryset):
    """(SQL, params) of ``queryset``: the keys of what the visitor may see of one kind,
    worked out once per request (the cache key of an answer and the fast path share it).
    "empty" when Django knows there is nothing without asking."""
    kept = request.__dict__.setdefault("_shoal_visible_sql", {})
    if key not in kept:
        kept[key] = cache.sql_of(queryset)
    return kept[key]


def public_q(request):
    """Wagtail's test for pages without view restrictions, worked out once per request.

    The private sections are read once per content generation (``portal.repeated``, as for
    every page's menus): saving or deleting a view restriction moves the generation on."""
    if not hasattr(request, "_shoal_public_q"):
        private = repeated.remember(
            "private-pages", compute=lambda: Page.objects.all().private_q(), local=True
        )
        request._shoal_public_q = ~private
    return request._shoal_public_q


def page_types(base=BasePage):
    """Every concrete page type of the site (whose own table keeps its summary)."""
    for subclass in base.__subclasses__():
        if not subclass._meta.abstract:
            yield subclass
        yield from page_types(subclass)


def with_summary(queryset):
    """Pages with the summary their own type keeps, in the same query (not one per type)."""
    summaries = [
        Subquery(model.objects.filter(pk=OuterRef("pk")).values("summary")[:1])
        for model in dict.fromkeys(page_types())
    ]
    return queryset.annotate(summary_text=Coalesce(*summaries, Value(""), output_field=TextField()))


def page_result(page):
    """A result for a page of any type, fetched as a plain ``Page`` with ``with_summary``."""
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    kind = PAGE_KINDS.get(model, "Page")
    return Result(kind, page.title, page.url, getattr(page, "summary_text", "") or "")
