"""Background tasks (django-tasks): scheduled publication. Enqueue ``publish_due`` from a
scheduler every few minutes, or run ``gongkai publications publish-due`` from cron."""

from __future__ import annotations

from django_tasks import task

from gongkai.publications.services.documents import documents_publish_due


@task()
def publish_due() -> dict:
    published, problems = documents_publish_due()
    return {"published": [d.pk for d in published], "problems": problems}
