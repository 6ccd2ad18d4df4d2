"""Which messages of the sources have no English yet in ``locale/en`` (they wait for the lead's
``make messages``), so that a page test can tell them from hard-coded Vietnamese.

A message is "waiting" when it has Vietnamese letters, appears in a template's translate / blocktranslate
tag or a gettext call of the code, and has no non-empty entry in the English catalogue. Once ``make
messages`` adds its entry, it is no longer waiting: a page showing it untranslated then fails.
"""

import functools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
QUOTED = r'"((?:[^"\\]|\\.)*)"'


def catalogue(lang="en"):
    """The catalogue's entries: msgid → msgstr."""
    text = (ROOT / "locale" / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = {}
    for msgid, msgstr in re.findall(
        r'msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)msgstr ((?:"(?:[^"\\]|\\.)*"\s*)+)', text
    ):
        entries["".join(re.findall(QUOTED, msgid))] = "".join(re.findall(QUOTED, msgstr))
    return entries


def messages_in_sources():
    found = set()
    for path in ROOT.glob("*/**/templates/**/*.html"):
        source = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'{%\s*(?:translate|trans)\s+"([^"]+)"', source))
        found |= set(re.findall(r"{%\s*(?:translate|trans)\s+'([^']+)'", source))
        found |= {
            m.strip() for m in re.findall(r"{%\s*blocktrans(?:late)?[^%]*%}(.*?){%", source, flags=re.S)
        }
    for path in ROOT.glob("*/**/*.py"):
        if {".venv", "tests", "migrations", "node_modules"} & set(path.parts):
            continue
        source = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"(?:\b_|gettext|gettext_lazy|gettext_noop|pgettext)\(\s*" + QUOTED, source))
    return found


def _pattern(message):
    parts = re.split(r"{{[^}]*}}|%\([^)]*\)[sd]|%[sd]", " ".join(message.split()))
    return re.compile(
        r"\s*".join([""]) + "(?:.+?)".join(r"\s+".join(map(re.escape, p.split())) for p in parts)
    )


@functools.cache
def waiting():
    """Patterns of the messages waiting for their English (longest first)."""
    entries = catalogue()
    pending = [m for m in messages_in_sources() if VIETNAMESE.search(m) and not entries.get(m)]
    return [_pattern(m) for m in sorted(pending, key=len, reverse=True)]


def strip_waiting(text):
    """``text`` without the messages that wait for ``make messages``."""
    for pattern in waiting():
        text = pattern.sub(" ", text)
    return text
