"""Public portal under load (issue 6): requests per second and p95 latency of the home page, the
catalogue list and document pages, served by ``gongkai serve`` (gunicorn, 2 workers) from SQLite
holding 1,000,000 published documents, with wrk as the concurrent load generator on loopback.

The baseline, measured in the same run against the same server, is ``/healthz`` (a Django
request that renders nothing and reads no table): the ratio says how much each page costs over
the bare request path.

    .venv/bin/python benchmarks/portal_load.py                       # 1M documents, 20 s per page
    .venv/bin/python benchmarks/portal_load.py --docs 100000 --seconds 10 --reuse

wrk comes from Debian's packages (``apt-get install wrk``); the database is built once under
``benchmarks/out/portal-<docs>/`` and reused with ``--reuse``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

LUA = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%%d seconds=%%f p50=%%f p95=%%f p99=%%f errors=%%d\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--reuse", action="store_true", help="reuse a database built before")
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    data_dir = HERE / "out" / f"portal-{args.docs}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PYTEST_"))}
    env["GONGKAI_DATA_DIR"] = str(data_dir)
    env["GONGKAI_DATABASE_URL"] = f"sqlite:///{data_dir}/portal.sqlite3"
    env["GONGKAI_ALLOWED_HOSTS"] = "127.0.0.1"
    if args.build:
        build(args)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    if not (args.reuse and (data_dir / "paths-document.txt").exists()):
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--build", f"--docs={args.docs}"],
            env=env,
            cwd=ROOT,
            check=True,
        )
        print(f"built {args.docs:,} documents in {time.perf_counter() - started:.0f} s")
    port = _free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gongkai"),
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--no-worker",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait(port, server)
        pages = [
            ("baseline: /healthz", "healthz"),
            ("home", "home"),
            ("catalogue list (pages 1–50, filters)", "catalogue"),
            ("document page", "document"),
        ]
        results = []
        for name, key in pages:
            paths = data_dir / f"paths-{key}.txt"
            for path in paths.read_text().split()[:20]:  # warm each worker's caches
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()
            results.append((name, _wrk(port, paths, args)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    _print(args, results)


def _wrk(port: int, paths: Path, args) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": paths})
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(script.name).unlink()
    match = re.search(
        r"RESULT requests=(\d+) seconds=([\d.]+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) "
        r"errors=(\d+)",
        out.stdout,
    )
    if match is None:
        raise SystemExit(f"unexpected wrk output:\n{out.stdout}\n{out.stderr}")
    requests, seconds, p50, p95, p99, errors = match.groups()
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out.stdout)
    return {
        "rps": int(requests) / float(seconds),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "errors": int(errors) + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def _print(args, results) -> None:
    print(
        f"\nPortal under load — gunicorn 2 workers × 4 threads, SQLite, {args.docs:,} documents, "
        f"wrk 1 thread × {args.connections} connections × {args.seconds} s per page\n"
    )
    print(
        f"{'page':<40}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'× base':>8}"
    )
    base = results[0][1]["rps"]
    for name, r in results:
        print(
            f"{name:<40}{r['rps']:>9.0f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}"
            f"{r['errors']:>8}{base / r['rps']:>8.2f}"
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gongkai serve exited:\n{server.stderr.read()}") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


# --- building the database (a child process with Django set up) ----------------------------------


def build(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.urls import reverse

    sys.path.insert(0, str(HERE))
    import publications_catalogue as catalogue

    from gongkai.orgs import demo as orgs_demo
    from gongkai.orgs.models import Organ
    from gongkai.publications.models import Category, Document, TopicColumn

    call_command("migrate", verbosity=0)
    orgs_demo.load()
    catalogue._insert_documents(SimpleNamespace(docs=args.docs))
    catalogue._analyze()
    data_dir = Path(os.environ["GONGKAI_DATA_DIR"])
    rng = random.Random(6)
    (data_dir / "paths-healthz.txt").write_text("/healthz\n")
    (data_dir / "paths-home.txt").write_text("/\n")
    base = reverse("publications:catalogue")
    organs = list(Organ.objects.values_list("code", flat=True))
    categories = list(Category.objects.values_list("code", flat=True))
    topics = list(TopicColumn.objects.values_list("code", flat=True))
    catalogue_paths = []
    for _ in range(500):
        choice = rng.randrange(6)
        query = {
            0: "",
            1: f"organ={rng.choice(organs)}",
            2: f"category={rng.choice(categories)}",
            3: f"topic={rng.choice(topics)}",
            4: f"year={rng.randrange(2010, 2027)}",
            5: f"validity=valid&kind={rng.choice(['policy', 'notice'])}",
        }[choice]
        page = rng.randrange(1, 51)
        catalogue_paths.append(f"{base}?{query}&page={page}" if query else f"{base}?page={page}")
    (data_dir / "paths-catalogue.txt").write_text("\n".join(catalogue_paths) + "\n")
    top = Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picks = {rng.randrange(1, top + 1) for _ in range(3000)}
    documents = (
        Document.objects.filter(pk__in=picks, state="published")
        .only("index_number")
        .order_by("?")[:1000]
    )
    (data_dir / "paths-document.txt").write_text(
        "\n".join(d.get_absolute_url() for d in documents) + "\n"
    )


if __name__ == "__main__":
    main()
