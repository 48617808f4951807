from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm, SignInForm

app_name = "accounts"

# Django's log-in and log-out views put the request's host in ``site_name``
# (no sites framework here), which would replace the site's own name in
# their page titles; they get it back this way.
SITE = {"site_name": settings.SITE_NAME}

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", auth_views.LoginView.as_view(authentication_form=SignInForm, extra_context=SITE), name="login"),
    path("logout/", auth_views.LogoutView.as_view(extra_context=SITE), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/token/", views.regenerate_token, name="regenerate_token"),
    path("providers/", views.providers, name="providers"),
    path("providers/new/", views.provider_new, name="provider_new"),
    path("providers/defaults/", views.provider_defaults, name="provider_defaults"),
    path("providers/<int:account_id>/edit/", views.provider_edit, name="provider_edit"),
    path("providers/<int:account_id>/delete/", views.provider_delete, name="provider_delete"),
    path("providers/<int:account_id>/test/", views.provider_test, name="provider_test"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            form_class=PasswordChangeForm, success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=SetPasswordForm, success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
