"""Site search: pages, organisations, offers and needs, and funding opportunities."""

import logging
from contextlib import nullcontext
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.template.response import TemplateResponse
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from portal import caching
from search import cache, fast, highlight, hits
from search.counting import all_pages, count_all
from search.normalise import MAX_LENGTH, normalise, words
from search.sources import (
    BY_KEY,
    CHOICE_LABELS,
    FACET_LABELS,
    PAGE_SOURCES,
    SOURCES,
    Facet,
    FacetOption,
    page_result,
    public_q,
    with_summary,
)

RESULTS_PER_PAGE = 10
# In "All", the best few of each kind, each group linking to the rest.
GROUP_SIZE = {"pages": 3, "organisations": 3, "resources": 3, "opportunities": 3}
FACET_OPTIONS_SHOWN = 12
AUTOCOMPLETE_LIMIT = 8
AUTOCOMPLETE_MIN_LENGTH = 2
logger = logging.getLogger(__name__)


def _clean_filters(source, params):
    """The facet values asked for that can be valid; anything else is ignored."""
    filters = {}
    for key in source.facet_keys if source else ():
        value = params.get(key, "")
        if key in CHOICE_LABELS:
            if value in CHOICE_LABELS[key]:
                filters[key] = value
        elif value.isascii() and value.isdigit() and len(value) < 10:
            filters[key] = int(value)
    return filters


def _link(params, **changes):
    """A query string for the search page: ``params`` with ``changes`` (None removes)."""
    merged = {k: v for k, v in params.items() if v not in (None, "")}
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(merged)


def _page(paginator, number):
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def _facets(source, backend, query, request, filters, params):
    facets, found = [], None
    for key in source.facet_keys:
        counts = source.facet_counts(backend, query, request, key, filters)
        if key == source.total_facet:
            found = counts.get(filters[key], 0) if key in filters else sum(counts.values())
        labels = source.facet_labels(key, list(counts))
        options = [
            FacetOption(str(value), labels.get(value, str(value)), count, filters.get(key) == value)
            for value, count in counts.items()
            if value not in (None, "") and value in labels
        ]
        options.sort(key=lambda o: (not o.selected, -o.count, o.label))
        for option in options:
            option.link = _link(
                params, page=None, **{key: None if option.selected else option.value}
            )
        if options:
            facets.append(Facet(key, FACET_LABELS[key], options[:FACET_OPTIONS_SHOWN]))
    return facets, found


def _marked(items, query):
    for item in items:
        item.title_html = highlight.mark(item.title, query)
        item.snippet_html = highlight.snippet(item.text, query)
    return items


def _share_site_roots(request, objects):
    """``objects``, each page among them given the sites' root paths read once a request.

    A page's ``url`` reads ``Site.get_site_root_paths()`` from the cache for every page
    (a round trip to the cache and unpickling each time: three on the "All" page, one for
    each page on a tab of pages). Wagtail keeps the paths on the request for
    ``{% pageurl %}``; the results share that copy. The paths are the same for every
    visitor, so the addresses, kept in shared answers, are what they were.
    """
    roots = None
    for obj in objects:
        if isinstance(obj, Page):
            if roots is None:
                roots = obj._get_site_root_paths(request)  # kept on the request
            obj._wagtail_cached_site_root_paths = roots
    return objects


def _answer(request, query, source, filters, params):
    """What ``_run`` finds, kept for visitors who may see the same things (``search.cache``).

    Only plain data is kept; the pagination is rebuilt around it. Returns the answer and
    whether it was worked out afresh (nobody had asked it since the content last changed).
    """
    audience = [s.audience(request) for s in SOURCES]
    key = (audience, query, sorted(params.items()))
    fresh = []

    def compute():
        fresh.append(True)
        return _run(request, query, source, filters, params)

    answer = cache.remember("answer", key, compute)
    if "results" in answer:
        answer = dict(answer)
        paginator = Paginator([], RESULTS_PER_PAGE)
        paginator.count = answer["found"]
        page = paginator.page(answer.pop("number"))
        page.object_list = answer.pop("results")
        answer.update(search_results=page, paginator=paginator)
    return answer, bool(fresh)


