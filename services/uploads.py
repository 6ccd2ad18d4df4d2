"""Names of uploaded files: stored under a name the portal generates, shown under the one the person gave.

The given name never reaches the file system: it may be too long for it (``"đ" * 124 + ".pdf"`` is 252
bytes), hold ``/``, ``..``, NUL or control characters, or be only dots. It is kept, cleaned, for display
(a download's ``Content-Disposition``, the lists) and cut to fit its field.
"""

import re
import secrets
import unicodedata
from pathlib import PurePath

from django.conf import settings

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FALLBACK = "tep"  # "tệp": a file; shown when nothing of the given name is left


def extension(name):
    """The accepted extension the name ends with, lower case ("" if none of ``FILING_UPLOAD_EXTENSIONS``)."""
    ext = PurePath((name or "").replace("\\", "/").replace("\x00", "")).suffix.lower().lstrip(".")
    return ext if ext in settings.FILING_UPLOAD_EXTENSIONS else ""


def stored_name(folder, given):
    """``folder/<32 random hex>.<ext>``: nothing of the given name but its accepted extension."""
    ext = extension(given)
    return f"{folder}/{secrets.token_hex(16)}" + (f".{ext}" if ext else "")


def display_name(given, max_length=255):
    """The given name for people to read: NFC, its last path part, no control characters, at most
    ``max_length`` characters with its extension kept."""
    name = re.split(r"[/\\]", unicodedata.normalize("NFC", given or ""))[-1]
    name = " ".join(_CONTROL.sub(" ", name).split())
    if not name.strip("."):
        name = FALLBACK + (f".{extension(given)}" if extension(given) else "")
    if len(name) > max_length:
        suffix = PurePath(name).suffix[: max_length // 4]
        name = name[: max_length - len(suffix)].rstrip() + suffix
    return name
