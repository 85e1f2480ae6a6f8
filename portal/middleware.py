"""Project-wide middleware."""

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

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin_policy = settings.ADMIN_CONTENT_SECURITY_POLICY
        # A view's own @csp decorator (parts.config) still wins over the path rule.
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(admin_policy["URL_PREFIXES"]))
        ):
            parts.config = default_config(admin_policy["DIRECTIVES"])
        return parts
