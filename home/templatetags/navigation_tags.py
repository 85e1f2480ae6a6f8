"""Navigation built from the page tree: the main menu and the breadcrumbs."""

from django import template
from wagtail.models import Page, Site

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """Top-level pages marked "show in menus", in tree order: one query."""
    request = context.get("request")
    current = context.get("page")
    root = _site_root(request)
    items = []
    if root is not None:
        for child in Page.objects.child_of(root).live().public().in_menu().order_by("path"):
            active = bool(current and current.path.startswith(child.path))
            exact = bool(current and current.pk == child.pk)
            items.append({"page": child, "active": active, "exact": exact})
    return {"items": items, "root": root, "request": request}


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The current page's ancestors below the site root (the root itself is "Home")."""
    current = context.get("page")
    if current is None or current.depth <= 2:
        return {"ancestors": []}
    ancestors = Page.objects.ancestor_of(current).filter(depth__gte=2).order_by("depth")
    return {"ancestors": list(ancestors), "current": current}
