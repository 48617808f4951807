from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from .forms import ProfileForm, SignupForm


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
    Token.objects.filter(user=request.user).delete()
    Token.objects.create(user=request.user)
    messages.success(request, "A new API token was created. The previous one no longer works.")
    return redirect("accounts:profile")
