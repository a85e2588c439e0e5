"""Seed the national calendar for 2004–2026 from chinesecalendar's data tables; mark the years
confirmed. Years after 2026 are left unconfirmed (weekday fallback with a visible warning)."""

from django.db import migrations

from gongkai.calendars.seed import SEED_SOURCE, seed_entries, seed_years


def seed(apps, schema_editor):
    Jurisdiction = apps.get_model("calendars", "Jurisdiction")
    CalendarYear = apps.get_model("calendars", "CalendarYear")
    CalendarDay = apps.get_model("calendars", "CalendarDay")
    nation, _ = Jurisdiction.objects.get_or_create(code="CN", defaults={"name": "全国"})
    CalendarYear.objects.bulk_create(
        [CalendarYear(jurisdiction=nation, year=y, confirmed=True, source=SEED_SOURCE) for y in seed_years()],
        ignore_conflicts=True,
    )
    CalendarDay.objects.bulk_create(
        [CalendarDay(jurisdiction=nation, date=d, kind=k, name=n) for d, k, n in seed_entries()],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    Jurisdiction = apps.get_model("calendars", "Jurisdiction")
    Jurisdiction.objects.filter(code="CN", children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("calendars", "0002_initial")]

    operations = [migrations.RunPython(seed, unseed)]
