"""The Celery app. Used only when REDIS_URL is set; see settings.JOBS_IN_PROCESS."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from comics.sweep import WorkerSweep

app = Celery("panelcraft")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Every worker hands jobs of dead workers back to the queue.
app.steps["worker"].add(WorkerSweep)
