"""The one task the framework runs: a job, by its id (the job's row holds everything else)."""

from django_tasks import task

from jixiao.jobs.services import job_execute


@task()
def run_job(job_id: str) -> None:
    job_execute(job_id)
