from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

import pytest

from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from gongkai.core.audit import audit_record, audit_verify
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Membership, Organ, User
from gongkai.settings import database_from_url

# --- audit log --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_audit_chain_verifies_and_links_each_event():
    first = audit_record(
        actor=None, action="test.one", target_type="x", target_id=1, data={"a": "甲"}
    )
    second = audit_record(actor=None, action="test.two", target_type="x", target_id=2)
    assert second.prev_hash == first.hash
    report = audit_verify()
    assert report.ok and report.checked == AuditEvent.objects.count()


@pytest.mark.django_db
def test_audit_log_refuses_updates_at_the_database():
    event = audit_record(actor=None, action="test.one")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="test.forged")


@pytest.mark.django_db
def test_tampering_is_detected(django_db_blocker):
    for n in range(3):
        audit_record(actor=None, action=f"test.{n}")
    events = list(AuditEvent.objects.order_by("seq"))
    # a forged row (bypassing the trigger by building it in memory) breaks the hash
    events[1].action = "test.forged"
    report = audit_verify(events)
    assert not report.ok and report.seq == events[1].seq and "篡改" in report.problem
    # a missing row breaks the sequence
    report = audit_verify([events[0], events[2]])
    assert not report.ok and "缺少" in report.problem


@pytest.mark.django_db
def test_deleting_the_last_event_is_detected():
    audit_record(actor=None, action="test.one")
    last = audit_record(actor=None, action="test.two")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=last.pk).delete()
        return
    AuditEvent.objects.filter(pk=last.pk).delete()
    report = audit_verify()
    assert not report.ok and "链尾" in report.problem


@pytest.mark.django_db
def test_audit_verify_command():
    audit_record(actor=None, action="test.one")
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "校验通过" in out.getvalue()


# --- settings -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["sqlite:////srv/data/gk.db", "sqlite:///srv/data/gk.db"])
def test_sqlite_urls_are_absolute_paths_in_wal_mode(url):
    config = database_from_url(url)
    assert config["NAME"] == "/srv/data/gk.db"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url():
    config = database_from_url("postgres://gk:secret@db.example:5433/gongkai")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        5433,
        "gongkai",
        "gk",
    )


def test_postgres_connections_use_an_ssd_page_cost_unless_told_otherwise(monkeypatch):
    config = database_from_url("postgres://gk@db.example/gongkai?options=-c%20work_mem%3D64MB")
    assert config["OPTIONS"]["options"] == "-c work_mem=64MB -c random_page_cost=1.1"
    monkeypatch.setenv("GONGKAI_PG_RANDOM_PAGE_COST", "server")
    assert "options" not in database_from_url("postgres://gk@db.example/gongkai")["OPTIONS"]
    monkeypatch.setenv("GONGKAI_PG_RANDOM_PAGE_COST", "fast")
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_PG_RANDOM_PAGE_COST"):
        database_from_url("postgres://gk@db.example/gongkai")


@pytest.mark.django_db
def test_the_page_cost_reaches_postgresql_sessions():
    """On PostgreSQL the setting is live in the session; SQLite gets no such option."""
    from django.db import connection

    if connection.vendor != "postgresql":
        assert "options" not in connection.settings_dict["OPTIONS"]
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


@pytest.mark.parametrize("url", ["mysql://x@y/z", "sqlite://", "postgres://localhost"])
def test_unsupported_database_urls_are_refused_clearly(url):
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_DATABASE_URL"):
        database_from_url(url)


def test_bad_data_key_fails_the_system_checks(settings):
    settings.DATA_KEY = "not-a-key"
    assert "gongkai.E002" in {e.id for e in run_checks()}


def test_production_settings_refuse_debug(settings):
    settings.PRODUCTION = True
    settings.DEBUG = True
    assert "gongkai.E004" in {e.id for e in run_checks()}


# --- demo -----------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_loads_a_realistic_district_and_is_idempotent(monkeypatch):
    from gongkai.cases.models import Application

    monkeypatch.setenv("GONGKAI_DEMO_SCALE", "0.05")
    call_command("demo", stdout=StringIO())
    counts = (
        Organ.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Application.objects.count(),
    )
    states = set(Application.objects.values_list("state", flat=True))
    assert {
        "registered",
        "correction",
        "accepted",
        "assigned",
        "consulting",
        "fee_pending",
        "art35_pending",
        "reviewing",
        "legal_review",
        "signing",
        "signed",
        "delivered",
        "archived",
    } <= states
    assert Application.objects.filter(is_imported=True).exists()
    assert Organ.objects.filter(level=Organ.Level.DEPARTMENT).count() == 38
    assert Organ.objects.filter(level=Organ.Level.TOWNSHIP).count() == 10
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {
        "handler",
        "section_head",
        "leader",
        "ogi_head",
        "legal",
        "publisher",
        "secrecy",
        "admin",
    }
    for organ in Organ.objects.exclude(credit_code=None):
        organ.full_clean()  # every credit code passes GB 32100
    out = StringIO()
    call_command("demo", stdout=out)
    assert (
        Organ.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Application.objects.count(),
    ) == counts
    assert "gkb_head" in out.getvalue()


# --- pages ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_contact_page_lists_each_organs_ogi_office(client, tree):
    from gongkai.orgs.services import organ_update

    organ_update(
        actor=None, organ=tree["a"], office_name="区教育局办公室", office_phone="0799-1234567"
    )
    page = client.get("/contact/").content.decode()
    assert "江州市青山区人民政府" in page and "区教育局办公室" in page and "0799-1234567" in page


@pytest.mark.django_db
def test_unknown_page_shows_a_friendly_error_without_a_trace(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert "Traceback" not in response.content.decode()


# --- the real server ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_runs_gunicorn_and_serves_pages_and_static(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PYTEST_"))}
    env.update(
        GONGKAI_DATA_DIR=str(tmp_path), GONGKAI_DATABASE_URL=f"sqlite:///{tmp_path}/gk.sqlite3"
    )
    cli = [sys.executable, "-m", "gongkai"]
    not_migrated = subprocess.run(
        [*cli, "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert not_migrated.returncode != 0 and "gongkai migrate" in not_migrated.stderr
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200 and b'"ok"' in r.read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert "政府信息公开" in r.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/workspace/login/", timeout=5) as r:
            page = r.read().decode()
        css = page.split('href="')[1].split('"')[0]
        assert Path(css).name != "site.css"  # hashed name from the manifest storage
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{css}", timeout=5) as r:
            assert r.status == 200
        # the background worker started with the server runs queued tasks
        enqueue = (
            "from gongkai.search.tasks import reindex_entries_task;"
            "print(reindex_entries_task.enqueue().id)"
        )
        task_id = subprocess.run(
            [*cli, "django", "shell", "-c", enqueue],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.split()[-1]
        status = "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?"
        deadline = time.monotonic() + 30
        with sqlite3.connect(tmp_path / "gk.sqlite3") as db:
            while (db.execute(status, (task_id.replace("-", ""),)).fetchone() or ("",))[0] != (
                "SUCCESSFUL"
            ):
                assert time.monotonic() < deadline, "the worker did not run the queued task"
                time.sleep(0.5)
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=20)
