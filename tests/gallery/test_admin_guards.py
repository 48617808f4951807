"""The admin cannot go around moderation: publication state and bans change only through their services."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.utils import timezone

from comics.models import Comic
from gallery import moderation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "root-horse-battery")
    client = Client()
    client.force_login(admin)
    return client


def test_a_comics_publication_state_is_read_only_in_the_admin(admin_client, finished_comic):
    Comic.objects.filter(pk=finished_comic.pk).update(hidden_at=timezone.now(), hidden_reason="spam")
    page = admin_client.get(f"/admin/comics/comic/{finished_comic.pk}/change/").content.decode()

    for field in ("hidden_at", "hidden_reason", "featured_at", "like_count", "visibility", "published_at"):
        assert f'name="{field}"' not in page, field


def test_a_banned_user_cannot_be_made_active_again_in_the_admin(admin_client, bob, moderator):
    moderation.ban_user(moderator=moderator, user=bob, reason="spam everywhere")
    page = admin_client.get(f"/admin/accounts/user/{bob.pk}/change/").content.decode()

    assert 'name="is_active"' not in page
    assert 'name="banned_at"' not in page
    assert "spam everywhere" in page  # shown, not editable


def test_seed_reset_never_removes_a_real_account_named_like_a_seeded_one(django_user_model):
    from django.core.management import call_command

    real = django_user_model.objects.create_user("seed-1-1", "seed-1-1@seed.invalid", "a-real-passphrase")
    for _run in range(2):
        call_command("seed_gallery", comics=2, likes=1, users=2, reset=True, stdout=io.StringIO())

    assert django_user_model.objects.filter(pk=real.pk).exists()
