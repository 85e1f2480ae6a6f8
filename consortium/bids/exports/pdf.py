"""A joint bid as a tagged, accessible PDF: WeasyPrint, one base print template, and a URL
fetcher that reads only the project's own static files and media from disk.

The document is built from escaped template output, so text people typed can never add an
image or a stylesheet. The fetcher is the second wall: whatever the HTML asks for, it never
opens a remote address or a ``file://`` path.
"""

import logging
import mimetypes
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

TEMPLATE = "consortium/bids/export_pdf.html"
# Relative URLs in the document resolve against this made-up origin (".invalid" can never
# be a real address); the fetcher maps its /static/ and /media/ paths to files on disk.
BASE_URL = "https://export.shoal.invalid/"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

logger = logging.getLogger(__name__)


class Refused(ValueError):
    """The document asked for something outside the project's static files and media."""


class RestrictedURLFetcher(URLFetcher):
    """Serves ``/static/…`` and ``/media/…`` of the export origin from disk; refuses the rest.

    ``fetched`` and ``refused`` list the URLs asked for, for logs and tests.
    """

    def __init__(self):
        super().__init__(allowed_protocols=["https"], allow_redirects=False)
        self.fetched, self.refused = [], []

    def fetch(self, url, headers=None):
        try:
            path = self.local_path(url)
        except Refused as refusal:
            self.refused.append(url)
            logger.warning("PDF export refused to fetch %r: %s", url[:200], refusal)
            raise
        self.fetched.append(url)
        mime_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url,
            body=path.read_bytes(),
            headers={"Content-Type": mime_type or "application/octet-stream"},
        )

    @staticmethod
    def local_path(url):
        """The file on disk for an allowed URL, or :class:`Refused`."""
        parts = urlsplit(url)
        origin = urlsplit(BASE_URL)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            raise Refused("only the project's own static files and media are fetched")
        path = unquote(parts.path)
        if "\\" in path or "\x00" in path:
            raise Refused("not a plain path")
        static_url = urlsplit(settings.STATIC_URL).path
        media_url = urlsplit(settings.MEDIA_URL).path
        if path.startswith(static_url):
            name = _relative(path[len(static_url) :])
            found = finders.find(name)
            root = Path(found).parent if found else Path(settings.STATIC_ROOT)
            candidate = Path(found) if found else root / name
        elif path.startswith(media_url):
            root = Path(settings.MEDIA_ROOT)
            candidate = root / _relative(path[len(media_url) :])
        else:
            raise Refused("only /static/ and /media/ paths are fetched")
        resolved = candidate.resolve()
        if not resolved.is_relative_to(root.resolve()) or not resolved.is_file():
            raise Refused("no such file among the project's static files and media")
        return resolved


def _relative(name):
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or ".." in parts:
        raise Refused("not a path inside the static files or media")
    return name


def render_html(snap):
    """The print HTML for a :class:`~consortium.exports.snapshot.Snapshot`."""
    return render_to_string(TEMPLATE, {"snap": snap, "bid": snap.bid})


def html_to_pdf(html, fetcher=None):
    """PDF bytes for ``html`` (PDF/UA-1, tagged), fetching only through the restricted
    fetcher. Pass ``fetcher`` to inspect what was fetched or refused."""
    fetcher = fetcher or RestrictedURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(**PDF_OPTIONS)


def render_pdf(snap):
    return html_to_pdf(render_html(snap))
