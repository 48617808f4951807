"""Encryption of provider API keys at rest: MultiFernet over the configured keys.

Free of Django, so settings can check the keys at start-up and fail with a
clear message before anything tries to read a row. The first key encrypts;
every key listed decrypts, so a new key goes first and the old one stays
second until ``manage.py rotate_encryption_keys`` has moved every row.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from config.local_keys import kept_in_file

KEYS_SETTING = "PANELCRAFT_ENCRYPTION_KEYS"
GENERATE_COMMAND = "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"


class EncryptionKeyError(ValueError):
    """A configured key is missing or is not a Fernet key."""


class UndecryptableError(Exception):
    """No configured key opens a stored token (a key was dropped before rotating)."""


def generate_key() -> str:
    return Fernet.generate_key().decode()


def check_keys(keys: Sequence[str], *, source: str = KEYS_SETTING) -> list[Fernet]:
    """Fernets for ``keys``, or an error that says which one is wrong without showing it."""
    if not keys:
        raise EncryptionKeyError(f"{source} holds no key. Make one with: {GENERATE_COMMAND}")
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError):
            # `from None`: the original error carries nothing useful and must not lead anyone to the value.
            raise EncryptionKeyError(
                f"{source}: key {position} of {len(keys)} is not a Fernet key "
                f"(32 url-safe base64-encoded bytes). Make one with: {GENERATE_COMMAND}"
            ) from None
    return fernets


class KeyRing:
    """Encrypts with the newest key, decrypts with any of them."""

    def __init__(self, keys: Sequence[str]):
        self._fernet = MultiFernet(check_keys(keys))

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode()
        except (InvalidToken, UnicodeError):
            raise UndecryptableError(
                f"A stored API key cannot be decrypted with any key in {KEYS_SETTING}; "
                "was the key it was encrypted with removed before rotate_encryption_keys ran?"
            ) from None

    def rotate(self, token: str) -> str:
        """The same plaintext, encrypted under the newest key."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError):
            raise UndecryptableError(f"A stored API key cannot be decrypted with any key in {KEYS_SETTING}.") from None


@functools.lru_cache(maxsize=8)
def keyring_for(keys: tuple[str, ...]) -> KeyRing:
    """One KeyRing per key list, so a row does not rebuild the Fernets."""
    return KeyRing(keys)


def development_key(path: Path) -> str:
    """The key in ``path``, generated there (mode 0600) the first time.

    For DEBUG and ``make run`` only, so a fresh checkout runs without configuration.
    """
    key = kept_in_file(path, generate_key)
    check_keys([key], source=f"The development key file {path}")
    return key
