"""Content-Security-Policy, with the page's own websocket origin allowed.

The policy itself is CONTENT_SECURITY_POLICY in settings. ``connect-src
'self'`` does not cover ws:/wss: in every browser, and the job page opens
``/ws/jobs/<id>/`` on the host it was served from, so that host's two
socket origins are added per request. The host comes from
``request.get_host()``, which only ever returns an ALLOWED_HOSTS name.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.core.exceptions import DisallowedHost


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        try:
            host = request.get_host()
        except DisallowedHost:
            return parts
        update = dict(parts.update or {})
        extra = update.get("connect-src") or []
        update["connect-src"] = [*([extra] if isinstance(extra, str) else extra), f"ws://{host}", f"wss://{host}"]
        parts.update = update
        return parts
