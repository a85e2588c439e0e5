"""``gongkai demo`` — migrate the configured database and load the demo district (idempotent)."""

from __future__ import annotations

from django.core.management import call_command
from django.db import transaction
from django.utils.module_loading import import_string

from gongkai.core.commands import GongkaiCommand

# Each app's loader, in dependency order. A loader is idempotent and returns summary lines.
LOADERS = [
    "gongkai.orgs.demo.load",
    "gongkai.cases.demo.load",
    "gongkai.publications.demo.load",
    "gongkai.reports.demo.load",
    "gongkai.search.demo.load",
]


class Command(GongkaiCommand):
    help = "初始化数据库并载入演示数据（可重复运行，不会重复创建）"

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        for dotted in LOADERS:
            with transaction.atomic():
                for line in import_string(dotted)():
                    self.stdout.write(line)
        from gongkai.orgs.demo import demo_logins

        logins = demo_logins()
        if logins:
            self.stdout.write("演示账号（密码均为 " + logins[0][2] + "）：")
            for role, username, _ in logins:
                self.stdout.write(f"  {role:<8} {username}")
