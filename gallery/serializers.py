"""The gallery API's input and output shapes; the gallery page validates its query with the same input."""

from __future__ import annotations

from rest_framework import serializers

from config import field_messages
from config.pagination import PagePagination

from . import listing


class GalleryQueryInput(serializers.Serializer):
    """``?sort=&q=&kind=&style=&page=&page_size=``; blank values mean "any"."""

    sort = serializers.ChoiceField(
        choices=list(listing.SORTS.items()),
        required=False,
        allow_blank=True,
        default=listing.DEFAULT_SORT,
        help_text="new (newest first), top (most likes), trending (most likes in the last 7 days).",
        error_messages=field_messages.choose_one("sort", listing.SORTS.items()),
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=listing.MAX_QUERY_LENGTH,
        help_text="Words from the title, the idea, or the author's name.",
        error_messages={
            **field_messages.api_text("the search"),
            "max_length": f"Search for at most {listing.MAX_QUERY_LENGTH} characters.",
        },
    )
    kind = serializers.ChoiceField(
        choices=listing.kind_choices(),
        required=False,
        allow_blank=True,
        default="",
        error_messages=field_messages.choose_one("kind", listing.kind_choices()),
    )
    style = serializers.ChoiceField(
        choices=listing.style_choices(),
        required=False,
        allow_blank=True,
        default="",
        error_messages=field_messages.choose_one("style", listing.style_choices()),
    )
    page = serializers.IntegerField(
        required=False,
        min_value=1,
        default=1,
        error_messages=field_messages.PAGE_NUMBER,
    )
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=PagePagination.max_page_size,
        default=PagePagination.page_size,
        error_messages=field_messages.PAGE_SIZE,
    )

    def validate_sort(self, value: str) -> str:
        return value or listing.DEFAULT_SORT

    def filters(self) -> dict[str, str]:
        """The keyword arguments for ``listing.cards``."""
        data = self.validated_data
        return {"sort": data["sort"], "q": data["q"].strip(), "kind": data["kind"], "style": data["style"]}


def first_error(errors: dict) -> str:
    """One plain sentence from a serializer's errors, for a page that shows a single message."""
    for messages in errors.values():
        if isinstance(messages, list) and messages:
            return str(messages[0])
    return "That is not a gallery address we understand."


class GalleryCardOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="display_title")
    author = serializers.CharField(source="owner.byline")
    cover_url = serializers.CharField(help_text="Empty when the comic has no cover.")
    like_count = serializers.IntegerField()
    liked = serializers.BooleanField(help_text="Whether the signed-in caller likes it; false when signed out.")
    kind = serializers.CharField()
    style = serializers.CharField()
    published_at = serializers.DateTimeField()
    url = serializers.CharField(source="get_absolute_url", help_text="The reader page.")


class GalleryPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = GalleryCardOutput(many=True)


class LikeStateOutput(serializers.Serializer):
    liked = serializers.BooleanField()
    like_count = serializers.IntegerField()
