from datetime import date
from io import StringIO

import pytest

from django.core import mail
from django.core.management import call_command

from gongkai.orgs.roles import Role, Scope
from gongkai.reports.reminders import reminder_due

D = date.fromisoformat


@pytest.mark.parametrize(
    "on,due,expected",
    [
        ("2026-01-01", "2026-01-31", "soon"),  # 30 days before
        ("2026-01-17", "2026-01-31", "soon"),
        ("2026-01-28", "2026-01-31", "soon"),
        ("2026-01-20", "2026-01-31", None),
        ("2026-01-31", "2026-01-31", None),
        ("2026-02-07", "2026-01-31", "late"),  # a week late
        ("2026-02-08", "2026-01-31", None),
    ],
)
def test_reminder_days(on, due, expected):
    assert reminder_due(D(on), D(due)) == expected


@pytest.mark.django_db
def test_compilers_of_unpublished_reports_are_reminded(tree, make_staff, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_staff(tree["a"], Role.HANDLER, username="compiler", email="c@example.gov.cn")
    make_staff(tree["a"], Role.SECRECY, username="not_compiler", email="s@example.gov.cn")
    make_staff(
        tree["gov"], Role.OGI_HEAD, Scope.SUBTREE, username="gov_head", email="g@example.gov.cn"
    )
    call_command(
        "remind", "--date", "2026-01-17", stdout=StringIO()
    )  # departments' due date is 14 days away
    to = {address for m in mail.outbox for address in m.to}
    assert "c@example.gov.cn" in to and "s@example.gov.cn" not in to
    assert any(
        "江州市青山区教育局2025年政府信息公开工作年度报告应于2026年01月31日前公布" in m.body
        for m in mail.outbox
    )
    # the district government's own report is due on 31 March, not yet
    assert not any("青山区人民政府2025年" in m.body for m in mail.outbox)
