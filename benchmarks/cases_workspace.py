"""Workspace case list at scale (issue #3): load 100k applications, then measure the list page's
query count (it must not grow with the number of cases) and its p50/p95 latency, on SQLite and
PostgreSQL. Target: p95 < 150 ms.

    .venv/bin/python benchmarks/cases_workspace.py [--cases 100000] [--db sqlite,postgres] [--requests 200]

Each database runs in its own process on a fresh database (SQLite in a temp dir; PostgreSQL
database ``gk_bench_cases`` on 127.0.0.1:5432, recreated).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def driver(args) -> None:
    results = []
    for db in args.db.split(","):
        env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
        tmp = tempfile.mkdtemp(prefix="gk-bench-")
        env["GONGKAI_DATA_DIR"] = tmp
        env["GONGKAI_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
        if db == "sqlite":
            env["GONGKAI_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        else:
            subprocess.run(
                ["psql", PG_ADMIN, "-qc", "DROP DATABASE IF EXISTS gk_bench_cases"], check=True
            )
            subprocess.run(["psql", PG_ADMIN, "-qc", "CREATE DATABASE gk_bench_cases"], check=True)
            env["GONGKAI_DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/gk_bench_cases"
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                "--cases",
                str(args.cases),
                "--requests",
                str(args.requests),
            ],
            env=env,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if out.returncode != 0:
            sys.stderr.write(out.stderr)
            raise SystemExit(f"benchmark worker failed for {db}")
        results.append({"db": db, **json.loads(out.stdout.strip().splitlines()[-1])})
    print(
        f"\nWorkspace case list — {args.cases:,} applications, {args.requests} requests per page\n"
    )
    print(
        f"{'db':<9}{'load s':>8}  {'page':<28}{'queries@1k':>11}{'queries@N':>10}{'p50 ms':>9}{'p95 ms':>9}"
    )
    for r in results:
        for page in r["pages"]:
            print(
                f"{r['db']:<9}{r['load_seconds']:>8.1f}  {page['name']:<28}{page['queries_small']:>11}"
                f"{page['queries_large']:>10}{page['p50']:>9.1f}{page['p95']:>9.1f}"
            )
    worst = max(p["p95"] for r in results for p in r["pages"])
    print(f"\nworst p95: {worst:.1f} ms (target < 150 ms)")


def worker(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from gongkai.orgs.demo import load as load_orgs

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load_orgs()
    started = time.perf_counter()
    _bulk_cases(1_000)
    pages = [
        ("OGI office: all open", "gkb_head", "/workspace/cases/?queue=open"),
        ("OGI office: overdue", "gkb_head", "/workspace/cases/?queue=overdue"),
        ("department handler: mine", "zrzy_handler", "/workspace/cases/?queue=mine"),
        ("department head: review", "zrzy_head", "/workspace/cases/?queue=review"),
        ("OGI office: closed, page 40", "gkb_head", "/workspace/cases/?queue=closed&page=40"),
    ]
    clients = {}
    small = {}
    for name, user, url in pages:
        client = clients.setdefault(user, _client(Client, user))
        client.get(url)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        small[name] = counter[0]
    _bulk_cases(args.cases - 1_000)
    load_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    results = []
    for name, user, url in pages:
        client = clients[user]
        for _ in range(5):
            client.get(url)
        with count_queries() as counter:
            client.get(url)
        timings = []
        for _ in range(args.requests):
            t = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        timings.sort()
        results.append(
            {
                "name": name,
                "queries_small": small[name],
                "queries_large": counter[0],
                "p50": statistics.median(timings),
                "p95": timings[int(len(timings) * 0.95) - 1],
            }
        )
    print(json.dumps({"load_seconds": load_seconds, "pages": results}))


@contextlib.contextmanager
def count_queries():
    """Count every query (CaptureQueriesContext stops counting once Django's log is full)."""
    from django.db import connection

    counter = [0]

    def wrapper(execute, sql, params, many, context):
        counter[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield counter


def _client(client_class, username):
    from gongkai.orgs.models import User

    client = client_class()
    client.force_login(User.objects.get(username=username))
    return client


def _bulk_cases(count: int) -> None:
    """Realistic rows inserted in bulk (the services are measured elsewhere)."""
    import random
    import uuid
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from gongkai.calendars.models import Jurisdiction, TrackedDeadline
    from gongkai.cases.models import Applicant, Application, Item
    from gongkai.core.crypto import encrypt, mask_name
    from gongkai.orgs.models import Organ, User

    rng = random.Random(count)
    organs = list(Organ.objects.filter(level="department"))
    handlers = {
        u.username.split("_")[0]: u for u in User.objects.filter(username__endswith="_handler")
    }
    nation = Jurisdiction.objects.get(code="CN")
    # A city-level archive: about 2 % of the cases are open at any time (20 working days out of a
    # year's flow), the rest delivered, archived or closed.
    states = (
        ["archived"] * 880
        + ["delivered"] * 80
        + ["closed"] * 20
        + ["assigned"] * 8
        + [
            "accepted",
            "reviewing",
            "signing",
            "consulting",
            "registered",
            "legal_review",
            "correction",
            "signed",
            "fee_pending",
            "art35_pending",
            "accepted",
            "assigned",
        ]
    )
    today = timezone.localdate()
    name_enc = encrypt("演示申请人")
    start = Application.objects.count()
    batch = 5000
    for offset in range(0, count, batch):
        n = min(batch, count - offset)
        with transaction.atomic():
            deadlines, cases = [], []
            for i in range(n):
                organ = rng.choice(organs)
                received = today - timedelta(days=rng.randrange(1, 900))
                state = rng.choice(states)
                closed = state in ("archived", "delivered", "closed")
                deadlines.append(
                    TrackedDeadline(
                        rule="reply",
                        jurisdiction=nation,
                        start=received,
                        working_days=20,
                        due=received + timedelta(days=28),
                        internal_due=received + timedelta(days=27),
                        confirmed=True,
                        explanation=["…"],
                        is_open=not closed,
                    )
                )
                seq = start + offset + i + 1
                cases.append(
                    Application(
                        public_id=uuid.uuid4(),
                        number=f"依申〔{received.year}〕{seq}号",
                        tracking_code=f"B{seq:011d}",
                        organ=organ,
                        handling_organ=organ,
                        handler=handlers.get(organ.code.split("-", 1)[1]),
                        state=state,
                        channel="online",
                        submitted_at=timezone.now(),
                        received_on=received,
                        applicant_type="NP",
                        summary=f"关于某地块征收补偿方案的政府信息（第{seq}号）",
                        closed_on=received + timedelta(days=25) if closed else None,
                        outcome_row=rng.choice(["R3.1", "R3.4.1", "R3.2"]) if closed else "",
                    )
                )
            TrackedDeadline.objects.bulk_create(deadlines)
            for case, deadline in zip(cases, deadlines, strict=True):
                case.reply_deadline = deadline
            Application.objects.bulk_create(cases)
            Applicant.objects.bulk_create(
                [
                    Applicant(application=c, name_enc=name_enc, name_masked=mask_name("演示申请人"))
                    for c in cases
                ]
            )
            Item.objects.bulk_create(
                [Item(application=c, position=1, description=c.summary) for c in cases]
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--worker", action="store_true")
    options = parser.parse_args()
    worker(options) if options.worker else driver(options)
