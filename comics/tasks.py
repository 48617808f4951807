from celery import shared_task
from django.conf import settings

from . import pipeline


@shared_task(
    bind=True,
    name="comics.run_generation_job",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=12,
)
def run_generation_job(self, job_id: int) -> None:
    """Run one generation job. Only the id travels through the broker.

    A task redelivered after its worker died finds the job still leased to
    the dead run; it comes back once the lease has run out and resumes it.
    """
    if pipeline.run_job(job_id) is None and pipeline.is_leased(job_id):
        raise self.retry(countdown=settings.PANELCRAFT["JOB_LEASE_SECONDS"])
