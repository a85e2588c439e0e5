from django_tasks import task

from gongkai.cases.services.reminders import send_reminders


@task()
def send_reminders_task() -> int:
    """Daily reminder e-mails (run by the task worker or `gongkai cases remind` from cron)."""
    return send_reminders()
