"""The ``gongkai`` command: one entry point over the management commands.

``gongkai <command> …`` runs the management command of that name (``serve``, ``migrate``,
``demo``, ``createadmin``, ``deadline``, ``calendar``, ``audit`` …); ``gongkai django <command>``
is an explicit passthrough to any Django management command.
"""

from __future__ import annotations

import os
import sys

USAGE = """用法: gongkai <命令> [参数]

常用命令:
  serve [--host H] [--port P]   启动生产级 Web 服务（gunicorn，并启动后台任务进程）
  worker                        后台任务：检索索引、定时发布、每日提醒
  migrate                       创建或升级数据库结构
  demo                          初始化数据库并载入演示数据
  createadmin                   创建系统管理员
  deadline --received YYYY-MM-DD [--corrected …] [--pause A:B]… [--extension N] --json
                                计算法定期限并说明计算过程
  calendar import|show|confirm  维护工作日历（节假日与调休）
  report parse FILE... [--json] 解析已发布的政府信息公开工作年度报告（TXT/HTML/PDF/DOCX）
  report annual --organ CODE --year YYYY --format json|html|docx|pdf [-o FILE]
                                生成政府信息公开工作年度报告
  report import FILE... [--organ CODE]
                                把已发布的年度报告导入年报库
  cases import FILE.jsonl --organ CODE
                                导入原系统的依申请公开办件
  remind                        发送到期提醒（办件、年度报告）
  audit verify                  校验审计日志哈希链
  search "检索词" [--limit N] [--organ CODE] --json
                                检索政策文件、解读、年度报告和常见问题
  ask "问题" --json              智能问答（注明出处）
  reindex [--entries] [--embed] 重建检索索引
  django <命令> …               执行任意 Django 管理命令

每个命令的详细参数: gongkai <命令> --help
"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0
    if argv[0] == "django":
        argv = argv[1:] or ["help"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    # Only the long-running server benefits from a connection pool; one-shot commands connect
    # directly (and fail fast when the database is unreachable).
    os.environ.setdefault("GONGKAI_DB_POOL", "1" if argv[0] == "serve" else "0")
    from django.core.exceptions import ImproperlyConfigured
    from django.db import OperationalError

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"gongkai: 配置错误：{exc}\n")
        return 2
    from django.core.management import ManagementUtility

    utility = ManagementUtility(["gongkai", *argv])
    try:
        utility.execute()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        return 130
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(f"gongkai: 无法连接或操作数据库：{first_line}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
