"""ASGI entry point: HTTP through Django, websockets through Channels.

Websockets pass the Origin check (the site's own scheme, host and port, or
CSRF_TRUSTED_ORIGINS; see config.websocket_origin) and the session
middleware before a consumer sees them; consumers check ownership themselves.
Signed-out visitors' gallery pages may be answered from the cache before
Django runs (gallery.visitor_cache.VisitorResponses).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from comics.jobs import resume_on_first_request  # noqa: E402
from comics.routing import websocket_urlpatterns  # noqa: E402
from config.websocket_origin import SameOriginValidator  # noqa: E402
from gallery.visitor_cache import VisitorResponses  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Signed-out visitors' gallery pages from the cache first (gallery.visitor_cache).
        "http": resume_on_first_request(VisitorResponses(django_asgi_app)),
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
