"""Navigation built from the page tree: the main menu and the breadcrumbs.

Both are the same for every visitor until the page tree changes, so the pages they list are
read once per content generation (``portal.repeated``); which item is the current one is
worked out per request, after reading them.
"""

from django import template
from wagtail.models import Page, Site

from portal.repeated import public, remember

register = template.Library()


def _site(request):
    return Site.find_for_request(request) if request else None


def _menu_pages(request, site):
    """Title, address and tree path of the site's top-level pages marked "show in menus"."""
    pages = public(Page.objects.child_of(site.root_page).live()).in_menu().order_by("path")
    return [
        {"title": page.title, "url": page.get_url(request), "path": page.path, "pk": page.pk}
        for page in pages
    ]


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """Top-level pages marked "show in menus", in tree order, the current one marked."""
    request = context.get("request")
    current = context.get("page")
    site = _site(request)
    items = []
    if site is not None:
        for item in remember(
            "menu", site.pk, compute=lambda: _menu_pages(request, site), local=True
        ):
            active = bool(current and current.path.startswith(item["path"]))
            exact = bool(current and current.pk == item["pk"])
            items.append({**item, "active": active, "exact": exact})
    return {"items": items, "root": site.root_page if site else None, "request": request}


def _ancestors(request, page):
    ancestors = Page.objects.ancestor_of(page).filter(depth__gte=2).order_by("depth")
    return [{"title": ancestor.title, "url": ancestor.get_url(request)} for ancestor in ancestors]


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The current page's ancestors below the site root (the root itself is "Home")."""
    current = context.get("page")
    if current is None or getattr(current, "depth", 0) <= 2 or not current.pk:
        return {"ancestors": []}
    request = context.get("request")
    site = _site(request)
    ancestors = remember(
        "breadcrumbs",
        site.pk if site else None,
        current.pk,
        compute=lambda: _ancestors(request, current),
        local=True,
    )
    return {"ancestors": ancestors, "current": current}
