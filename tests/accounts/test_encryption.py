"""Provider keys at rest: encrypted with the configured keys, rotatable, never in a dump."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from accounts import encryption
from accounts.models import ProviderAccount
from tests.servers import ROOT

OPENAI_KEY = "sk-proj-Zq8VtW1mLp4NcR7yXb2K"
GROQ_KEY = "gsk_R2d2C3poBb8Ee5Ww7Qq1"
OLD_KEY, NEW_KEY = encryption.generate_key(), encryption.generate_key()


def account_with_key(owner, key: str = OPENAI_KEY, provider: str = "openai") -> ProviderAccount:
    account = ProviderAccount(owner=owner, provider=provider, label="mine")
    account.set_api_key(key)
    account.full_clean()
    account.save()
    return account


def stored_token(account: ProviderAccount) -> str:
    return ProviderAccount.objects.values_list("encrypted_api_key", flat=True).get(pk=account.pk)


# --- The key ring ---------------------------------------------------------------------


def test_a_key_comes_back_as_it_went_in_and_is_not_readable_in_between():
    ring = encryption.KeyRing([NEW_KEY])

    token = ring.encrypt(OPENAI_KEY)

    assert OPENAI_KEY not in token
    assert ring.decrypt(token) == OPENAI_KEY
    assert ring.decrypt(ring.encrypt("clé-ünïcode-✓")) == "clé-ünïcode-✓"


def test_a_token_no_configured_key_opens_is_an_error_not_ciphertext():
    token = encryption.KeyRing([OLD_KEY]).encrypt(OPENAI_KEY)

    with pytest.raises(encryption.UndecryptableError, match="PANELCRAFT_ENCRYPTION_KEYS") as raised:
        encryption.KeyRing([NEW_KEY]).decrypt(token)
    assert token not in str(raised.value)


def test_the_old_key_listed_second_still_decrypts_and_rotation_moves_to_the_first():
    old_token = encryption.KeyRing([OLD_KEY]).encrypt(OPENAI_KEY)
    both = encryption.KeyRing([NEW_KEY, OLD_KEY])

    assert both.decrypt(old_token) == OPENAI_KEY
    assert encryption.KeyRing([NEW_KEY]).decrypt(both.rotate(old_token)) == OPENAI_KEY


def test_a_malformed_key_is_named_by_position_and_not_echoed():
    with pytest.raises(encryption.EncryptionKeyError, match="key 2 of 2 is not a Fernet key") as raised:
        encryption.check_keys([NEW_KEY, "not-a-fernet-key"])
    assert "not-a-fernet-key" not in str(raised.value)


# --- Rows in the database -------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_holds_only_ciphertext_and_the_hint(alice):
    account = account_with_key(alice)

    assert OPENAI_KEY not in stored_token(account)
    assert account.key_hint == OPENAI_KEY[-4:]
    assert ProviderAccount.objects.get(pk=account.pk).reveal_api_key() == OPENAI_KEY


@pytest.mark.django_db
def test_a_database_dump_contains_no_key_in_plain_text(alice, bob):
    account_with_key(alice)
    account_with_key(bob, GROQ_KEY, provider="groq")
    dump = io.StringIO()

    call_command("dumpdata", stdout=dump)

    text = dump.getvalue()
    assert f'"key_hint": "{OPENAI_KEY[-4:]}"' in text  # the accounts are in the dump
    assert OPENAI_KEY not in text
    assert GROQ_KEY not in text


@pytest.mark.django_db
def test_rotating_re_encrypts_every_row_under_the_newest_key(alice, bob, settings):
    settings.PANELCRAFT_ENCRYPTION_KEYS = [OLD_KEY]
    first, second = account_with_key(alice), account_with_key(bob, GROQ_KEY, provider="groq")
    keyless = ProviderAccount.objects.create(owner=alice, provider="comfyui", base_url="https://comfy.example.com")

    # A new key goes first; rows made under the old one still read.
    settings.PANELCRAFT_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert ProviderAccount.objects.get(pk=first.pk).reveal_api_key() == OPENAI_KEY
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "Re-encrypted 2 provider keys" in out.getvalue()

    # Now the old key can go.
    settings.PANELCRAFT_ENCRYPTION_KEYS = [NEW_KEY]
    assert ProviderAccount.objects.get(pk=first.pk).reveal_api_key() == OPENAI_KEY
    assert ProviderAccount.objects.get(pk=second.pk).reveal_api_key() == GROQ_KEY
    assert ProviderAccount.objects.get(pk=keyless.pk).reveal_api_key() == ""


@pytest.mark.django_db
def test_without_the_old_key_a_row_is_unreadable_and_rotation_changes_nothing(alice, settings):
    settings.PANELCRAFT_ENCRYPTION_KEYS = [NEW_KEY]
    readable = account_with_key(alice)
    settings.PANELCRAFT_ENCRYPTION_KEYS = [OLD_KEY]
    lost = account_with_key(alice, GROQ_KEY, provider="groq")
    before = stored_token(readable)

    settings.PANELCRAFT_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(encryption.UndecryptableError):
        ProviderAccount.objects.get(pk=lost.pk).reveal_api_key()
    with pytest.raises(CommandError, match=f"provider account\\(s\\) {lost.pk}; nothing was changed"):
        call_command("rotate_encryption_keys", stdout=io.StringIO())

    assert stored_token(readable) == before


# --- Start-up ---------------------------------------------------------------------------

SHOW_KEYS = "import json; from django.conf import settings; print(json.dumps(settings.PANELCRAFT_ENCRYPTION_KEYS))"


def keys_at_startup(key_file, **env) -> list[str] | str:
    """The keys settings start with (or the start-up error), in a fresh process."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PANELCRAFT_ENCRYPTION_") and k != "DEBUG"}
    result = subprocess.run(
        [sys.executable, "-c", SHOW_KEYS],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "a-real-secret",
            "PANELCRAFT_ENCRYPTION_KEY_FILE": str(key_file),
            **env,
        },
        capture_output=True,
        text=True,
    )
    return result.stderr if result.returncode else json.loads(result.stdout)


