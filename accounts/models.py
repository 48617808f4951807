from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A Panelcraft user.

    Custom from the first migration so per-user settings (display name now,
    backend choices and encrypted provider keys later) live on our own model.
    """

    display_name = models.CharField(max_length=60, blank=True, help_text="Shown as the author of published comics.")
    email = models.EmailField("email address", blank=True)

    @property
    def byline(self) -> str:
        return self.display_name or self.username
