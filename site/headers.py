"""Security headers on every response: Content-Security-Policy (django-csp, policy in the
settings) with the admin's one allowance, and Permissions-Policy."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    """The site's policy everywhere; on the admin, what Wagtail's admin needs beyond it
    (settings.CSP_ADMIN_ALLOWANCES: its inline scripts and styles, blob: previews)."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**(parts.replace or {}), **settings.CSP_ADMIN_ALLOWANCES}
        return parts


class PermissionsPolicyMiddleware:
    """Turns off the browser features the site never uses, for it and for anything framed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
