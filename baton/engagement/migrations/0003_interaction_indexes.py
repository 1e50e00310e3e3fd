"""Only the indexes that queries use (each one costs every imported row).

The single-column indexes of ``account`` (served by ``(account, occurred_at)``), ``contact``,
``asset`` and ``domain`` go (and, on PostgreSQL, the prefix-search twins of ``domain`` and
``external_id``); ``contact`` and ``asset`` get partial indexes over the rows that
have one, ``domain`` one over the unmatched events (the only ones looked up by domain).

The field changes are state only: on SQLite, Django would rebuild the whole table for each of
them, where dropping the four indexes is enough.
"""

import django.db.models.deletion
from django.db import migrations, models


# Index names Django gave the single-column indexes (the same on SQLite and PostgreSQL).
# PostgreSQL also has ``_like`` ones (``varchar_pattern_ops``, for ``LIKE 'x%'``) on
# ``domain`` and ``external_id``: no query looks those columns up by prefix.
LIKE = (
    ("engagement_interaction_domain_1fefa072_like", "domain"),
    ("engagement_interaction_external_id_3a4a7f0e_like", "external_id"),
)
OLD = (
    ("engagement_interaction_account_id_cc13b8a6", "account_id"),
    ("engagement_interaction_contact_id_0c3d687f", "contact_id"),
    ("engagement_interaction_asset_id_d4f239ab", "asset_id"),
    ("engagement_interaction_domain_1fefa072", "domain"),
)


def drop_old(apps, schema_editor):
    names = [name for name, _column in OLD]
    if schema_editor.connection.vendor == "postgresql":
        names += [name for name, _column in LIKE]
    for name in names:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def restore_old(apps, schema_editor):
    for name, column in OLD:
        schema_editor.execute(f'CREATE INDEX "{name}" ON "engagement_interaction" ("{column}")')
    if schema_editor.connection.vendor == "postgresql":
        for name, column in LIKE:
            schema_editor.execute(
                f'CREATE INDEX "{name}" ON "engagement_interaction" ("{column}" varchar_pattern_ops)'
            )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
        ('engagement', '0002_ingestsource'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='interaction',
                    name='account',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='interactions', to='accounts.account'),
                ),
                migrations.AlterField(
                    model_name='interaction',
                    name='asset',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='interactions', to='engagement.marketingasset'),
                ),
                migrations.AlterField(
                    model_name='interaction',
                    name='contact',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='interactions', to='accounts.contact'),
                ),
                migrations.AlterField(
                    model_name='interaction',
                    name='domain',
                    field=models.CharField(blank=True, max_length=253, verbose_name='domain'),
                ),
            ],
            database_operations=[migrations.RunPython(drop_old, restore_old)],
        ),
        migrations.AddIndex(
            model_name='interaction',
            index=models.Index(condition=models.Q(('account__isnull', True)), fields=['domain'], name='interaction_unmatched_domain'),
        ),
        migrations.AddIndex(
            model_name='interaction',
            index=models.Index(condition=models.Q(('contact__isnull', False)), fields=['contact'], name='interaction_contact'),
        ),
        migrations.AddIndex(
            model_name='interaction',
            index=models.Index(condition=models.Q(('asset__isnull', False)), fields=['asset'], name='interaction_asset'),
        ),
    ]
