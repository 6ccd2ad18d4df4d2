"""Plain multi-row inserts for article-scale seeding.

``bulk_create`` spends most of its time preparing each value of each row and is held to ~90 rows per
statement on SQLite; at article scale (≈ 800,000 rows) that is minutes. Here the rows are plain dicts,
their keys assigned up front, every column is given (the model's defaults for the ones left out), values
are adapted once by the backend's own adapters and sent with ``executemany``; the sequences are reset after.
"""

import itertools
import json

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max


def next_id(model):
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _adapter(field):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else ops.adapt_datefield_value(v)
    if isinstance(field, models.JSONField):
        return json.dumps
    return None


def insert(model, rows, batch=5000):
    """Insert ``rows`` (dicts by attname, each with its ``id``) into ``model``'s table."""
    fields = model._meta.concrete_fields
    defaults = {f.attname: f.get_default() for f in fields if f.attname != "id"}
    prepare = [(f.attname, _adapter(f)) for f in fields]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(itertools.islice(iterator, batch)):
            values = [[_value(row, name, adapt, defaults) for name, adapt in prepare] for row in chunk]
            cursor.executemany(sql, values)


def _value(row, name, adapt, defaults):
    value = row[name] if name in row else defaults[name]
    return adapt(value) if adapt else value


def reset_sequences(*model_list):
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
