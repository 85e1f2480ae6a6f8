"""Project-wide middleware."""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy on admin paths.

    The public site gets the strict ``CONTENT_SECURITY_POLICY``. The Wagtail admin still
    uses inline styles, data: and blob: images and previews pages in a same-origin frame,
    so paths under ``ADMIN_CONTENT_SECURITY_POLICY["URL_PREFIXES"]`` get that looser policy
    instead; nothing the admin needs leaks into the public pages' header.
    """

    def process_response(self, request, response):
        # Wagtail previews a page by running it through the whole middleware stack with a
        # made-up request for the page's public address, so the response comes back with
        # the public policy (frame-ancestors 'none'), which would blank the preview panel.
        # The admin request that asked for the preview decides the policy instead.
        if self.is_admin(request) and getattr(response, "_csp_config", None) is None:
            del response[HEADER]
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        # A view's own @csp decorator (parts.config) still wins over the path rule.
        if not report_only and parts.config is None and self.is_admin(request):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts

    @staticmethod
    def is_admin(request):
        prefixes = settings.ADMIN_CONTENT_SECURITY_POLICY["URL_PREFIXES"]
        return request.path_info.startswith(tuple(prefixes))
