"""On PostgreSQL, a trigram index for the lists' project-name search.

The search is ``project_name__icontains`` (``UPPER(project_name) LIKE UPPER('%…%')``): a
GIN index of ``pg_trgm`` trigrams over ``UPPER(project_name)`` answers it for three
characters or more instead of reading the whole table.  SQLite has neither the extension
nor the need: there the operations do nothing and the search stays a plain scan.
"""

from django.db import migrations

INDEX = "declaration_name_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON declarations_declaration "
        "USING gin (UPPER(project_name) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other indexes (or databases' objects) may use it.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("declarations", "0007_list_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
