"""``gongkai createadmin`` — create a system administrator (superuser)."""

from __future__ import annotations

import getpass
import os
import sys

from django.core.exceptions import ObjectDoesNotExist

from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import GongkaiError
from gongkai.orgs.roles import Role, Scope
from gongkai.orgs.selectors import organ_get
from gongkai.orgs.services import staff_create


class Command(GongkaiCommand):
    help = "创建系统管理员（可用 --organ 同时授予该机关及下级机关的管理员角色）"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", help="省略时读取 GONGKAI_ADMIN_PASSWORD 或交互输入")
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="系统管理员")
        parser.add_argument("--organ", help="机关代码")

    def handle(self, *args, **options):
        password = options["password"] or os.environ.get("GONGKAI_ADMIN_PASSWORD")
        if not password:
            if not sys.stdin.isatty():
                self.fail("请用 --password 或环境变量 GONGKAI_ADMIN_PASSWORD 提供密码")
            password = getpass.getpass("密码：")
            if password != getpass.getpass("再次输入密码："):
                self.fail("两次输入的密码不一致")
        memberships = []
        if options["organ"]:
            try:
                memberships = [(organ_get(options["organ"]), Role.ADMIN, Scope.SUBTREE)]
            except ObjectDoesNotExist:
                self.fail(f"未知机关代码：{options['organ']}")
        try:
            user = staff_create(
                actor=None,
                username=options["username"],
                password=password,
                display_name=options["name"],
                email=options["email"],
                memberships=memberships,
                is_superuser=True,
            )
        except GongkaiError as exc:
            self.fail(exc.message)
        self.stdout.write(f"已创建系统管理员 {user.username}")
