"""PostgreSQL: compress the evaluations' JSON columns with lz4 instead of pglz.

A verdict stores about 3 kB of JSON; compressing it with pglz was about a third of the time
of writing thousands of verdicts (a full recompute). lz4 is several times faster at a similar
size. Only on PostgreSQL ≥ 14 built with lz4 (``default_toast_compression`` offers it);
elsewhere nothing changes. Rows already stored keep their compression until rewritten.
"""

from django.db import migrations

COLUMNS = ("lines", "readiness", "breakdown", "failing")


def _lz4_available(schema_editor) -> bool:
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or connection.pg_version < 140000:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings "
            "WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
        )
        return cursor.fetchone() is not None


def _set(schema_editor, method: str) -> None:
    if not _lz4_available(schema_editor):
        return
    quote = schema_editor.connection.ops.quote_name
    changes = ", ".join(f"ALTER COLUMN {quote(c)} SET COMPRESSION {method}" for c in COLUMNS)
    schema_editor.execute(f"ALTER TABLE {quote('qualification_evaluation')} {changes}")


def to_lz4(apps, schema_editor) -> None:
    _set(schema_editor, "lz4")


def to_default(apps, schema_editor) -> None:
    _set(schema_editor, "DEFAULT")


class Migration(migrations.Migration):
    dependencies = [("qualification", "0002_default_rule_set")]

    operations = [migrations.RunPython(to_lz4, to_default)]
