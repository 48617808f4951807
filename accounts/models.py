"""Users, their provider accounts (with encrypted keys) and their default providers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.views.decorators.debug import sensitive_variables

from renderers.net import AllowList, HostNotFound, URLRefused, check_url

from . import encryption, provider_catalog

KEY_HINT_LENGTH = 4
MIN_API_KEY_LENGTH, MAX_API_KEY_LENGTH = 8, 1000
# owner/name, or owner/name:<64-hex version id>.
REPLICATE_MODEL = re.compile(r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*(:[0-9a-f]{64})?")


class User(AbstractUser):
    """A Panelcraft user.

    Custom from the first migration so per-user settings live on our own
    model; provider accounts and default providers hang off it (below).
    """

    display_name = models.CharField(max_length=60, blank=True, help_text="Shown as the author of published comics.")
    email = models.EmailField("email address", blank=True)
    # Set by a moderator (gallery.moderation.ban_user), which also clears
    # ``is_active``: Django's session and DRF's token authentication already
    # refuse inactive users, so a ban costs no extra query on any request.
    banned_at = models.DateTimeField(null=True, blank=True)
    ban_reason = models.CharField(max_length=500, blank=True)

    @property
    def byline(self) -> str:
        return self.display_name or self.username

    @property
    def is_banned(self) -> bool:
        return self.banned_at is not None


def validate_http_url(value: str) -> None:
    """Only http(s) URLs with a host: provider calls go nowhere else.

    Whether the host may be reached at all is ``check_reachable_url``'s
    question, asked after this one.
    """
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise ValidationError("Enter a valid http:// or https:// URL.", code="invalid") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("Enter an http:// or https:// URL, such as https://api.example.com/v1.", code="invalid")
    if any(ch.isspace() for ch in value):
        raise ValidationError("A URL cannot contain spaces.", code="invalid")
    if parts.username or parts.password:
        raise ValidationError(
            "Put credentials in the API key, not in the URL: the URL is stored and shown in plain text.",
            code="credentials",
        )


def provider_allow_list() -> AllowList:
    """The hosts and networks an administrator lets provider calls reach although not public."""
    return AllowList.parse(settings.PANELCRAFT["PROVIDER_ALLOWED_HOSTS"])


def check_reachable_url(value: str) -> None:
    """Refuse a URL the provider client would refuse: a private, local or metadata address.

    Checked when an account is saved so the user hears it on the form, not
    on their next comic; the client checks again on every call (the host's
    addresses, or the allow-list, may have changed since).
    """
    try:
        check_url(value, allowed=provider_allow_list())
    except HostNotFound as exc:
        raise ValidationError(
            f"The host {exc.host} could not be found; check the address.", code="host_not_found"
        ) from None
    except URLRefused as exc:
        reason = str(exc).removeprefix("refused: ")
        raise ValidationError(f"This URL is refused: {reason}.", code="refused") from None


def validate_api_key(value: str) -> None:
    """A key goes into an HTTP header as it is: no whitespace, no control characters."""
    if not value.isascii() or any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValidationError("An API key has no spaces or line breaks; paste only the key.", code="invalid")
    if len(value) < MIN_API_KEY_LENGTH:
        raise ValidationError(
            f"That is too short for an API key (at least {MIN_API_KEY_LENGTH} characters).", code="too_short"
        )
    if len(value) > MAX_API_KEY_LENGTH:
        raise ValidationError(f"An API key is at most {MAX_API_KEY_LENGTH} characters.", code="too_long")


def _is_http_url(value: str) -> bool:
    """Whether ``value`` passes the field's own check (whose error is then the one shown)."""
    try:
        validate_http_url(value)
    except ValidationError:
        return False
    return True


def keyring() -> encryption.KeyRing:
    return encryption.keyring_for(tuple(settings.PANELCRAFT_ENCRYPTION_KEYS))


class ProviderAccountQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user) if user.is_authenticated else self.none()


