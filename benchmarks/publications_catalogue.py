"""Catalogue benchmark (issue 5): a million documents on SQLite and on PostgreSQL.

For each database it builds a fresh database (migrations, the demo district's 49 organs), bulk
inserts N documents (default 1,000,000; ~10% in a 专题专栏) and N decision records, then measures
through Django's test client, i.e. the whole request path (middleware, selectors, templates):

- the public catalogue list, filtered (none, organ, category leaf, top-level category with its
  subtree, topic column, year, validity, kind, organ+year) and paged (pages 1–50), and the detail
  page (by 索引号);
- ``proactive_figures`` (table 二) over all organs for one year;
- the JSONL import (``gongkai publications import``): new lines per second, and a re-run.

    .venv/bin/python benchmarks/publications_catalogue.py                 # both databases
    .venv/bin/python benchmarks/publications_catalogue.py --db sqlite --docs 100000

PostgreSQL: ``--pg-url`` (default ``postgres://postgres@127.0.0.1:5432/gk_pub_bench``); the database
is dropped and recreated. SQLite: a fresh file under ``benchmarks/out/``. Results are printed as a
table and written to ``benchmarks/out/results-<db>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
ROOT = HERE.parent

KINDS = [("notice", 50), ("policy", 20), ("interpretation", 10), ("other", 15), ("report", 5)]
SUBJECTS = [
    "政务公开", "教育", "卫生健康", "生态环境", "城市管理", "交通运输", "市场监管", "农业农村",
    "社会救助", "就业", "住房保障", "安全生产", "文化旅游", "科技创新", "财政预算",
]  # fmt: skip
TITLES = [
    "关于做好{y}年{s}工作的通知",
    "关于印发青山区{s}专项行动方案的通知",
    "青山区{s}管理办法",
    "关于公布{y}年{s}事项清单的公告",
    "《青山区{s}管理办法》政策解读",
    "{y}年{s}工作总结",
]
BODY = (
    "<p>各有关单位：</p><p>为进一步做好{s}工作，根据国家、省、市有关规定，结合本区实际，"
    "现就有关事项通知如下。</p><p>一、提高认识，加强领导。二、突出重点，狠抓落实。"
    "三、加强督查，确保实效。</p>"
)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# --- child: one database ------------------------------------------------------------------------


def child(args) -> dict:
    os.environ["GONGKAI_DATA_DIR"] = str(OUT / f"data-{args.db}")
    os.environ["GONGKAI_DB_POOL"] = "1"  # as `gongkai serve` runs
    if args.db == "sqlite":
        db_file = OUT / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        os.environ["GONGKAI_DATABASE_URL"] = f"sqlite:///{db_file}"
    else:
        os.environ["GONGKAI_DATABASE_URL"] = args.pg_url
        _recreate_pg(args.pg_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    timings: dict = {"db": args.db, "docs": args.docs}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from gongkai.orgs import demo as orgs_demo

    orgs_demo.load()
    timings["setup_s"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    _insert_documents(args)
    timings["insert_documents_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    _insert_decisions(args)
    timings["insert_decisions_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    _analyze()
    timings["analyze_s"] = round(time.perf_counter() - started, 1)

    timings |= _measure_pages(args)
    timings |= _measure_figures()
    timings |= _measure_import(args)
    return timings


def _recreate_pg(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _secondary_indexes(cursor, vendor: str, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's plain indexes, to drop during the bulk load."""
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=%s "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
            [table],
        )
        return list(cursor.fetchall())
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "LEFT JOIN pg_constraint c ON c.conname = i.indexname "
        "WHERE i.tablename = %s AND c.conname IS NULL AND i.indexdef NOT LIKE 'CREATE UNIQUE%%'",
        [table],
    )
    return list(cursor.fetchall())


def _bulk_load(table: str, columns: list[str], rows_iter, vendor: str) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        indexes = _secondary_indexes(cursor, vendor, table)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        if vendor == "sqlite":
            placeholders = ", ".join(["%s"] * len(columns))
            statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
            batch = []
            for row in rows_iter:
                batch.append(row)
                if len(batch) >= 20_000:
                    cursor.executemany(statement, batch)
                    batch = []
            if batch:
                cursor.executemany(statement, batch)
        else:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows_iter:
                    copy.write_row(row)
    # Rebuilt after the commit (PostgreSQL checks the deferred foreign keys at commit first).
    with transaction.atomic(), connection.cursor() as cursor:
        for _, create in indexes:
            cursor.execute(create)


