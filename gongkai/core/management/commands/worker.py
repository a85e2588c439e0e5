"""``gongkai worker`` — the background worker: runs queued tasks (search indexing on publish
and withdraw, embeddings, re-segmentation), publishes documents whose scheduled time has come,
and sends the day's reminders once the working day starts.

``gongkai serve`` starts one alongside the web server unless given ``--no-worker``; a deployment
that runs several web servers runs exactly one ``gongkai worker`` of its own instead.
"""

from __future__ import annotations

import signal
import time

from django.core.management import call_command
from django.db import close_old_connections
from django.utils import timezone

from gongkai.core.commands import GongkaiCommand


class Command(GongkaiCommand):
    help = "后台任务：检索索引、定时发布、每日提醒"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="空闲时的轮询间隔（秒）")
        parser.add_argument(
            "--schedule-every", type=int, default=60, help="检查定时发布的间隔（秒）"
        )
        parser.add_argument(
            "--remind-at", type=int, default=8, help="每日提醒的时刻（0–23 时，本地时间）"
        )
        parser.add_argument("--once", action="store_true", help="处理一轮后退出")

    def handle(self, *args, **options):
        stopping = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.append(True))
        last_schedule = 0.0
        reminded_on = None
        while not stopping:
            close_old_connections()
            if time.monotonic() - last_schedule >= options["schedule_every"]:
                last_schedule = time.monotonic()
                self._publish_due()
            now = timezone.localtime()
            if now.hour >= options["remind_at"] and reminded_on != now.date():
                reminded_on = now.date()
                self._run("remind")
            call_command("db_worker", batch=True, verbosity=0, startup_delay=False)
            if options["once"]:
                break
            time.sleep(options["interval"])

    def _publish_due(self) -> None:
        from gongkai.publications.services.documents import documents_publish_due

        try:
            published, problems = documents_publish_due()
        except Exception as exc:  # the worker keeps running; the log says why
            self.stderr.write(f"定时发布失败：{exc}")
            return
        if published:
            self.stdout.write(f"定时发布 {len(published)} 件。")
        for problem in problems:
            self.stderr.write(f"定时发布未完成：{problem}")

    def _run(self, command: str) -> None:
        try:
            call_command(command, stdout=self.stdout)
        except SystemExit:
            pass
        except Exception as exc:
            self.stderr.write(f"{command} 失败：{exc}")
