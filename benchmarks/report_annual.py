"""Annual-report computation at scale (issue 4): 40 organs, 100k applications and 1M
administrative decision records, on SQLite and PostgreSQL.

For each database it builds a fresh database (migrations; a district government with 39
departments, one of them excluded from the roll-up; 100,000 applications received 2022–2026 with
every applicant type and outcome row; remedies; 1,000,000 decision records 2019–2026; 20,000
published documents with 规章 / 规范性文件 among them), then measures for the district's roll-up
report of 2025:

- the full JSON report — exactly what ``gongkai report annual --format json`` computes: table
  二/三/四, the previous year for the checks, the narrative facts and drafts, the checks, the
  JSON rendering (in process; the CLI's process start is reported separately);
- the bare aggregate SQL over the same data: hand-written GROUP BY queries giving the same
  table 二/三/四 figures for one year, through the raw cursor — the floor any implementation pays;
- the ratio of the two (target ≤ 3×; absolute target < 2 s);
- DOCX and PDF rendering of the same report (target < 5 s each);
- the CLI end to end (``gongkai report annual … --format json``), for information.

    .venv/bin/python benchmarks/report_annual.py                      # both databases
    .venv/bin/python benchmarks/report_annual.py --db sqlite --cases 10000 --decisions 100000

PostgreSQL: database ``gk_bench_report`` on 127.0.0.1:5432 (dropped and recreated).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/gk_bench_report"
YEAR = 2025
ROOT_CODE = "bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    results = []
    for db in args.db.split(","):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PYTEST_"))}
        tmp = tempfile.mkdtemp(prefix="gk-bench-report-")
        env["GONGKAI_DATA_DIR"] = tmp
        if db == "sqlite":
            env["GONGKAI_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        else:
            _recreate_pg(PG_URL)
            env["GONGKAI_DATABASE_URL"] = PG_URL
        command = [sys.executable, __file__, "--worker", *_passthrough(args)]
        out = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            sys.stderr.write(out.stderr[-4000:])
            raise SystemExit(f"benchmark worker failed for {db}")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["cli_ms"] = _time_cli(env)
        results.append({"db": db, **result})
    _print(args, results)


def _passthrough(args) -> list[str]:
    return [
        f"--cases={args.cases}",
        f"--decisions={args.decisions}",
        f"--documents={args.documents}",
        f"--runs={args.runs}",
    ]


def _recreate_pg(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _time_cli(env: dict) -> float:
    command = [
        str(ROOT / ".venv" / "bin" / "gongkai"),
        "report",
        "annual",
        "--organ",
        ROOT_CODE,
        "--year",
        str(YEAR),
        "--format",
        "json",
    ]
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        out = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
        timings.append((time.perf_counter() - started) * 1000)
        if out.returncode != 0:
            raise SystemExit(f"gongkai report annual failed: {out.stderr.strip()}")
        json.loads(out.stdout)
    return statistics.median(timings)


# --- the worker (one database) -------------------------------------------------------------------


def worker(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    organ_ids = _organs()
    _cases(args.cases, organ_ids)
    _decisions(args.decisions, organ_ids)
    _documents(args.documents, organ_ids)
    _analyze()
    load_seconds = time.perf_counter() - started

    from gongkai.orgs.models import Organ
    from gongkai.reports.compute import report_organ_ids
    from gongkai.reports.render import render_docx, render_json, render_pdf
    from gongkai.reports.services import adhoc_document

    organ = Organ.objects.get(code=ROOT_CODE)
    covered = report_organ_ids(organ)

    def full_json():
        return json.dumps(render_json(adhoc_document(organ, YEAR)), ensure_ascii=False)

    report = json.loads(full_json())  # warm-up (and the figures to compare)
    bare = _bare_sql(covered, YEAR)
    _same_figures(report, bare)
    json_ms = _timed(full_json, args.runs)
    bare_ms = _timed(lambda: _bare_sql(covered, YEAR), args.runs)
    document = adhoc_document(organ, YEAR)
    docx_ms = _timed(lambda: render_docx(adhoc_document(organ, YEAR)), 3)
    pdf_ms = _timed(lambda: render_pdf(adhoc_document(organ, YEAR)), 3)
    print(
        json.dumps(
            {
                "load_seconds": load_seconds,
                "organs": Organ.objects.count(),
                "covered": len(covered),
                "json_ms": json_ms,
                "bare_ms": bare_ms,
                "docx_ms": docx_ms,
                "pdf_ms": pdf_ms,
                "r1": report["applications"]["R1"]["TOT"],
                "r37": report["applications"]["R3.7"]["TOT"],
                "checks": len(document.checks),
            }
        )
    )


def _timed(fn, runs: int) -> dict:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    return {"median": statistics.median(timings), "max": max(timings)}


def _organs() -> list[int]:
    from gongkai.orgs.models import Organ
    from gongkai.orgs.services import organ_create

    government = organ_create(
        actor=None,
        code=ROOT_CODE,
        name="基准市测试区人民政府",
        short_name="测试区政府",
        level=Organ.Level.GOVERNMENT,
    )
    ids = [government.pk]
    for n in range(1, 40):
        organ = organ_create(
            actor=None,
            code=f"{ROOT_CODE}-{n:02d}",
            name=f"基准市测试区第{n}局",
            short_name=f"第{n}局",
            level=Organ.Level.DEPARTMENT,
            parent=government,
            sort_order=n,
            # one bureau reports to its city-level parent (seed 003): not rolled up
            excluded_from_rollup=(n == 39),
        )
        ids.append(organ.pk)
    return ids


COLUMNS = ["NP"] * 90 + ["COM"] * 6 + ["RES", "NGO", "LAW", "OTH"]
OUTCOMES = (
    ["R3.1"] * 30
    + ["R3.2"] * 8
    + ["R3.3.1", "R3.3.2", "R3.3.3", "R3.3.4", "R3.3.5", "R3.3.6", "R3.3.7", "R3.3.8"]
    + ["R3.4.1"] * 3
    + ["R3.4.2", "R3.4.3"]
    + ["R3.5.1"] * 20
    + ["R3.5.2", "R3.5.3", "R3.5.4", "R3.5.5"]
    + ["R3.6.1", "R3.6.2", "R3.6.3"]
)


def _cases(count: int, organ_ids: list[int]) -> None:
    """Applications received 2022-01 … 2026-11; ~97 % closed within 40 days, the rest still open
    (some carried over from earlier years); 3 % went to review or court."""
    import uuid

    from django.db import transaction
    from django.utils import timezone

    from gongkai.calendars.models import Jurisdiction, TrackedDeadline
    from gongkai.cases.models import Applicant, Application, Remedy
    from gongkai.core.crypto import encrypt, mask_name

    rng = random.Random(4)
    nation = Jurisdiction.objects.get(code="CN")
    first, last = date(2022, 1, 3), date(2026, 11, 20)
    span = (last - first).days
    name_enc = encrypt("基准申请人")
    now = timezone.now()
    for offset in range(0, count, 5000):
        n = min(5000, count - offset)
        with transaction.atomic():
            deadlines, cases = [], []
            for i in range(n):
                received = first + timedelta(days=rng.randrange(span))
                closed = rng.random() < 0.97 or received < date(2026, 10, 1)
                closed_on = received + timedelta(days=rng.randrange(3, 40)) if closed else None
                if closed_on and closed_on > last:
                    closed_on = None
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
                        is_open=closed_on is None,
                    )
                )
                seq = offset + i + 1
                cases.append(
                    Application(
                        public_id=uuid.uuid4(),
                        number=f"依申〔{received.year}〕{seq}号",
                        tracking_code=f"R{seq:011d}",
                        organ_id=organ_ids[rng.randrange(len(organ_ids))],
                        state="archived" if closed_on else "assigned",
                        channel="online",
                        submitted_at=now,
                        received_on=received,
                        applicant_type=COLUMNS[rng.randrange(len(COLUMNS))],
                        summary=f"申请公开的政府信息（第{seq}号）",
                        closed_on=closed_on,
                        outcome_row=OUTCOMES[rng.randrange(len(OUTCOMES))] if closed_on else "",
                    )
                )
            TrackedDeadline.objects.bulk_create(deadlines)
            for case, deadline in zip(cases, deadlines, strict=True):
                case.reply_deadline = deadline
                case.handling_organ_id = case.organ_id
            Application.objects.bulk_create(cases)
            Applicant.objects.bulk_create(
                [
                    Applicant(application=c, name_enc=name_enc, name_masked=mask_name("基准申请人"))
                    for c in cases
                ]
            )
            remedies = []
            for case in cases:
                if case.closed_on and rng.random() < 0.03:
                    remedies.append(
                        Remedy(
                            application=case,
                            kind=rng.choice(
                                ["review", "litigation_direct", "litigation_after_review"]
                            ),
                            filed_on=case.closed_on + timedelta(days=rng.randrange(5, 60)),
                            result=rng.choice(
                                ["upheld", "upheld", "corrected", "other", "pending"]
                            ),
                        )
                    )
            Remedy.objects.bulk_create(remedies)


def _decisions(count: int, organ_ids: list[int]) -> None:
    from django.db import connection, transaction

    rng = random.Random(2)
    kinds = ["licensing"] * 6 + ["punishment"] * 3 + ["enforcement", "fee"]
    first = date(2019, 1, 1)
    span = (date(2026, 11, 20) - first).days
    columns = ["organ_id", "kind", "reference", "matter", "decided_on", "amount"]

    def rows():
        for pk in range(1, count + 1):
            kind = kinds[rng.randrange(len(kinds))]
            amount = f"{rng.randrange(100, 500000)}.00" if kind in ("fee", "punishment") else None
            decided = first + timedelta(days=rng.randrange(span))
            yield (
                organ_ids[rng.randrange(len(organ_ids))],
                kind,
                f"R{pk:08d}",
                "行政决定",
                decided.isoformat() if connection.vendor == "sqlite" else decided,
                amount,
            )

    table = "publications_decisionrecord"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            statement = (
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * 6)})"
            )
            batch = []
            for row in rows():
                batch.append(row)
                if len(batch) >= 20_000:
                    cursor.executemany(statement, batch)
                    batch = []
            if batch:
                cursor.executemany(statement, batch)
        else:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)


def _documents(count: int, organ_ids: list[int]) -> None:
    """Published documents 2019–2026: 5 % 规章, 15 % 行政规范性文件, some repealed."""
    from django.db import transaction
    from django.utils import timezone

    from gongkai.publications.models import Category, Document

    rng = random.Random(3)
    category = Category.objects.order_by("path").first()
    classes = ["regulation"] * 5 + ["normative"] * 15 + [""] * 80
    first = date(2019, 1, 1)
    span = (date(2026, 11, 20) - first).days
    now = timezone.now()
    for offset in range(0, count, 5000):
        batch = []
        for i in range(min(5000, count - offset)):
            formed = first + timedelta(days=rng.randrange(span))
            policy_class = classes[rng.randrange(len(classes))]
            repealed = policy_class and rng.random() < 0.1
            batch.append(
                Document(
                    organ_id=organ_ids[rng.randrange(len(organ_ids))],
                    publisher_name="基准市测试区",
                    title=f"基准文件第{offset + i + 1}号",
                    kind="policy" if policy_class else "notice",
                    policy_class=policy_class,
                    index_number=f"BENCH-{offset + i + 1:07d}",
                    category=category,
                    category_root=category,
                    formed_on=formed,
                    published_on=formed + timedelta(days=3),
                    published_at=now,
                    state="published",
                    validity="repealed" if repealed else "valid",
                    validity_changed_on=formed + timedelta(days=rng.randrange(30, 900))
                    if repealed
                    else None,
                )
            )
        with transaction.atomic():
            Document.objects.bulk_create(batch)


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # what autovacuum does after a bulk load
            for table in (
                "cases_application",
                "cases_remedy",
                "publications_decisionrecord",
                "publications_document",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


# --- the bare aggregate SQL ----------------------------------------------------------------------


def _bare_sql(organ_ids: list[int], year: int) -> dict:
    """Table 二/三/四 for one year straight from the tables: five GROUP BY queries."""
    from django.db import connection

    start, end = date(year, 1, 1), date(year, 12, 31)
    ids = ", ".join(str(int(pk)) for pk in organ_ids)
    out: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT applicant_type,
                   SUM(CASE WHEN received_on >= %s THEN 1 ELSE 0 END),
                   SUM(CASE WHEN received_on < %s THEN 1 ELSE 0 END),
                   SUM(CASE WHEN closed_on IS NULL OR closed_on > %s THEN 1 ELSE 0 END)
                FROM cases_application
                WHERE organ_id IN ({ids}) AND received_on IS NOT NULL AND received_on <= %s
                  AND (closed_on IS NULL OR closed_on >= %s)
                GROUP BY applicant_type""",
            [start, start, end, end, start],
        )
        out["flows"] = {row[0]: tuple(int(v) for v in row[1:]) for row in cursor.fetchall()}
        cursor.execute(
            f"""SELECT outcome_row, applicant_type, COUNT(*) FROM cases_application
                WHERE organ_id IN ({ids}) AND received_on IS NOT NULL
                  AND closed_on BETWEEN %s AND %s
                GROUP BY outcome_row, applicant_type""",
            [start, end],
        )
        out["outcomes"] = {(row[0], row[1]): row[2] for row in cursor.fetchall()}
        cursor.execute(
            f"""SELECT r.kind, r.result, COUNT(*) FROM cases_remedy r
                JOIN cases_application a ON a.id = r.application_id
                WHERE a.organ_id IN ({ids}) AND r.filed_on BETWEEN %s AND %s
                GROUP BY r.kind, r.result""",
            [start, end],
        )
        out["remedies"] = {(row[0], row[1]): row[2] for row in cursor.fetchall()}
        cursor.execute(
            f"""SELECT kind, COUNT(*), SUM(amount) FROM publications_decisionrecord
                WHERE organ_id IN ({ids}) AND decided_on BETWEEN %s AND %s
                GROUP BY kind""",
            [start, end],
        )
        out["decisions"] = {row[0]: row[1] for row in cursor.fetchall()}
        cursor.execute(
            f"""SELECT policy_class,
                   SUM(CASE WHEN formed_on BETWEEN %s AND %s THEN 1 ELSE 0 END)
                FROM publications_document
                WHERE organ_id IN ({ids}) AND state = 'published'
                  AND policy_class IN ('regulation', 'normative')
                GROUP BY policy_class""",
            [start, end],
        )
        out["documents"] = {row[0]: int(row[1]) for row in cursor.fetchall()}
    return out