def _insert_documents(args) -> None:
    from django.db import connection

    from gongkai.orgs.models import Organ
    from gongkai.publications.models import Category, IndexCounter
    from gongkai.publications.services.config import topic_save

    vendor = connection.vendor
    rng = random.Random(1)
    organs = list(Organ.objects.order_by("pk").values_list("pk", "name", "credit_code", "code"))
    roots = dict(Category.objects.filter(parent__isnull=True).values_list("code", "pk"))
    categories = [
        (pk, roots[path.split("/")[1]])
        for pk, path in Category.objects.filter(parent__isnull=False).values_list("pk", "path")
    ]
    topics = [
        topic_save(actor=None, code=code, name=name).pk
        for code, name in (("yshj", "优化营商环境"), ("xczx", "乡村振兴"), ("msss", "民生实事"))
    ]
    first_day, last_day = date(2008, 5, 1), date(2026, 11, 20)
    span = (last_day - first_day).days
    kinds = [k for k, w in KINDS for _ in range(w)]
    now = datetime.now(UTC)
    counters: dict[tuple[int, int], int] = {}
    topic_rows: list[tuple] = []

    columns = [
        "id", "created_at", "updated_at", "organ_id", "publisher_name", "title", "kind",
        "policy_class", "genre", "doc_number", "index_number", "category_id", "art20_item",
        "keywords", "summary", "body", "formed_on", "published_on", "published_at", "disclosure",
        "disclosure_reason", "validity", "validity_changed_on", "next_evaluation_on", "state",
        "review_chain", "review_step", "withdrawn_reason", "imported", "interprets_id",
        "category_root_id",
    ]  # fmt: skip

    def rows():
        for pk in range(1, args.docs + 1):
            organ_id, organ_name, credit, code = organs[rng.randrange(len(organs))]
            published = first_day + timedelta(days=rng.randrange(span))
            formed = published - timedelta(days=rng.randrange(1, 15))
            kind = kinds[rng.randrange(len(kinds))]
            category = categories[rng.randrange(len(categories))]
            subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
            title = TITLES[rng.randrange(len(TITLES))].format(y=published.year, s=subject)
            roll = rng.random()
            state = "published" if roll < 0.97 else ("withdrawn" if roll < 0.985 else "approved")
            validity_roll = rng.random()
            validity = (
                "valid"
                if validity_roll < 0.8
                else ("expired" if validity_roll < 0.9 else "repealed")
            )
            key = (organ_id, published.year)
            counters[key] = counters.get(key, 0) + 1
            if pk % 10 == 0:
                topic_rows.append((pk, topics[pk % len(topics)], state, published))
            policy_class = ""
            if kind == "policy":
                policy_class = "normative" if rng.random() < 0.3 else "other_policy"
            yield (
                pk, now, now, organ_id, organ_name, title, kind, policy_class, "notice",
                f"青{code[-3:]}〔{published.year}〕{counters[key]}号",
                f"{credit or code}/{published.year}-{counters[key]:05d}",
                category[0], None, subject,
                f"{subject}相关工作安排。", BODY.format(s=subject), formed, published,
                datetime(published.year, published.month, published.day, 1, tzinfo=UTC),
                "proactive", "", validity,
                published + timedelta(days=400) if validity != "valid" else None,
                None, state, "[]", 0, "", True,
                max(1, pk - 1 - rng.randrange(50)) if kind == "interpretation" and pk > 1 else None,
                category[1],
            )  # fmt: skip

    if vendor == "sqlite":  # SQLite stores dates as ISO text, datetimes as naive UTC
        source = (
            tuple(
                v.strftime("%Y-%m-%d %H:%M:%S") if isinstance(v, datetime)
                else v.isoformat() if isinstance(v, date) else v
                for v in row
            )
            for row in rows()
        )  # fmt: skip
    else:
        source = rows()
    _bulk_load("publications_document", columns, source, vendor)
    if vendor == "sqlite":
        topic_rows = [(d, t, s, p.isoformat()) for d, t, s, p in topic_rows]
    _bulk_load(
        "publications_documenttopic",
        ["document_id", "topic_id", "state", "published_on"],
        iter(topic_rows),
        vendor,
    )
    IndexCounter.objects.bulk_create(
        [IndexCounter(organ_id=o, year=y, last=n) for (o, y), n in counters.items()],
        batch_size=2000,
    )
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('publications_document', 'id'), %s)",
                [args.docs],
            )


