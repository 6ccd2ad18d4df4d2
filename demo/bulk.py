"""Plain multi-row inserts for article-scale seeding.

``bulk_create`` spends most of its time preparing each value of each row and is held to ~90 rows per
statement on SQLite; at article scale (≈ 800,000 rows) that is minutes. Here the rows are plain dicts,
their keys assigned up front, every column is given (the model's defaults for the ones left out), values
are adapted once and sent with ``COPY`` on PostgreSQL, ``executemany`` elsewhere; the sequences are reset after.
"""

import datetime as dt
import itertools
import json

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max


def next_id(model):
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _adapter(field):
    """A converter for the values the backend's driver does not take as they are (or None)."""
    if isinstance(field, models.JSONField):
        return lambda v: "{}" if v == {} else json.dumps(v)
    if connection.vendor != "sqlite":
        return None  # psycopg takes aware datetimes and dates as they are
    if isinstance(field, models.DateTimeField):  # Django's SQLite format: naive UTC text
        return lambda v: None if v is None else v.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    return None


def insert(model, rows, batch=5000):
    """Insert ``rows`` (dicts by attname, each with its ``id``) into ``model``'s table."""
    fields = model._meta.concrete_fields
    prepare = [(f.attname, _adapter(f), f.get_default() if f.attname != "id" else None) for f in fields]
    plain = [(name, default) for name, adapt, default in prepare if adapt is None]
    qn = connection.ops.quote_name
    order = [name for name, _default in plain] + [name for name, adapt, _d in prepare if adapt]
    columns = ", ".join(qn(model._meta.get_field(name).column) for name in order)
    converted = [(name, adapt, default) for name, adapt, default in prepare if adapt]
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(order))})"
    iterator = iter(rows)
    values = (
        [row.get(n, d) for n, d in plain] + [a(row.get(n, d)) for n, a, d in converted] for row in iterator
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: one stream instead of a statement per row
            with cursor.cursor.copy(f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        while chunk := list(itertools.islice(values, batch)):
            cursor.executemany(sql, chunk)


def reset_sequences(*model_list):
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
