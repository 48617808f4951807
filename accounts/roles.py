"""Who may moderate: one rule, read by every app that needs it.

A moderator is a user with the permission ``gallery.moderate`` (given by the
"Moderators" group, which a gallery migration creates; superusers have every
permission). It is not the same as ``is_staff``: staff may use the admin
for other work without being able to hide comics or ban people. The
permission is named here as a string so that ``comics`` can apply the rule
without importing ``gallery``.
"""

from __future__ import annotations

MODERATE_PERMISSION = "gallery.moderate"
MODERATORS_GROUP = "Moderators"


def is_moderator(user) -> bool:
    """True for an active user holding the moderation permission (cached on the user object)."""
    return bool(user is not None and user.is_authenticated and user.has_perm(MODERATE_PERMISSION))