def _groups(groups, query, params):
    """The "All" page's groups: [(label, source key, count, results)] as the template wants."""
    return [
        {
            "label": label,
            "count": count,
            "items": _marked(items, query),
            "more": _link(params, type=key) if key and count > len(items) else None,
        }
        for label, key, count, items in groups
    ]


def _run_all_at_once(request, query, params):
    """The "All" page from one statement (``search.fast``), with the few results it shows."""
    others = SOURCES[len(PAGE_SOURCES) :]
    found, best = fast.answer(request, query, others, GROUP_SIZE)
    counts = {s.key: found.get(s.key, 0) for s in SOURCES}
    groups = []
    pages_found = sum(counts[s.key] for s in PAGE_SOURCES)
    if pages_found:
        pages = best.get("pages", [])
        pages = _share_site_roots(request, pages)
        groups.append(("Pages", None, pages_found, [page_result(p) for p in pages]))
    for s in others:
        if counts[s.key]:
            objects = best.get(s.key, [])
            groups.append((s.label, s.key, counts[s.key], s.results(objects, query)))
    return {
        "counts": counts,
        "total": sum(counts.values()),
        "groups": _groups(groups, query, params),
    }


def _run(request, query, source, filters, params):
    """Everything the page shows, from the search backend, as plain data."""
    backend = get_search_backend()
    if source is None and fast.applies(backend, query):
        return _run_all_at_once(request, query, params)
    # The pages are counted kind by kind in one search of all pages (``search.counting``).
    searches = {s.key: s.search(backend, query, request) for s in SOURCES[len(PAGE_SOURCES) :]}
    counts = count_all(backend, query, request, searches)
    context = {"counts": counts, "total": sum(counts.values())}
    if source is None:
        groups = []
        pages_found = sum(counts[s.key] for s in PAGE_SOURCES)
        if pages_found:
            found = backend.search(query, with_summary(all_pages(request)))
            found = _share_site_roots(request, cache.rows(found[: GROUP_SIZE["pages"]]))
            groups.append(("Pages", None, pages_found, [page_result(p) for p in found]))
        for s in SOURCES[len(PAGE_SOURCES) :]:
            if counts[s.key]:
                items = s.results(s.fetch(searches[s.key][: GROUP_SIZE[s.key]]), query)
                groups.append((s.label, s.key, counts[s.key], items))
        context["groups"] = _groups(groups, query, params)
        return context
    if filters or source.key not in searches:
        results = source.search(backend, query, request, filters)
    else:
        results = searches[source.key]
    context["facets"], found = _facets(source, backend, query, request, filters, params)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    if not filters:
        paginator.count = counts[source.key]  # already counted: no second query
    elif found is not None:
        paginator.count = found
    else:
        paginator.count = cache.count(results)
    page = _page(paginator, params.get("page", 1))
    objects = _share_site_roots(request, source.fetch(page.object_list))
    results = _marked(source.results(objects, query), query)
    context.update(results=results, number=page.number, found=paginator.count)
    return context


