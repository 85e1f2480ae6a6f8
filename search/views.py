"""Site search over the public pages."""

import logging

from django.db import DatabaseError, transaction
from django.template.response import TemplateResponse
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from portal.pagination import paginate
from search.normalise import MAX_LENGTH, normalise

RESULTS_PER_PAGE = 10
logger = logging.getLogger(__name__)


def search(request):
    query = normalise(request.GET.get("query", ""))
    results = Page.objects.none()
    if query.text:
        results = Page.objects.live().public().specific().search(query.text)
    try:
        # Search results are lazy: the backend parses the query only when the paginator
        # counts and slices them, so that is where a query it cannot parse fails. The
        # savepoint keeps a failed query from spoiling the rest of a PostgreSQL transaction.
        with transaction.atomic():
            page, paginator = paginate(request, results, RESULTS_PER_PAGE)
            page.object_list = list(page.object_list)
        search_failed = False
    except DatabaseError:
        logger.warning("Search backend could not run the query %r", query.text, exc_info=True)
        page, paginator = paginate(request, Page.objects.none(), RESULTS_PER_PAGE)
        search_failed = True
    # Promotions count what people really search for: not blanks, failures or forgeries.
    if query.text and not search_failed and not query.had_control_characters:
        Query.get(query.text).add_hit()
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query.text,
            "query_shortened": query.shortened,
            "max_query_length": MAX_LENGTH,
            "search_failed": search_failed,
            "search_results": page,
            "paginator": paginator,
        },
    )
