from django.apps import AppConfig


class GalleryConfig(AppConfig):
    """Publishing, the public gallery, likes and moderation.

    Built on ``comics``; nothing in ``comics``, ``accounts`` or ``renderers``
    imports this app.
    """

    name = "gallery"
    verbose_name = "Gallery"

    def ready(self):
        from comics import extensions

        from . import receivers  # noqa: F401 - connects to comics' signals

        # Likes for everyone, "Report" for signed-in readers, the moderators' buttons for moderators.
        extensions.register_reader_part("gallery/parts/reader_like.html")
        extensions.register_reader_part("gallery/parts/reader_report.html")
        extensions.register_reader_part("gallery/parts/reader_moderate.html")
