from django.apps import AppConfig
from django.conf import settings


class ComicsConfig(AppConfig):
    name = "comics"
    verbose_name = "Comics"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the site provider checks)

        if settings.PANELCRAFT["TEST_BACKENDS"]:
            import renderers.latency  # noqa: F401  (registers the test doubles)
