"""The Celery app. Used only when REDIS_URL is set; see settings.JOBS_IN_PROCESS."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("panelcraft")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
