"""Vietnamese search with or without diacritics: ``unaccent()`` in the database, the same rule in Python.

PostgreSQL has the ``unaccent`` extension (created by this app's migration); SQLite gets a function of
the same name registered on each connection. Both fold "Đăng ký hộ kinh doanh" to "dang ky ho kinh doanh".
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import Func, TextField
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


def _register_sqlite_unaccent(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "unaccent", 1, lambda s: None if s is None else fold(s), deterministic=True
        )


def connect():
    connection_created.connect(_register_sqlite_unaccent, dispatch_uid="portal_sqlite_unaccent")
