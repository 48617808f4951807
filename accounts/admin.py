from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Panelcraft", {"fields": ("display_name",)}))
    list_display = ("username", "email", "display_name", "is_staff", "date_joined")
