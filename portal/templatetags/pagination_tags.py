"""Links to other pages of a listing that keep the listing's query string intact."""

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def page_link(context, number, extra_query=None, param="page"):
    """``?<filters>&page=<number>``, built with ``urlencode`` so that any text survives.

    ``extra_query`` is the listing's own query string (already encoded, as
    ``QueryDict.urlencode()`` gives it) or a dict of parameters; without it the current
    request's parameters are kept. Either way ``param`` (``page`` unless a page has two
    lists) is replaced.
    """
    if isinstance(extra_query, dict):
        query = QueryDict(mutable=True)
        for key, value in extra_query.items():
            query[key] = value
    elif extra_query:
        query = QueryDict(extra_query, mutable=True)
    else:
        request = context.get("request")
        query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[param or "page"] = str(number)
    return "?" + query.urlencode()


@register.simple_tag
def page_numbers(page_obj):
    """The page numbers to link to: the first and last, and a few around the current one,
    with an ellipsis between (so a search with thousands of results stays a short list)."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
