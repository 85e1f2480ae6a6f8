"""Give the default Wagtail Site the site's public address. Idempotent.

Wagtail builds every absolute link (the canonical link, og:url, the sitemap, feeds) from
the Site's hostname and port, which the migrations set to localhost:80. The address comes
from WAGTAILADMIN_BASE_URL (or --url), so admin emails and public links agree.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def site_address(url):
    """Return (hostname, port) for an address such as https://portal.example.org."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError as error:
        raise CommandError(f"{url!r} has an invalid port: {error}.") from error
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise CommandError(
            f"{url!r} is not a site address: give the scheme and host, "
            "such as https://portal.example.org."
        )
    return parts.hostname, port or DEFAULT_PORTS[parts.scheme]


class Command(BaseCommand):
    help = (
        "Set the default site's hostname and port from WAGTAILADMIN_BASE_URL (or --url), "
        "so canonical links, og:url and the sitemap use the address the site is served at."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            help="the public address, e.g. https://portal.example.org (default: "
            "the WAGTAILADMIN_BASE_URL setting)",
        )

    def handle(self, *args, url=None, **options):
        url = url or settings.WAGTAILADMIN_BASE_URL
        hostname, port = site_address(url)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site: run 'manage.py migrate' first.")
        if urlsplit(url).scheme == "https" and port != 443:
            # Wagtail writes https only for port 443, so links would start with http://.
            self.stderr.write(
                f"Warning: Wagtail links to port {port} with http://, not https://; "
                "serve https on port 443 for https links."
            )
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            try:
                site.full_clean()
            except ValidationError as error:
                raise CommandError(f"Cannot give the default site {url}: {error}") from error
            site.save()
        self.stdout.write(f"The default site is served at {site.root_url}/")
