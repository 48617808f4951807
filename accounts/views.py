import math

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from . import provider_catalog, services
from .access import owned_account
from .forms import DefaultProvidersForm, ProfileForm, ProviderAccountForm, SignupForm
from .models import ProviderAccount
from .provider_api import ConnectionTestThrottle


@sensitive_post_parameters("password1", "password2")
def signup(request):
    if request.user.is_authenticated:
        return redirect("comics:studio")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to Panelcraft, {user.username}! Type an idea to begin.")
        return redirect("comics:studio")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    token = Token.objects.filter(user=request.user).first()
    ctx = {"form": form, "token": token, "comic_count": request.user.comics.count()}
    return render(request, "accounts/profile.html", ctx)


@login_required
@require_POST
def regenerate_token(request):
    """Issue a fresh API token; the old one stops working at once."""
    replaced, _ = Token.objects.filter(user=request.user).delete()
    Token.objects.create(user=request.user)
    note = " The previous one no longer works." if replaced else ""
    messages.success(request, f"Your API token was created.{note}")
    return redirect("accounts:profile")


# --- Provider accounts -------------------------------------------------------------


def account_name(account: ProviderAccount) -> str:
    return account.label or account.get_provider_display()


def default_kinds(user) -> dict[int, list[str]]:
    """For each account id, the kinds it is the user's default for."""
    choice = services.backend_choice_for(user)
    kinds: dict[int, list[str]] = {}
    for kind in provider_catalog.KINDS:
        account_id = getattr(choice, f"{kind}_account_id")
        if account_id is not None:
            kinds.setdefault(account_id, []).append(kind)
    return kinds


# Test connection results waiting to be shown on their account's card, by account id.
CONNECTION_RESULTS_KEY = "provider_connection_results"


# A connection that worked although the account's model is not one the provider listed.
def keep_connection_result(request, account: ProviderAccount, level: str, message: str) -> None:
    """Hold a Test connection result for the list, which shows it on the account's own card."""
    results = request.session.get(CONNECTION_RESULTS_KEY, {})
    results[str(account.pk)] = {"level": level, "message": message}
    request.session[CONNECTION_RESULTS_KEY] = results


def connection_result_level(result) -> str:
    if not result.ok:
        return "error"
    return "warning" if result.warning else "success"


def card_url(account: ProviderAccount) -> str:
    """The settings list, scrolled to the account's card."""
    return f"{reverse('accounts:providers')}#provider-{account.pk}"


def render_providers(request, defaults_form: DefaultProvidersForm | None = None):
    accounts = list(ProviderAccount.objects.owned_by(request.user))
    defaults_for = default_kinds(request.user)
    # Shown once, like a message, but on the card it is about.
    results = request.session.pop(CONNECTION_RESULTS_KEY, {})
    rows = [
        {
            "account": account,
            "default_for": defaults_for.get(account.pk, []),
            "connection_result": results.get(str(account.pk)),
        }
        for account in accounts
    ]
    ctx = {"rows": rows, "defaults_form": defaults_form or DefaultProvidersForm(user=request.user)}
    return render(request, "accounts/providers.html", ctx)


@login_required
def providers(request):
    return render_providers(request)


@login_required
@require_POST
def provider_defaults(request):
    form = DefaultProvidersForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.choose_backends(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_model_errors(exc)
        else:
            messages.success(request, "Default providers saved.")
            return redirect("accounts:providers")
    return render_providers(request, defaults_form=form)


@sensitive_variables()
def save_account_from(form: ProviderAccountForm, account: ProviderAccount) -> bool:
    """Save ``form`` into ``account`` through the service; on a rule broken, the errors go on the form."""
    if not form.is_valid():
        return False
    try:
        services.save_provider_account(account, **form.cleaned_data)
    except ValidationError as exc:
        form.add_model_errors(exc)
        return False
    return True


def render_account_form(request, form: ProviderAccountForm, *, account: ProviderAccount | None = None, name: str = ""):
    ctx = {
        "form": form,
        "account": account,
        "account_name": name,
        "placeholders": form.placeholders_by_provider(),
        "help_lines": form.help_by_provider(),
    }
    return render(request, "accounts/provider_form.html", ctx)


@sensitive_post_parameters("api_key")
@login_required
@require_http_methods(["GET", "POST"])
def provider_new(request):
    account = ProviderAccount(owner=request.user)
    form = ProviderAccountForm(request.POST or None, account=account)
    if request.method == "POST" and save_account_from(form, account):
        messages.success(request, f"{account_name(account)} was added. Test the connection to check it works.")
        return redirect("accounts:providers")
    return render_account_form(request, form)


@sensitive_post_parameters("api_key")
@login_required
@require_http_methods(["GET", "POST"])
def provider_edit(request, account_id: int):
    account = owned_account(request.user, account_id)
    stored_name = account_name(account)
    form = ProviderAccountForm(request.POST or None, account=account)
    if request.method == "POST" and save_account_from(form, account):
        messages.success(request, f"{account_name(account)} was saved.")
        return redirect("accounts:providers")
    # A failed save changed ``account`` in memory only; the page names it as stored.
    return render_account_form(request, form, account=account, name=stored_name)


@login_required
@require_http_methods(["GET", "POST"])
def provider_delete(request, account_id: int):
    account = owned_account(request.user, account_id)
    name = account_name(account)
    if request.method == "POST":
        account.delete()
        messages.success(request, f"{name} was deleted.")
        return redirect("accounts:providers")
    ctx = {"account": account, "account_name": name, "default_for": default_kinds(request.user).get(account.pk, [])}
    return render(request, "accounts/provider_confirm_delete.html", ctx)


def connection_test_wait(request) -> float | None:
    """None when the user may run a test now, else about how many seconds until they may.

    The API's throttle itself, so the settings page and the API draw on one
    allowance per user.
    """
    throttle = ConnectionTestThrottle()
    if throttle.allow_request(request, None):
        return None
    return throttle.wait() or throttle.duration


@login_required
@require_POST
def provider_test(request, account_id: int):
    account = owned_account(request.user, account_id)
    wait = connection_test_wait(request)
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        unit = "second" if seconds == 1 else "seconds"
        message = f"Too many connection tests in a short time. Try again in {seconds} {unit}."
        keep_connection_result(request, account, "error", message)
    else:
        result = services.check_connection(account)
        # The card is on the settings page already, and its Edit button is beside the message.
        message = result.message.replace(" Check it on your settings page.", " Check it with Edit.")
        keep_connection_result(request, account, connection_result_level(result), message)
    return redirect(card_url(account))
