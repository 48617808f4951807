"""Re-encrypt every stored provider key under the newest encryption key.

Rotating: put a new key first in PANELCRAFT_ENCRYPTION_KEYS and keep the old
one after it, restart, run this, then drop the old key. All rows change in
one transaction, so a key that cannot be read leaves every row as it was.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.encryption import UndecryptableError
from accounts.models import ProviderAccount, keyring


class Command(BaseCommand):
    help = "Re-encrypt every provider API key under the first key in PANELCRAFT_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        ring = keyring()
        with transaction.atomic():
            accounts = list(ProviderAccount.objects.select_for_update().exclude(encrypted_api_key="").order_by("pk"))
            unreadable = []
            for account in accounts:
                try:
                    account.encrypted_api_key = ring.rotate(account.encrypted_api_key)
                except UndecryptableError:
                    unreadable.append(account.pk)
            if unreadable:
                raise CommandError(
                    f"No key in PANELCRAFT_ENCRYPTION_KEYS opens the key of provider account(s) "
                    f"{', '.join(map(str, unreadable))}; nothing was changed. "
                    "List the key they were encrypted with (after the new one) and run this again."
                )
            ProviderAccount.objects.bulk_update(accounts, ["encrypted_api_key"], batch_size=500)
        noun = "key" if len(accounts) == 1 else "keys"
        self.stdout.write(f"Re-encrypted {len(accounts)} provider {noun} under the newest encryption key.")
