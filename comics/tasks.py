from celery import shared_task

from . import pipeline


@shared_task(name="comics.run_generation_job", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_generation_job(job_id: int) -> None:
    """Run one generation job. Only the id travels through the broker.

    A copy redelivered after its worker died finds the job still claimed by
    the dead run and does nothing: the sweep (``comics.sweep``) hands the job
    back to the queue once the dead run's lease runs out, and a live worker
    resumes it.
    """
    pipeline.run_job(job_id)