def test_debug_off_without_keys_refuses_to_start(tmp_path):
    error = keys_at_startup(tmp_path / "key", DEBUG="False")

    assert "ImproperlyConfigured: Set PANELCRAFT_ENCRYPTION_KEYS when DEBUG is off" in error
    assert not (tmp_path / "key").exists()


def test_a_malformed_key_refuses_to_start_without_showing_it(tmp_path):
    error = keys_at_startup(tmp_path / "key", DEBUG="False", PANELCRAFT_ENCRYPTION_KEYS=f"{NEW_KEY},short-and-wrong")

    assert "PANELCRAFT_ENCRYPTION_KEYS: key 2 of 2 is not a Fernet key" in error
    assert "short-and-wrong" not in error


def test_configured_keys_are_used_newest_first_and_no_file_is_written(tmp_path):
    keys = keys_at_startup(tmp_path / "key", DEBUG="False", PANELCRAFT_ENCRYPTION_KEYS=f"{NEW_KEY}, {OLD_KEY}")

    assert keys == [NEW_KEY, OLD_KEY]
    assert not (tmp_path / "key").exists()


def test_under_debug_a_development_key_is_made_once_and_reused(tmp_path):
    key_file = tmp_path / "key"

    first = keys_at_startup(key_file, DEBUG="True")
    second = keys_at_startup(key_file, DEBUG="True")

    assert isinstance(first, list) and len(first) == 1, first
    assert second == first
    assert key_file.read_text().strip() == first[0]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert encryption.KeyRing(first).decrypt(encryption.KeyRing(second).encrypt(OPENAI_KEY)) == OPENAI_KEY


def test_a_damaged_development_key_file_is_a_clear_error(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("garbage\n")

    error = keys_at_startup(key_file, DEBUG="True")

    assert f"The development key file {key_file}: key 1 of 1 is not a Fernet key" in error
