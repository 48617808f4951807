from django.contrib import admin

from .models import Character, Comic, GenerationJob, ModelPrice, Page, Panel


class CharacterInline(admin.TabularInline):
    model = Character
    extra = 0


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    fields = ("index", "beat", "layout", "scripted", "image")
    readonly_fields = fields
    show_change_link = True


class PanelInline(admin.StackedInline):
    model = Panel
    extra = 0
    readonly_fields = ("art_backend", "art_model", "art_width", "art_height", "art_steps", "art_seconds")


@admin.register(Comic)
class ComicAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "owner", "kind", "style", "page_count", "visibility", "created_at")
    list_filter = ("kind", "style", "visibility")
    search_fields = ("title", "idea", "owner__username")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    inlines = [CharacterInline, PageInline]
    # Changed only by the author (publishing) and by moderators (the gallery's moderation, which
    # writes the audit log), and the count only by likes: never by hand here.
    readonly_fields = ("visibility", "published_at", "hidden_at", "hidden_reason", "featured_at", "like_count")


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("id", "comic", "index", "layout", "scripted")
    list_select_related = ("comic",)
    raw_id_fields = ("comic",)
    inlines = [PanelInline]


@admin.register(GenerationJob)
class GenerationJobAdmin(admin.ModelAdmin):
    list_display = ("id", "comic", "status", "progress", "stage", "attempts", "created_at", "finished_at")
    list_filter = ("status",)
    list_select_related = ("comic",)
    raw_id_fields = ("comic",)
    readonly_fields = ("events", "timings", "backends")


@admin.register(ModelPrice)
class ModelPriceAdmin(admin.ModelAdmin):
    """The price table behind every job's estimated cost."""

    list_display = (
        "model",
        "provider",
        "input_per_million",
        "output_per_million",
        "per_image",
        "per_call",
        "updated_at",
    )
    list_editable = ("input_per_million", "output_per_million", "per_image", "per_call")
    list_filter = ("provider",)
    search_fields = ("model",)
