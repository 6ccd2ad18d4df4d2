"""Keyset (cursor) paging: a page starts after the last row of the one before, so a deep page costs what the
first page costs (an index range scan that stops after one page) and a row that changes state between two
pages is neither skipped nor shown twice. There is no full count: the rows are counted up to ``cap`` and past
it the pager says "more than ``cap``".

The cursor is opaque (signed, url-safe): the sort key of the row it continues from and the direction. A
cursor that was not made by us, or for another list, is a 400 (``services.params.cursor_param``).

The order is a tuple of model fields, all ascending. The first may be NULL (the queue's ``due_date`` before
receipt): those rows come last, as PostgreSQL's ascending index gives them. The others are never NULL. Each
page is read as one or two index ranges: the rows with the first key set, compared as a row value
``(a, b, c) > (x, y, z)`` (PostgreSQL serves it from a btree on those columns; SQLite 3.15+ has row values
too), then those without it.
"""

import dataclasses
import datetime as dt

from django.core import signing
from django.db.models import BooleanField, Expression, F, Value

FORWARD, BACKWARD = "n", "p"


class RowCompare(Expression):
    """``(lhs1, lhs2, ...) <op> (rhs1, rhs2, ...)``: one row-value comparison, usable in ``filter()``."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, lhs, op, rhs):
        super().__init__()
        if op not in (">", "<"):
            raise ValueError(op)
        self.lhs, self.op, self.rhs = list(lhs), op, list(rhs)

    def get_source_expressions(self):
        return [*self.lhs, *self.rhs]

    def set_source_expressions(self, exprs):
        self.lhs, self.rhs = list(exprs[: len(self.lhs)]), list(exprs[len(self.lhs) :])

    def as_sql(self, compiler, connection):
        sides, params = [], []
        for side in (self.lhs, self.rhs):
            parts = []
            for expression in side:
                sql, p = compiler.compile(expression)
                parts.append(sql)
                params.extend(p)
            sides.append(f"({', '.join(parts)})")
        return f"{sides[0]} {self.op} {sides[1]}", params


@dataclasses.dataclass
class KeysetPage:
    """One page: its rows, the cursors of the pages before and after (None at either end), the count."""

    object_list: list
    next_cursor: str | None
    previous_cursor: str | None
    count: int
    count_capped: bool  # True: there are more than ``count`` rows (``count`` is the cap)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_next(self):
        return self.next_cursor is not None

    @property
    def has_previous(self):
        return self.previous_cursor is not None

    @property
    def has_other_pages(self):
        return self.has_next or self.has_previous


class KeysetPager:
    """Pages of ``size`` rows of a queryset in the order of ``keys`` (model field names, ascending)."""

    def __init__(self, keys, *, salt, size, cap=1000, first_nullable=False):
        self.keys, self.salt, self.size, self.cap = tuple(keys), salt, size, cap
        self.first_nullable = first_nullable

    # --- cursors -----------------------------------------------------------------------------------
    def encode(self, row, direction):
        values = [_dump(getattr(row, key)) for key in self.keys]
        return signing.dumps([direction, values], salt=self.salt, compress=False)

    def decode(self, token, model):
        """The direction and the key values of a cursor, or ``ValueError`` for anything we did not make."""
        try:
            direction, values = signing.loads(token, salt=self.salt)
        except (signing.BadSignature, TypeError, ValueError) as exc:
            raise ValueError("bad cursor") from exc
        if (
            direction not in (FORWARD, BACKWARD)
            or not isinstance(values, list)
            or len(values) != len(self.keys)
        ):
            raise ValueError("bad cursor")
        fields = [model._meta.get_field(key) for key in self.keys]
        try:
            decoded = [_load(field, value) for field, value in zip(fields, values, strict=True)]
        except (TypeError, ValueError) as exc:
            raise ValueError("bad cursor") from exc
        if any(v is None for v in decoded[1:]) or (decoded[0] is None and not self.first_nullable):
            raise ValueError("bad cursor")
        return direction, decoded

    # --- pages -------------------------------------------------------------------------------------
    def count(self, queryset):
        """The number of rows up to ``cap``, and whether there are more (one ``LIMIT cap + 1`` count)."""
        n = queryset.order_by()[: self.cap + 1].count()
        return min(n, self.cap), n > self.cap

    def page(self, queryset, cursor=None, *, count=True):
        """The page after (or before) ``cursor``: the ``(direction, values)`` of :meth:`decode`, or None."""
        direction, values = cursor or (FORWARD, None)
        want = self.size + 1
        if direction == FORWARD:
            rows = self._read(queryset, values, ">", want)
            more = len(rows) > self.size
            rows = rows[: self.size]
            has_next, has_previous = more, values is not None
        else:
            rows = self._read(queryset, values, "<", want)
            more = len(rows) > self.size
            rows = rows[: self.size][::-1]
            has_next, has_previous = True, more
        n, capped = self.count(queryset) if count else (len(rows), False)
        return KeysetPage(
            object_list=rows,
            next_cursor=self.encode(rows[-1], FORWARD) if rows and has_next else None,
            previous_cursor=self.encode(rows[0], BACKWARD) if rows and has_previous else None,
            count=n,
            count_capped=capped,
        )

    def _read(self, queryset, values, op, limit):
        """Up to ``limit`` rows past ``values`` in the direction of ``op``, in that direction's order:
        the rows whose first key is set, then (forward; before them backward) those where it is NULL."""
        first, rest = self.keys[0], self.keys[1:]
        after_null = values is not None and values[0] is None
        set_first = queryset.filter(**{f"{first}__isnull": False}) if self.first_nullable else queryset
        null_first = queryset.filter(**{f"{first}__isnull": True})
        segments = []
        if op == ">":
            if not after_null:
                segments.append((set_first, self.keys, values))
            if self.first_nullable:
                segments.append((null_first, rest, values[1:] if after_null else None))
        else:
            if values is None:
                raise ValueError("a backward page needs a cursor")
            if after_null:
                segments.append((null_first, rest, values[1:]))
                segments.append((set_first, self.keys, None))
            else:
                segments.append((set_first, self.keys, values))
        rows = []
        for qs, keys, bound in segments:
            if bound is not None:
                qs = qs.filter(RowCompare([F(k) for k in keys], op, _values(qs.model, keys, bound)))
            order = keys if op == ">" else [f"-{k}" for k in keys]
            rows.extend(qs.order_by(*order)[: limit - len(rows)])
            if len(rows) >= limit:
                break
        return rows


def _values(model, keys, values):
    return [Value(v, output_field=model._meta.get_field(k)) for k, v in zip(keys, values, strict=True)]


def _dump(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _load(field, value):
    if value is None:
        return None
    internal = field.get_internal_type()
    if internal == "DateTimeField":
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("naive datetime")
        return parsed
    if internal == "DateField":
        return dt.date.fromisoformat(value)
    if internal in ("AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "PositiveIntegerField"):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("not an integer")
        return value
    return field.to_python(value)