def _same_figures(report: dict, bare: dict) -> None:
    """The report and the bare SQL must agree, or the comparison means nothing."""
    apps = report["applications"]
    for column, (r1, r2, r4) in bare["flows"].items():
        assert (apps["R1"][column], apps["R2"][column], apps["R4"][column]) == (r1, r2, r4), column
    for (row, column), n in bare["outcomes"].items():
        if row in apps:
            assert apps[row][column] == n, (row, column, apps[row][column], n)
    for (kind, result), n in bare["remedies"].items():
        assert report["remedies"][kind][result] == n, (kind, result)
    keys = {"licensing": "licensing", "punishment": "punishment", "enforcement": "enforcement"}
    for kind, key in keys.items():
        assert report["proactive"][key]["decisions"] == bare["decisions"].get(kind, 0), kind
    assert report["proactive"]["regulations"]["issued"] == bare["documents"].get("regulation", 0)


# --- output --------------------------------------------------------------------------------------


def _print(args, results: list[dict]) -> None:
    print(
        f"\nAnnual report (district roll-up, {YEAR}) — {results[0]['organs']} organs, "
        f"{args.cases:,} applications, {args.decisions:,} decision records, "
        f"{args.documents:,} documents; medians of {args.runs} runs (max in brackets)\n"
    )
    header = (
        f"{'db':<9}{'load s':>8}{'JSON ms':>16}{'bare SQL ms':>16}{'ratio':>7}"
        f"{'DOCX ms':>16}{'PDF ms':>16}{'CLI ms':>9}"
    )
    print(header)
    worst_ratio = 0.0
    for r in results:
        ratio = r["json_ms"]["median"] / r["bare_ms"]["median"]
        worst_ratio = max(worst_ratio, ratio)

        def cell(t):
            return f"{t['median']:.0f} ({t['max']:.0f})"

        print(
            f"{r['db']:<9}{r['load_seconds']:>8.0f}{cell(r['json_ms']):>16}"
            f"{cell(r['bare_ms']):>16}{ratio:>6.2f}×{cell(r['docx_ms']):>16}"
            f"{cell(r['pdf_ms']):>16}{r['cli_ms']:>9.0f}"
        )
    print(
        f"\nR1 = {results[0]['r1']:,}, R3.7 = {results[0]['r37']:,} (covered organs: "
        f"{results[0]['covered']}); targets: JSON < 2000 ms and ≤ 3× bare SQL; DOCX, PDF < 5000 ms"
    )
    worst = max(r["json_ms"]["median"] for r in results)
    print(f"worst JSON median {worst:.0f} ms, worst ratio {worst_ratio:.2f}×")


if __name__ == "__main__":
    main()
