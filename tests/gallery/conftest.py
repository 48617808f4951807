"""What the gallery's tests share: a comic put in the public eye without going through publishing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from comics.models import Comic


def publish(comic: Comic) -> Comic:
    """Public now, whatever state it is in (publishing itself refuses unfinished comics; these tests need them)."""
    Comic.objects.filter(pk=comic.pk).update(visibility="public", published_at=timezone.now())
    comic.refresh_from_db()
    return comic


@pytest.fixture
def listed(alice, make_comic):
    """Alice's published comic (its job not run)."""
    return publish(make_comic(alice)[0])