def _insert_decisions(args) -> None:
    from django.db import connection

    from gongkai.orgs.models import Organ

    rng = random.Random(2)
    organs = list(Organ.objects.values_list("pk", flat=True))
    kinds = ["licensing"] * 6 + ["punishment"] * 3 + ["enforcement", "fee"]
    first = date(2019, 1, 1)
    span = (date(2026, 11, 20) - first).days

    def rows():
        for pk in range(1, args.decisions + 1):
            kind = kinds[rng.randrange(len(kinds))]
            amount = f"{rng.randrange(100, 500000)}.00" if kind in ("fee", "punishment") else None
            yield (
                pk,
                organs[rng.randrange(len(organs))],
                kind,
                f"R{pk:08d}",
                "行政决定",
                first + timedelta(days=rng.randrange(span)),
                amount,
            )

    source = rows()
    if connection.vendor == "sqlite":
        source = ((*row[:5], row[5].isoformat(), row[6]) for row in rows())
    _bulk_load(
        "publications_decisionrecord",
        ["id", "organ_id", "kind", "reference", "matter", "decided_on", "amount"],
        source,
        connection.vendor,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('publications_decisionrecord', 'id'), %s)",
                [args.decisions],
            )


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # what autovacuum does after a bulk load
            cursor.execute("VACUUM ANALYZE publications_document")
            cursor.execute("VACUUM ANALYZE publications_decisionrecord")
        cursor.execute("ANALYZE")


def _client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


def _time(client, url: str, params: dict | None = None) -> float:
    started = time.perf_counter()
    response = client.get(url, params or {})
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} {params} → {response.status_code}")
    return elapsed


