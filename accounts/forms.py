from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from config import field_messages

from . import provider_catalog, services
from .models import MAX_API_KEY_LENGTH, ProviderAccount, User, validate_api_key, validate_http_url

MAX_USERNAME_LENGTH = User._meta.get_field("username").max_length
MAX_EMAIL_LENGTH = User._meta.get_field("email").max_length
USERNAME_MESSAGES = {
    **field_messages.text("the username", max_length=MAX_USERNAME_LENGTH, missing="Choose a username."),
    # The code of Django's username validator, whose own words ("This value may contain…") say less.
    "invalid": "A username has only letters, digits and the signs @ . + - _ (no spaces).",
}
EMAIL_MESSAGES = {
    **field_messages.text("the email address", max_length=MAX_EMAIL_LENGTH),
    "invalid": "Enter an email address such as you@example.com.",
}
PASSWORD_MISMATCH = "The two passwords are not the same: type the same one twice."


class PlainMessages:
    """For Django's own forms: each field's words, by field name, over Django's generic ones."""

    plain_messages: dict[str, dict[str, str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, messages in self.plain_messages.items():
            self.fields[name].error_messages.update(messages)


class SignupForm(PlainMessages, UserCreationForm):
    email = forms.EmailField(
        required=False, help_text="Optional; used only to reset a forgotten password.", error_messages=EMAIL_MESSAGES
    )
    error_messages = {**UserCreationForm.error_messages, "password_mismatch": PASSWORD_MISMATCH}
    plain_messages = {
        "username": USERNAME_MESSAGES,
        "password1": {"required": "Choose a password."},
        "password2": {"required": "Type the same password again."},
    }

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class SignInForm(PlainMessages, AuthenticationForm):
    """Django's login form, which tells a suspended account so, but only to someone who knows its password.

    A ban clears ``is_active``, so authentication refuses the user just as
    it refuses a wrong password. After that refusal, and only when the
    password is right (and the login throttle has not locked the account or
    address), the form says the account is suspended and why, instead of
    "wrong password".
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "suspended": "This account has been suspended by a moderator: %(reason)s You can't sign in while it is.",
    }
    plain_messages = {
        "username": {**USERNAME_MESSAGES, "required": "Type your username."},
        "password": {"required": "Type your password."},
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            user = self._suspended_user()
            if user is None:
                raise
            reason = user.ban_reason.strip() or "no reason was given."
            if not reason.endswith((".", "!", "?")):
                reason += "."
            raise ValidationError(
                self.error_messages["suspended"], code="suspended", params={"reason": reason}
            ) from None

    def _suspended_user(self) -> User | None:
        if getattr(self.request, "axes_locked_out", False):
            return None
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not username or not password:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            return None
        return user if user.is_banned and user.check_password(password) else None


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "email")
        error_messages = {
            "display_name": field_messages.text(
                "the display name", max_length=User._meta.get_field("display_name").max_length
            ),
            "email": EMAIL_MESSAGES,
        }


class PasswordChangeForm(PlainMessages, auth_forms.PasswordChangeForm):
    error_messages = {**auth_forms.PasswordChangeForm.error_messages, "password_mismatch": PASSWORD_MISMATCH}
    plain_messages = {
        "old_password": {"required": "Type your current password."},
        "new_password1": {"required": "Choose a new password."},
        "new_password2": {"required": "Type the new password again."},
    }


class SetPasswordForm(PlainMessages, auth_forms.SetPasswordForm):
    """The new password, from a reset link."""

    error_messages = {**auth_forms.SetPasswordForm.error_messages, "password_mismatch": PASSWORD_MISMATCH}
    plain_messages = {
        "new_password1": {"required": "Choose a new password."},
        "new_password2": {"required": "Type the new password again."},
    }


class PasswordResetForm(PlainMessages, auth_forms.PasswordResetForm):
    plain_messages = {"email": {**EMAIL_MESSAGES, "required": "Enter the email address of your account."}}


NEW_KEY_HELP = "Stored encrypted and never shown again."
MAX_LABEL_LENGTH = ProviderAccount._meta.get_field("label").max_length
MAX_BASE_URL_LENGTH = ProviderAccount._meta.get_field("base_url").max_length
MAX_MODEL_LENGTH = ProviderAccount._meta.get_field("text_model").max_length
# The key typed into a form that came back with errors: never written back into the page.
RETYPE_KEY_HELP = "Enter the API key again: it is never sent back to the page, so it was not kept."

# True whichever provider is chosen; the page swaps in one provider's own line once it is known.
HELP_WITHOUT_PROVIDER = {
    "base_url": "Blank uses the provider's default, where it has one.",
    "text_model": "Blank uses the provider's default model, where it has one.",
    "image_model": "Blank uses the provider's default, where it has one (for ComfyUI and RunPod, a workflow name).",
}


class ProviderAccountForm(forms.Form):
    """A provider account as typed on the settings page; the rules are the model's, applied on save.

    The key field is write-only: it always renders empty, and on an edit a
    blank key keeps the stored one. ``key_hint`` is the stored key's last
    characters, read when the form is made, so an edit that fails does not
    show a hint of the key that was just typed.
    """

    provider = forms.ChoiceField(
        choices=[("", "Choose a provider"), *provider_catalog.CHOICES],
        error_messages=field_messages.pick_listed("provider"),
    )
    label = forms.CharField(
        max_length=MAX_LABEL_LENGTH,
        required=False,
        help_text="A name you will recognise, such as Work or Home server.",
        error_messages=field_messages.text("the label", max_length=MAX_LABEL_LENGTH),
    )
    api_key = forms.CharField(
        label="API key",
        required=False,
        # validate_api_key says how long a key may be; the browser stops typing there too.
        validators=[validate_api_key],
        widget=forms.PasswordInput(
            render_value=False,
            attrs={
                "autocomplete": "new-password",
                "spellcheck": "false",
                "autocapitalize": "off",
                "maxlength": MAX_API_KEY_LENGTH,
            },
        ),
    )
    base_url = forms.CharField(
        label="Base URL",
        max_length=MAX_BASE_URL_LENGTH,
        required=False,
        validators=[validate_http_url],
        widget=forms.TextInput(attrs={"inputmode": "url", "spellcheck": "false", "autocapitalize": "off"}),
        help_text=HELP_WITHOUT_PROVIDER["base_url"],
        error_messages=field_messages.text("the base URL", max_length=MAX_BASE_URL_LENGTH),
    )
    text_model = forms.CharField(
        max_length=MAX_MODEL_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "off"}),
        help_text=HELP_WITHOUT_PROVIDER["text_model"],
        error_messages=field_messages.text("the model name", max_length=MAX_MODEL_LENGTH),
    )
    image_model = forms.CharField(
        max_length=MAX_MODEL_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "off"}),
        help_text=HELP_WITHOUT_PROVIDER["image_model"],
        error_messages=field_messages.text("the model name", max_length=MAX_MODEL_LENGTH),
    )

    def __init__(self, data=None, *, account: ProviderAccount):
        initial = {name: getattr(account, name) for name in services.ACCOUNT_FIELDS} if account.pk else {}
        super().__init__(data, initial=initial)
        self.key_hint = account.key_hint
        if self.key_hint:
            self.fields["api_key"].help_text = format_html(
                'Stored key: <span class="key-hint">{}</span>. Leave blank to keep it '
                "(a new provider or host needs it entered again).",
                masked_key(self.key_hint),
            )
        else:
            self.fields["api_key"].help_text = NEW_KEY_HELP
        self._show_defaults_of(self.data.get("provider") if self.is_bound else account.provider)

    def full_clean(self):
        super().full_clean()
        self._ask_for_the_key_again()

    def _ask_for_the_key_again(self) -> None:
        """A key typed into a form with errors is not shown again: say so on the key field, or it is lost unseen."""
        if self.is_bound and self.data.get("api_key") and self._errors and "api_key" not in self._errors:
            self.add_error("api_key", RETYPE_KEY_HELP)

    def placeholders_for(self, slug: str | None) -> dict[str, str]:
        """What each blank field will mean for provider ``slug``; a blank key here keeps the stored one."""
        placeholders = provider_placeholders(slug)
        if self.key_hint:
            placeholders["api_key"] = f"blank keeps {masked_key(self.key_hint)}"
        return placeholders

    def placeholders_by_provider(self) -> dict[str, dict[str, str]]:
        """Every provider's placeholders, for the page script that follows the provider select."""
        return {slug: self.placeholders_for(slug) for slug in provider_catalog.PROVIDERS}

    def help_by_provider(self) -> dict[str, dict[str, str]]:
        """Every provider's help lines, and under "" the ones for no provider yet, for the page script."""
        return {"": dict(HELP_WITHOUT_PROVIDER), **{slug: provider_help(slug) for slug in provider_catalog.PROVIDERS}}

    def _show_defaults_of(self, slug: str | None) -> None:
        for name, placeholder in self.placeholders_for(slug).items():
            if placeholder:
                self.fields[name].widget.attrs["placeholder"] = placeholder
        for name, help_text in provider_help(slug).items():
            self.fields[name].help_text = help_text

    def add_model_errors(self, exc: ValidationError) -> None:
        """Put the errors of the model's ``clean()`` on the fields they are about."""
        add_errors(self, exc, lambda field: field)
        self._ask_for_the_key_again()


def masked_key(key_hint: str) -> str:
    """How a stored key is shown: only its last characters, behind dots."""
    return f"••••{key_hint}"


PLACEHOLDER_FIELDS = ("api_key", "base_url", "text_model", "image_model")


def provider_placeholders(slug: str | None) -> dict[str, str]:
    """What the key, base URL and model fields mean when blank, for one provider (all empty for none)."""
    if slug not in provider_catalog.PROVIDERS:
        return dict.fromkeys(PLACEHOLDER_FIELDS, "")
    provider = provider_catalog.get(slug)
    placeholders = {
        "api_key": "" if provider.needs_key else "none needed unless the server asks for one",
        "base_url": provider.base_url or (f"e.g. {provider.base_url_example}" if provider.base_url_example else ""),
    }
    for kind, field in ((provider_catalog.TEXT, "text_model"), (provider_catalog.IMAGE, "image_model")):
        if not provider.can_serve(kind):
            placeholders[field] = f"not used by {provider.name}"
        else:
            placeholders[field] = getattr(provider, field) or "required: the model your server runs"
    return placeholders


def provider_help(slug: str | None) -> dict[str, str]:
    """The help line under the base URL and model fields for one provider (the neutral ones for none)."""
    if slug not in provider_catalog.PROVIDERS:
        return dict(HELP_WITHOUT_PROVIDER)
    provider = provider_catalog.get(slug)
    if provider.base_url:
        base_url = f"Blank uses {provider.name}'s own address."
    else:
        base_url = f"Required: {provider.name} has no default address."
    lines = {"base_url": base_url}
    for kind, field in ((provider_catalog.TEXT, "text_model"), (provider_catalog.IMAGE, "image_model")):
        default = getattr(provider, field)
        if not provider.can_serve(kind):
            lines[field] = f"{provider.name} does not {provider_catalog.KIND_VERBS[kind]}; leave it blank."
        elif not default:
            lines[field] = "Required: the name of the model your server runs."
        elif default == provider_catalog.DEFAULT_WORKFLOW:
            lines[field] = f"A ComfyUI workflow name; blank uses {default}."
        else:
            lines[field] = f"Blank uses {default}."
    return lines


def account_choice_label(account: ProviderAccount) -> str:
    """An account as an option in a list: its label and provider, and its key hint to tell twins apart."""
    name = f"{account.label} ({account.get_provider_display()})" if account.label else account.get_provider_display()
    return f"{name} {masked_key(account.key_hint)}" if account.key_hint else name


class DefaultProvidersForm(forms.Form):
    """Which of the user's accounts serve text, images and safety checks; blank is the site's default.

    Each list offers only the accounts that can serve its kind. The values
    are only read as ids here: whether the account is the user's and can
    serve the kind is ``services.choose_backends``'s rule, with its words.
    """

    SITE_DEFAULT = "Site default"
    LABELS = {
        provider_catalog.TEXT: ("Text", "Writes the story and the speech bubbles."),
        provider_catalog.IMAGE: ("Images", "Paints the panels and the cover."),
        provider_catalog.SAFETY: ("Safety checks", "Reads the idea and every picture prompt before it is used."),
    }

    def __init__(self, data=None, *, user):
        accounts = list(ProviderAccount.objects.owned_by(user))
        choice = services.backend_choice_for(user)
        initial = {kind: getattr(choice, f"{kind}_account_id") for kind in provider_catalog.KINDS}
        super().__init__(data, initial=initial)
        for kind in provider_catalog.KINDS:
            label, help_text = self.LABELS[kind]
            serving = [(account.pk, account_choice_label(account)) for account in accounts if account.can_serve(kind)]
            options = [("", self.SITE_DEFAULT), *serving]
            self.fields[kind] = forms.IntegerField(
                label=label,
                required=False,
                help_text=help_text,
                widget=forms.Select(choices=options),
                error_messages=field_messages.whole_number(
                    f"Choose one of the accounts listed, or {self.SITE_DEFAULT}."
                ),
            )

    def add_model_errors(self, exc: ValidationError) -> None:
        """The model names its fields after the account (``text_account``); this form after the kind."""
        add_errors(self, exc, lambda field: field.removesuffix("_account"))


def add_errors(form: forms.Form, exc: ValidationError, field_for) -> None:
    """A model's ValidationError on ``form``: each message on the field ``field_for`` names, else on the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, messages in exc.message_dict.items():
        field = field_for(name)
        form.add_error(field if field in form.fields else None, messages)
