"""``gongkai api`` — the API's OpenAPI document and access tokens.

gongkai api schema [--write | --check]
gongkai api token create --user USERNAME --name PURPOSE
gongkai api token revoke PREFIX
"""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.api.models import ApiToken
from gongkai.api.services import api_token_create, api_token_revoke
from gongkai.core.commands import GongkaiCommand
from gongkai.orgs.models import User

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "openapi.json"


def current_schema() -> str:
    from gongkai.api.api import api

    return (
        json.dumps(
            api.get_openapi_schema(path_prefix="/api/v1/"),
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )


class Command(GongkaiCommand):
    help = "接口：导出/校验 OpenAPI 文档；创建、吊销接口令牌"

    def add_arguments(self, parser):
        sub = self.add_subcommands(parser)
        schema = sub.add_parser("schema")
        schema.add_argument("--write", action="store_true", help="写入 gongkai/api/openapi.json")
        schema.add_argument(
            "--check", action="store_true", help="与已提交的文档比较，不一致时退出码为1"
        )
        token = sub.add_parser("token")
        token_sub = token.add_subparsers(dest="token_action", required=True)
        create = token_sub.add_parser("create")
        create.add_argument("--user", required=True)
        create.add_argument("--name", required=True)
        revoke = token_sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args, **options):
        if options["action"] == "schema":
            text = current_schema()
            if options["write"]:
                SCHEMA_PATH.write_text(text, encoding="utf-8")
                self.stdout.write(f"已写入 {SCHEMA_PATH}")
            elif options["check"]:
                if not SCHEMA_PATH.exists() or SCHEMA_PATH.read_text(encoding="utf-8") != text:
                    self.fail(
                        "OpenAPI 文档与代码不一致：运行 gongkai api schema --write 并提交", code=1
                    )
                self.stdout.write("OpenAPI 文档与代码一致")
            else:
                self.stdout.write(text)
            return
        if options["token_action"] == "create":
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                self.fail(f"未知或已停用的用户：{options['user']}")
            _, key = api_token_create(actor=None, user=user, name=options["name"])
            self.stdout.write(key)
        else:
            token = ApiToken.objects.filter(prefix=options["prefix"], revoked=False).first()
            if token is None:
                self.fail(f"未找到有效令牌：{options['prefix']}")
            api_token_revoke(actor=None, token=token)
            self.stdout.write("已吊销")