def _guarded():
    """Where a failed search must not spoil what follows: a savepoint inside a transaction
    (a PostgreSQL transaction refuses every statement after a failed one). Outside one, as
    in production (no ``ATOMIC_REQUESTS``), each statement commits on its own and a failure
    spoils nothing, so no transaction is opened: its BEGIN and COMMIT were two more round
    trips to the database on every search, for nothing."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def search(request):
    params = request.GET
    query = normalise(params.get("query", ""))
    source = BY_KEY.get(params.get("type", ""))
    filters = _clean_filters(source, params)
    # Only what the page itself understands goes into its links.
    kept = {"query": query.text, "type": source.key if source else None}
    kept.update({k: str(v) for k, v in filters.items()})
    if params.get("page", "").isascii() and params.get("page", "").isdigit():
        kept["page"] = params["page"]
    fresh = False
    context = {
        "search_query": query.text,
        "query_shortened": query.shortened,
        "max_query_length": MAX_LENGTH,
        "search_failed": False,
        "chosen_type": source.key if source else "all",
        "filters": filters,
        "pagination_query": urlencode({k: v for k, v in kept.items() if v and k != "page"}),
        "chosen_label": source.label if source else "",
        "all_types_query": urlencode({"query": query.text}),
        "remove_filters": _link(kept, page=None, **dict.fromkeys(filters)) if filters else None,
    }
    if query.text:
        try:
            # Search results are lazy: the backend parses the query when they are counted
            # or sliced, so that is where a query it cannot parse fails.
            with _guarded():
                if words(query.text):
                    answer, fresh = _answer(request, words(query.text), source, filters, kept)
                    context.update(answer)
                else:  # punctuation only: nothing to look for
                    counts = dict.fromkeys(BY_KEY, 0)
                    context.update(counts=counts, total=0, found=0, groups=[], facets=[])
        except DatabaseError:
            logger.warning("Search backend could not run the query %r", query.text, exc_info=True)
            context["search_failed"] = True
        else:
            context["types"] = _types(context["counts"], context["total"], kept)
            context["snippets"] = True
    # Promotions count what people search for: a new search, not its later pages or filters,
    # and not blanks, failures or forgeries.
    if (
        query.text
        and not context["search_failed"]
        and not query.had_control_characters
        and source is None
        and "page" not in params
    ):
        hits.add_hit(query.text)
    response = TemplateResponse(request, "search/search.html", context)
    # Most searches are asked once. The answer is kept (``search.cache``); the whole page
    # (``portal.page_cache``) only from the second time it is asked, so that a new question
    # does not store a page nobody will ask for again.
    response.page_cache_exempt = fresh and caching.enabled()
    return response


def _types(counts, total, params):
    chosen = params.get("type")
    types = [
        {"label": "All", "count": total, "link": _link(params, type=None, page=None), "key": None}
    ]
    for source in SOURCES:
        types.append(
            {
                "label": source.label,
                "count": counts[source.key],
                # A facet of one kind means nothing to another, so changing kind drops them.
                "link": "?" + urlencode({"query": params["query"], "type": source.key}),
                "key": source.key,
            }
        )
    for kind in types:
        kind["selected"] = kind["key"] == chosen
    return types


def autocomplete(request):
    """Up to eight titles and addresses for the header search box, as JSON."""
    query = normalise(request.GET.get("query", ""))
    suggestions = []
    text = words(query.text).replace('"', "")
    if len(text) >= AUTOCOMPLETE_MIN_LENGTH:
        try:
            with _guarded():
                audience = [
                    s.audience(request) if s else repr(public_q(request)) for s in _SUGGESTERS
                ]
                suggestions = cache.remember(
                    "autocomplete", (audience, text), lambda: _suggestions(request, text)
                )
        except DatabaseError:
            logger.warning("Autocomplete could not run %r", query.text, exc_info=True)
            suggestions = []
    return JsonResponse(
        {"query": query.text, "results": suggestions},
        headers={"Cache-Control": "private, max-age=60"},
    )


def _suggestions(request, text):
    backend = get_search_backend()
    if fast.applies(backend, text):  # PostgreSQL: every kind in one statement
        found = fast.suggestions(request, text, _SUGGESTERS[1:], AUTOCOMPLETE_LIMIT)
        return _interleave(
            [
                [(s.kind if s else "Page", item, s) for item in _share_site_roots(request, items)]
                for s, items in zip(_SUGGESTERS, found, strict=True)
            ]
        )
    suggestions = []
    for source in _SUGGESTERS:
        queryset = source.queryset(request) if source else all_pages(request)
        found = _share_site_roots(
            request, list(backend.autocomplete(text, queryset)[:AUTOCOMPLETE_LIMIT])
        )
        suggestions.append([(source.kind if source else "Page", item, source) for item in found])
    return _interleave(suggestions)


# Pages (all kinds together), then organisations, offers and needs, opportunities.
_SUGGESTERS = [None] + SOURCES[len(PAGE_SOURCES) :]


def _interleave(lists):
    """Take from each kind in turn, so one kind cannot fill the list."""
    out = []
    while any(lists) and len(out) < AUTOCOMPLETE_LIMIT:
        for items in lists:
            if items and len(out) < AUTOCOMPLETE_LIMIT:
                kind, item, source = items.pop(0)
                if source is None:
                    out.append({"title": item.title, "url": item.url, "kind": "Page"})
                else:
                    result = source.result(item)
                    out.append({"title": result.title, "url": result.url, "kind": result.kind})
    return out
