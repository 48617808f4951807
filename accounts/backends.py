"""Authentication backends."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses logins while django-axes has locked the account or the address.

    Every login that arrives over HTTP (the login page, the admin login, the
    token API) passes its request, which is what the lock is keyed on. A
    call without one (a script, or the test client's ``login()``) has no
    address to count against, so it is left to the next backend instead of
    failing with axes' "request required" error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
