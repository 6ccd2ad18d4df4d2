"""The public status lookup's second factor: each filing gets its own random key (printed on the receipt).

Existing filings are backfilled one random key each (``secrets``), written in chunks: ``UPDATE ... FROM
(VALUES ...)`` on PostgreSQL, ``executemany`` elsewhere, so a database of the articles' 76,500 filings takes
seconds. Adding the field with a callable default would give every existing row the same key.
"""

from django.db import migrations, models

import services.models.filings

CHUNK = 5000


def backfill(apps, schema_editor):
    Filing = apps.get_model("services", "Filing")
    connection = schema_editor.connection
    table = connection.ops.quote_name(Filing._meta.db_table)
    ids = list(Filing.objects.filter(lookup_key="").order_by("pk").values_list("pk", flat=True))
    new_key = services.models.filings.new_lookup_key
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            rows = [(pk, new_key()) for pk in ids[start : start + CHUNK]]
            if connection.vendor == "postgresql":
                values = ", ".join(["(%s, %s)"] * len(rows))
                cursor.execute(
                    f"UPDATE {table} AS f SET lookup_key = v.k FROM (VALUES {values}) AS v(id, k) WHERE f.id = v.id",
                    [x for row in rows for x in row],
                )
            else:
                cursor.executemany(f"UPDATE {table} SET lookup_key = %s WHERE id = %s", [(k, pk) for pk, k in rows])


class Migration(migrations.Migration):
    dependencies = [("services", "0007_records_ratings_digitisation_sync")]

    operations = [
        migrations.AddField(
            model_name="filing",
            name="lookup_key",
            field=models.CharField(default="", editable=False, max_length=6, verbose_name="mã tra cứu"),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="filing",
            name="lookup_key",
            field=models.CharField(
                db_default="",
                default=services.models.filings.new_lookup_key,
                editable=False,
                help_text="In trên giấy tiếp nhận; cùng mã hồ sơ để tra cứu không cần đăng nhập.",
                max_length=6,
                verbose_name="mã tra cứu",
            ),
        ),
    ]
