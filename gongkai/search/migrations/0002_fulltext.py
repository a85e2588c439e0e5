"""Full-text structures per database vendor (Django has no model for them).

SQLite: an FTS5 table over pre-segmented text, rowid = search_entry.id. PostgreSQL: a tsvector column on search_entry with a GIN index.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts"]
POSTGRES_CREATE = [
    "ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS tsv tsvector",
    "CREATE INDEX IF NOT EXISTS search_entry_tsv_gin ON search_entry USING gin (tsv)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_tsv_gin",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
