"""The one way pages and the API find a provider account: the user's own, else a 404.

Another user's account is a 404 exactly like one that does not exist, so
ids cannot be probed.
"""

from django.shortcuts import get_object_or_404

from .models import ProviderAccount


def owned_account(user, account_id: int) -> ProviderAccount:
    return get_object_or_404(ProviderAccount.objects.owned_by(user), pk=account_id)
