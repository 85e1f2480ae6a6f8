"""One way to paginate a listing: a bad or out-of-range page number never raises."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(request, items, per_page, param="page", count=None):
    """Return (page of items, paginator) for the page number in ``request.GET[param]``.

    ``count``, when the caller knows how many items there are (from the cache), saves
    counting them again in the database.
    """
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: this value is used instead
    try:
        page = paginator.page(request.GET.get(param, 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return page, paginator
