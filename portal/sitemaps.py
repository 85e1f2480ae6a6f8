"""The sitemap: Wagtail's, reading every page in one query instead of one per page type.

Wagtail's own ``Sitemap.items()`` ends in ``.specific()``, which costs one query per page
type in the site (16 here), so that a page type could override ``get_sitemap_urls``. None of
ours does (``tests/public/test_community_page_types.py`` checks it), and the base ``Page``
gives the same address and date, so the generic pages are enough.
"""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap


class PageSitemap(Sitemap):
    def items(self):
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .only("path", "url_path", "last_published_at", "latest_revision_created_at")
        )


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": PageSitemap})
