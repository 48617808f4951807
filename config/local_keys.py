"""Keys of a server that runs on this machine alone (``make run``), kept in files.

Free of Django, so settings can read it. Made once, so sessions and
password-reset links outlive a restart; kept out of git, so no two
checkouts share it. Production sets SECRET_KEY instead.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

#: As long as Django's own ``get_random_secret_key()``, which the deploy check asks for.
SECRET_KEY_LENGTH = 50


def kept_in_file(path: Path, make: Callable[[], str]) -> str:
    """The key in ``path``, made there by ``make()`` (mode 0600) the first time.

    Written to a temporary file and hard-linked into place, so two processes
    starting at once (the dev server and its reloader) never read a
    half-written file and both end up with the same key.
    """
    if not path.exists():
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "w") as out:
                out.write(make() + "\n")
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return path.read_text().strip()


def secret_key(path: Path) -> str:
    """The secret key in ``path``, made there the first time."""
    key = kept_in_file(path, lambda: secrets.token_urlsafe(SECRET_KEY_LENGTH)[:SECRET_KEY_LENGTH])
    if len(key) < SECRET_KEY_LENGTH:
        raise ValueError(f"The secret key file {path} holds no key of {SECRET_KEY_LENGTH} characters; delete it.")
    return key
