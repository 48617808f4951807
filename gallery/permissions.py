"""Who may moderate, as the API and the pages ask it: ``accounts.roles.is_moderator``, nothing else.

Staff is not enough: a moderator holds ``gallery.moderate``. Signed-in
people without it are refused (403); anonymous visitors are asked to sign
in (401 on the API, the login page on the site).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from accounts.roles import is_moderator


class IsModerator(BasePermission):
    message = "Only moderators can do this."

    def has_permission(self, request, view) -> bool:
        return is_moderator(request.user)


def moderator_required(view):
    """For the moderators' pages: the login page for anonymous visitors, 403 for everyone else."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied("Only moderators can open this page.")
        return view(request, *args, **kwargs)

    return wrapped