class ProviderAccount(models.Model):
    """A user's account with one text, image or safety provider, and its key.

    The key is stored only encrypted (``encrypted_api_key``); the last four
    characters (``key_hint``) are kept in plain text so pages can tell keys
    apart. Blank ``base_url``, ``text_model`` and ``image_model`` mean the
    provider's defaults from the catalog, so a change of provider brings its
    own defaults along.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_accounts")
    provider = models.CharField(max_length=32, choices=provider_catalog.CHOICES)
    label = models.CharField(max_length=80, blank=True)
    encrypted_api_key = models.TextField(blank=True, editable=False)
    key_hint = models.CharField(max_length=KEY_HINT_LENGTH, blank=True, editable=False)
    base_url = models.CharField(
        max_length=500, blank=True, validators=[validate_http_url], help_text="Blank: the provider's default."
    )
    text_model = models.CharField(max_length=200, blank=True, help_text="Blank: the provider's default.")
    image_model = models.CharField(
        max_length=200, blank=True, help_text="Blank: the provider's default (a workflow name for ComfyUI and RunPod)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProviderAccountQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.label or self.get_provider_display()} ({self.get_provider_display()})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._loaded_destination = self.key_destination

    @classmethod
    def from_db(cls, db, field_names, values):
        account = super().from_db(db, field_names, values)
        # Where the stored key was entered for: a key only ever goes where its owner sent it.
        account._loaded_destination = account.key_destination
        return account

    @property
    def key_destination(self) -> tuple[str, str]:
        """The provider and the origin (scheme, host, port) a key is sent to."""
        known = self.provider in provider_catalog.PROVIDERS
        parts = urlsplit(self.effective_base_url if known else self.base_url)
        return self.provider, f"{parts.scheme}://{parts.netloc}".lower()

    @property
    def catalog(self) -> provider_catalog.Provider:
        return provider_catalog.get(self.provider)

    @property
    def effective_base_url(self) -> str:
        return self.base_url or self.catalog.base_url

    def model_for(self, kind: str) -> str:
        """The model that does ``kind`` for this account: its own, else the provider's default."""
        if not self.can_serve(kind):
            return ""
        return self.catalog.model_for(kind, text_model=self.text_model, image_model=self.image_model)

    @property
    def effective_text_model(self) -> str:
        return self.model_for(provider_catalog.TEXT)

    @property
    def effective_image_model(self) -> str:
        return self.model_for(provider_catalog.IMAGE)

    def can_serve(self, kind: str) -> bool:
        return self.provider in provider_catalog.PROVIDERS and self.catalog.can_serve(kind)

    @property
    def has_api_key(self) -> bool:
        return bool(self.encrypted_api_key)

    @sensitive_variables()
    def set_api_key(self, plaintext: str) -> None:
        """Encrypt and keep ``plaintext`` as this account's key (saved with the row)."""
        validate_api_key(plaintext)
        self.encrypted_api_key = keyring().encrypt(plaintext)
        self.key_hint = plaintext[-KEY_HINT_LENGTH:]
        self._loaded_destination = None  # a key entered now goes wherever this edit points it

    def reveal_api_key(self) -> str:
        """The key in plain text, for the one request that sends it to the provider.

        "" when the account has none. Raises UndecryptableError, never
        returns ciphertext, when no configured key opens it.
        """
        return keyring().decrypt(self.encrypted_api_key) if self.encrypted_api_key else ""

    def clean(self) -> None:
        if self.provider not in provider_catalog.PROVIDERS:
            return  # the field's own choices check reports it
        catalog = self.catalog
        errors: dict[str, str] = {}
        loaded = getattr(self, "_loaded_destination", None)
        if self.has_api_key and loaded is not None and loaded != self.key_destination:
            # Else an edit of the URL alone would send the stored key to a server of the editor's choosing.
            errors["api_key"] = "Enter the API key again: a stored key is only sent where it was entered for."
        elif catalog.needs_key and not self.has_api_key:
            errors["api_key"] = f"{catalog.name} needs an API key."
        url_changed = loaded is None or loaded[1] != self.key_destination[1]
        if not self.base_url and not catalog.base_url:
            errors["base_url"] = f"{catalog.name} needs a base_url, e.g. {catalog.base_url_example}."
        elif self.base_url and url_changed and _is_http_url(self.base_url):
            try:
                check_reachable_url(self.base_url)
            except ValidationError as exc:
                errors["base_url"] = exc.messages[0]
        for kind, field in ((provider_catalog.TEXT, "text_model"), (provider_catalog.IMAGE, "image_model")):
            value = getattr(self, field)
            if value and not catalog.can_serve(kind):
                errors[field] = f"{catalog.name} cannot {provider_catalog.KIND_VERBS[kind]}; leave this empty."
            elif not value and catalog.can_serve(kind) and not getattr(catalog, field):
                errors[field] = f"{catalog.name} has no default model: name the one your server runs."
        if self.provider == "replicate" and self.image_model and not REPLICATE_MODEL.fullmatch(self.image_model):
            errors["image_model"] = (
                "A Replicate model is owner/name or owner/name:version (a 64-character hex version id), "
                "e.g. black-forest-labs/flux-schnell."
            )
        if self.pk:
            errors.update(self._defaults_it_still_serves())
        if errors:
            raise ValidationError(errors)

    def _defaults_it_still_serves(self) -> dict[str, str]:
        """After a change of provider, the account must still serve what it is the default for."""
        choice = BackendChoice.objects.filter(user_id=self.owner_id).first()
        chosen_for = [
            kind
            for kind in provider_catalog.KINDS
            if choice and getattr(choice, f"{kind}_account_id") == self.pk and not self.can_serve(kind)
        ]
        if not chosen_for:
            return {}
        kinds = " and ".join(chosen_for)
        return {
            "provider": f"This account is your default for {kinds}, which {self.catalog.name} cannot serve. "
            "Choose another default first."
        }


class BackendChoice(models.Model):
    """Which of a user's provider accounts serve text, images and safety checks by default.

    Null means the site's default. One row per user, made the first time
    they choose.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="backend_choice")
    text_account = models.ForeignKey(
        ProviderAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_account = models.ForeignKey(
        ProviderAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    safety_account = models.ForeignKey(
        ProviderAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Provider defaults of {self.user}"

    def account_for(self, kind: str) -> ProviderAccount | None:
        return getattr(self, f"{kind}_account")

    def clean(self) -> None:
        errors = {}
        for kind in provider_catalog.KINDS:
            account = self.account_for(kind)
            if account is None:
                continue
            if account.owner_id != self.user_id:
                errors[f"{kind}_account"] = "Choose one of your own provider accounts."
            elif not account.can_serve(kind):
                able = ", ".join(provider.name for provider in provider_catalog.serving(kind))
                errors[f"{kind}_account"] = (
                    f"{account.get_provider_display()} cannot {provider_catalog.KIND_VERBS[kind]}; "
                    f"choose an account with {able}."
                )
        if errors:
            raise ValidationError(errors)