def _measure_pages(args) -> dict:
    from django.db import close_old_connections

    from gongkai.orgs.models import Organ
    from gongkai.publications.models import Category, Document

    rng = random.Random(3)
    client = _client()
    organs = list(Organ.objects.values_list("code", flat=True))
    leaves = list(Category.objects.filter(parent__isnull=False).values_list("code", flat=True))
    tops = list(Category.objects.filter(parent__isnull=True).values_list("code", flat=True))

    def filters() -> tuple[str, dict]:
        choice = rng.randrange(9)
        page = {"page": rng.choice([1, 1, 1, 2, 3, 5, 10, 25, 50])}
        if choice == 0:
            return "none", page
        if choice == 1:
            return "organ", {"organ": rng.choice(organs), **page}
        if choice == 2:
            return "category", {"category": rng.choice(leaves), **page}
        if choice == 3:
            return "category-tree", {"category": rng.choice(tops), **page}
        if choice == 4:
            return "year", {"year": rng.randrange(2009, 2027), **page}
        if choice == 5:
            return "validity", {"validity": rng.choice(["expired", "repealed"]), **page}
        if choice == 6:
            return "topic", {"topic": rng.choice(["yshj", "xczx", "msss"]), **page}
        if choice == 7:
            return "kind", {"kind": rng.choice(["policy", "interpretation", "report"]), **page}
        return "organ+year", {
            "organ": rng.choice(organs),
            "year": rng.randrange(2009, 2027),
            **page,
        }

    for _ in range(20):  # warm up caches and the connection pool
        _time(client, "/gk/", filters()[1])
    list_times: list[float] = []
    by_filter: dict[str, list[float]] = {}
    for _ in range(args.requests):
        label, params = filters()
        elapsed = _time(client, "/gk/", params)
        list_times.append(elapsed)
        by_filter.setdefault(label, []).append(elapsed)
    max_id = Document.objects.order_by("-pk").values_list("pk", flat=True).first()
    keys = []
    while len(keys) < args.requests:
        found = (
            Document.objects.filter(pk=rng.randrange(1, max_id + 1), state="published")
            .values_list("index_number", flat=True)
            .first()
        )
        if found:
            keys.append(found)
    close_old_connections()
    for key in keys[:20]:
        _time(client, f"/gk/{key}/")
    detail_times = [_time(client, f"/gk/{key}/") for key in keys]
    return {
        "list_p50_ms": round(percentile(list_times, 0.5), 1),
        "list_p95_ms": round(percentile(list_times, 0.95), 1),
        "detail_p50_ms": round(percentile(detail_times, 0.5), 1),
        "detail_p95_ms": round(percentile(detail_times, 0.95), 1),
        "list_by_filter": {
            label: {
                "n": len(values),
                "p50_ms": round(percentile(values, 0.5), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
            }
            for label, values in sorted(by_filter.items())
        },
        "requests": args.requests,
    }


def _measure_figures() -> dict:
    from gongkai.orgs.models import Organ
    from gongkai.publications.selectors import proactive_figures

    ids = list(Organ.objects.values_list("pk", flat=True))
    proactive_figures(ids, 2025)
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        figures = proactive_figures(ids, 2025)
        runs.append((time.perf_counter() - started) * 1000)
    return {
        "table2_ms": round(statistics.median(runs), 1),
        "table2_licensing_2025": figures["licensing"]["decisions"],
    }


def _measure_import(args) -> dict:
    from io import StringIO

    from django.core.management import call_command

    from gongkai.orgs.models import Organ

    rng = random.Random(4)
    organs = list(Organ.objects.values_list("code", flat=True))
    lines = []
    for n in range(args.import_lines):
        organ = organs[n % len(organs)]
        subject = SUBJECTS[n % len(SUBJECTS)]
        published = date(2026, 1, 1) + timedelta(days=rng.randrange(300))
        if n % 10 == 9:  # an interpretation of the policy on the previous line
            line = {
                "title": f"《青山区{subject}办法（第{n - 1}号）》政策解读",
                "body": "一、起草背景\n二、主要内容",
                "organ": organs[(n - 1) % len(organs)],
                "published_on": published.isoformat(),
                "kind": "interpretation",
                "interprets": f"青导规〔2026〕{n - 1}号",
            }
        else:
            line = {
                "title": f"青山区{subject}办法（第{n}号）",
                "body": BODY.format(s=subject),
                "organ": organ,
                "doc_number": f"青导规〔2026〕{n}号" if n % 10 == 8 else f"青导〔2026〕{n}号",
                "issued_on": (published - timedelta(days=3)).isoformat(),
                "published_on": published.isoformat(),
                "category": "综合政务\\政务公开",
                "kind": "policy" if n % 10 == 8 else "notice",
            }
        lines.append(json.dumps(line, ensure_ascii=False))
    path = OUT / f"import-{args.db}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = {}
    for label in ("import", "reimport"):
        out = StringIO()
        started = time.perf_counter()
        call_command("publications", "import", str(path), stdout=out, stderr=StringIO())
        elapsed = time.perf_counter() - started
        results[f"{label}_lines_per_s"] = round(args.import_lines / elapsed)
        results[f"{label}_summary"] = out.getvalue().strip()
    results["import_lines"] = args.import_lines
    return results


# --- parent ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--import-lines", type=int, default=5000)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/gk_pub_bench")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    if args.child:
        result = child(args)
        (OUT / f"results-{args.db}.json").write_text(
            json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        return
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = []
    for db in databases:
        command = [sys.executable, __file__, "--child", "--db", db]
        command += ["--docs", str(args.docs), "--decisions", str(args.decisions)]
        command += ["--requests", str(args.requests), "--import-lines", str(args.import_lines)]
        command += ["--pg-url", args.pg_url]
        env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
        started = time.perf_counter()
        subprocess.run(command, check=True, env=env, cwd=ROOT)
        print(f"[{db}] finished in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        results.append(json.loads((OUT / f"results-{db}.json").read_text(encoding="utf-8")))
    _print(results)


def _print(results: list[dict]) -> None:
    rows = [
        ("documents", "docs", ""),
        ("bulk insert documents (s)", "insert_documents_s", ""),
        ("bulk insert decision records (s)", "insert_decisions_s", ""),
        ("catalogue list p50 (ms)", "list_p50_ms", ""),
        ("catalogue list p95 (ms)", "list_p95_ms", ""),
        ("detail page p50 (ms)", "detail_p50_ms", ""),
        ("detail page p95 (ms)", "detail_p95_ms", ""),
        ("table 二 over all organs, one year (ms)", "table2_ms", ""),
        ("JSONL import, new lines (lines/s)", "import_lines_per_s", ""),
        ("JSONL re-import, unchanged (lines/s)", "reimport_lines_per_s", ""),
    ]
    header = f"{'':42}" + "".join(f"{r['db']:>14}" for r in results)
    print(header)
    for label, key, _ in rows:
        print(f"{label:42}" + "".join(f"{r.get(key, ''):>14}" for r in results))
    print()
    print("catalogue list by filter (p50 / p95 ms):")
    labels = sorted({k for r in results for k in r["list_by_filter"]})
    for label in labels:
        cells = []
        for r in results:
            f = r["list_by_filter"].get(label)
            cells.append(f"{f['p50_ms']:>6} / {f['p95_ms']:<6}" if f else "")
        print(f"  {label:40}" + "".join(f"{c:>16}" for c in cells))


if __name__ == "__main__":
    main()
