"""Background work, through Django's tasks API (the django-tasks backport).

The database backend queues each task as a row and ``manage.py db_worker`` runs it (``make
run`` starts one beside the server); docs/tasks.md says how to swap in a Celery backend.
A task takes ids, never objects, and reads everything else from the database, so any
worker on any machine can run it.
"""

from __future__ import annotations

from django_tasks import task

from . import impact


@task()
def preview_impact(run_id: int) -> None:
    """Score every stored design with and without the run's pack version (``impact.py``)."""
    impact.run_preview(run_id)
