from django.apps import AppConfig


class GalleryConfig(AppConfig):
    """Publishing, the public gallery, likes and moderation.

    Built on ``comics``; nothing in ``comics``, ``accounts`` or ``renderers``
    imports this app.
    """

    name = "gallery"
    verbose_name = "Gallery"
