"""One way to paginate a listing: a bad or out-of-range page number never raises."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(request, items, per_page, param="page"):
    """Return (page of items, paginator) for the page number in ``request.GET[param]``."""
    paginator = Paginator(items, per_page)
    try:
        page = paginator.page(request.GET.get(param, 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return page, paginator
