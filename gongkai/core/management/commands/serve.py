"""``gongkai serve`` — the production-grade web server (gunicorn), static files by WhiteNoise."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from gongkai.core.commands import GongkaiCommand


class Command(GongkaiCommand):
    help = "启动 Web 服务（gunicorn）"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("GONGKAI_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("GONGKAI_PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("GONGKAI_WEB_WORKERS", "2"))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("GONGKAI_WEB_THREADS", "4"))
        )
        parser.add_argument(
            "--access-log", action="store_true", help="输出访问日志（不含查询参数）"
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="不启动后台任务进程（另行运行 gongkai worker 时使用）",
        )

    def handle(self, *args, **options):
        connection = connections["default"]
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.fail(
                "数据库结构未初始化或需要升级，请先运行 gongkai migrate（或 gongkai demo 载入演示数据）"
            )
        call_command("collectstatic", interactive=False, verbosity=0)
        self._print_demo_logins()
        connections.close_all()
        for conn in connections.all(initialized_only=True):
            if getattr(conn, "pool", None) is not None:
                conn.close_pool()

        from gunicorn.app.base import BaseApplication

        bind = (
            f"[{options['host']}]:{options['port']}"
            if ":" in options["host"]
            else f"{options['host']}:{options['port']}"
        )
        config = {
            "bind": bind,
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread",
            "timeout": 60,
            "graceful_timeout": 20,
            "accesslog": "-" if options["access_log"] else None,
            # The path without the query string: tracking codes must never reach the logs.
            "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
            "errorlog": "-",
            "loglevel": "warning",
            "forwarded_allow_ips": os.environ.get("GONGKAI_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        }

        worker = None
        if not options["no_worker"]:
            # search indexing, scheduled publication and reminders run in their own process
            worker = subprocess.Popen([sys.executable, "-m", "gongkai", "worker"])
            config["on_exit"] = lambda _server: _stop(worker)

        class Server(BaseApplication):
            def load_config(self):
                for key, value in config.items():
                    if value is not None:
                        self.cfg.set(key, value)

            def load(self):
                from django.core.wsgi import get_wsgi_application

                return get_wsgi_application()

        self.stdout.write(
            f"公开平台已启动：http://{options['host']}:{options['port']}/  （Ctrl+C 停止）"
        )
        self.stdout.flush()
        try:
            Server().run()
        finally:
            if worker is not None:
                _stop(worker)

    def _print_demo_logins(self):
        if settings.PRODUCTION:
            return
        from gongkai.orgs.demo import demo_logins

        logins = demo_logins()
        if logins:
            self.stdout.write("演示账号（密码均为 " + logins[0][2] + "）：")
            for role, username, _ in logins:
                self.stdout.write(f"  {role:<8} {username}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
