"""The year's index for the rules across declarations (``declarations.year_index``).

The name keys are compared in code-point order, as Python sorts them: SQLite's default
(BINARY) does; PostgreSQL's columns get the "C" collation before their indexes are made.
``jixiao review_refresh`` fills the index for data stored before it existed.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CODE_POINT_ORDER = [
    'ALTER TABLE declarations_declaration ALTER COLUMN name_key TYPE varchar(300) COLLATE "C"',
    'ALTER TABLE declarations_declaration ALTER COLUMN name_key_reversed TYPE varchar(300) COLLATE "C"',
]


def code_point_order(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CODE_POINT_ORDER:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('declarations', '0002_batch_findings_by_reference'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReviewKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('original', models.BooleanField(default=True, verbose_name='原申报表')),
                ('kind', models.CharField(max_length=1, verbose_name='类别')),
                ('key', models.BigIntegerField(verbose_name='键')),
                ('field', models.CharField(blank=True, max_length=30, verbose_name='所在字段')),
            ],
            options={
                'verbose_name': '跨申报表审核索引',
                'verbose_name_plural': '跨申报表审核索引',
            },
        ),
        migrations.AddField(
            model_name='declaration',
            name='batch_partners',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='跨申报表关联'),
        ),
        migrations.AddField(
            model_name='declaration',
            name='name_key',
            field=models.CharField(blank=True, editable=False, max_length=300, verbose_name='名称比对键'),
        ),
        migrations.AddField(
            model_name='declaration',
            name='name_key_reversed',
            field=models.CharField(blank=True, editable=False, max_length=300, verbose_name='名称比对键（倒序）'),
        ),
        migrations.RunPython(code_point_order, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='declaration',
            index=models.Index(condition=models.Q(('revision_of__isnull', True)), fields=['fiscal_year', 'name_key', 'id'], name='declaration_name_key'),
        ),
        migrations.AddIndex(
            model_name='declaration',
            index=models.Index(condition=models.Q(('revision_of__isnull', True)), fields=['fiscal_year', 'name_key_reversed', 'id'], name='declaration_name_key_reversed'),
        ),
        migrations.AddField(
            model_name='reviewkey',
            name='declaration',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_keys', to='declarations.declaration', verbose_name='申报表'),
        ),
        migrations.AddIndex(
            model_name='reviewkey',
            index=models.Index(fields=['fiscal_year', 'kind', 'key'], name='review_key_lookup'),
        ),
    ]
