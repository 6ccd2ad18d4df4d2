"""Vietnamese search with or without diacritics: ``unaccent()`` in the database, the same rule in Python.

PostgreSQL has the ``unaccent`` extension (created by the portal app's migration); SQLite gets a function
of the same name registered on each connection. Both fold "Đăng ký hộ kinh doanh" to "dang ky ho kinh doanh".

``matching_words`` is the one search rule of the catalog: the page, the API's ``search`` filter and the
admins' procedure list all call it.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import Func, Q, TextField
from django.db.models.functions import Lower


def fold(text):
    """Lower case, without diacritics (đ becomes d)."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class Unaccent(Func):
    function = "unaccent"
    output_field = TextField()


def folded(field):
    """The database expression of ``fold(field)``."""
    return Lower(Unaccent(field))


def matching_words(queryset, q, *, fields=("name", "field"), code="national_code"):
    """Rows matching every word of ``q``, with or without diacritics and in any case: each word is in one
    of ``fields`` (folded) or starts the ``code``."""
    words = fold(q).split()
    if not words:
        return queryset
    queryset = queryset.annotate(**{f"_folded_{name}": folded(name) for name in fields})
    for word in words:
        match = Q(**{f"{code}__istartswith": word})
        for name in fields:
            match |= Q(**{f"_folded_{name}__contains": word})
        queryset = queryset.filter(match)
    return queryset


def _register_sqlite_unaccent(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "unaccent", 1, lambda s: None if s is None else fold(s), deterministic=True
        )


def connect():
    connection_created.connect(_register_sqlite_unaccent, dispatch_uid="portal_sqlite_unaccent")
