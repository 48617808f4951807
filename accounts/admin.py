from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from .models import MAX_API_KEY_LENGTH, BackendChoice, ProviderAccount, User, validate_api_key


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Panelcraft", {"fields": ("display_name", "banned_at", "ban_reason")}))

    def get_readonly_fields(self, request, obj=None):
        # A ban is a moderator's act with an audit line (Moderation → People): not a box to untick here.
        readonly = (*super().get_readonly_fields(request, obj), "banned_at", "ban_reason")
        return (*readonly, "is_active") if obj is not None and obj.is_banned else readonly

    list_display = ("username", "email", "display_name", "is_staff", "date_joined")


class ProviderAccountForm(forms.ModelForm):
    """The key can be replaced here but is never shown: the field always renders empty."""

    api_key = forms.CharField(
        label="API key",
        required=False,
        max_length=MAX_API_KEY_LENGTH,
        validators=[validate_api_key],
        widget=forms.PasswordInput(render_value=False),
        help_text="Write-only. Leave blank to keep the stored key.",
    )

    class Meta:
        model = ProviderAccount
        fields = ("owner", "provider", "label", "api_key", "base_url", "text_model", "image_model")

    def clean(self):
        data = super().clean()
        # Set before the model's own validation runs, which checks that a key is there.
        if data.get("api_key"):
            self.instance.set_api_key(data["api_key"])
        return data


@admin.register(ProviderAccount)
class ProviderAccountAdmin(admin.ModelAdmin):
    form = ProviderAccountForm
    list_display = ("id", "owner", "provider", "label", "key_hint", "created_at")
    list_filter = ("provider",)
    search_fields = ("label", "owner__username")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    readonly_fields = ("key_hint", "created_at")

    @method_decorator(sensitive_post_parameters("api_key"))
    def changeform_view(self, request, *args, **kwargs):
        return super().changeform_view(request, *args, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # An account (and the key in it) never changes hands: the old owner's defaults would point at it.
        readonly = super().get_readonly_fields(request, obj)
        return ("owner", *readonly) if obj else readonly


@admin.register(BackendChoice)
class BackendChoiceAdmin(admin.ModelAdmin):
    list_display = ("user", "text_account", "image_account", "safety_account")
    list_select_related = ("user", "text_account", "image_account", "safety_account")
    raw_id_fields = ("user", "text_account", "image_account", "safety_account")
