"""Fill the .po entries of bilingual messages ("Tiếng Việt / English") with each language's half.

Domain errors are written once with both languages so that the source reads in both; the catalogs give
each language only its own half. Entries already translated by hand are left as they are.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

ENTRY = re.compile(r'(msgid (?:"(?:[^"\\]|\\.)*"\n)+)(msgstr (?:"(?:[^"\\]|\\.)*"\n)+)')


def _unquote(block, keyword):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block[len(keyword) :]))


def _quote(keyword, text):
    return f'{keyword} "{text}"\n'


def _drop_fuzzy(text):
    """A fuzzy guess from msgmerge is not a translation: blank it so that it is filled or seen."""
    entries = text.split("\n\n")
    for i, entry in enumerate(entries):
        if i == 0 or "#, fuzzy" not in entry:
            continue
        lines = [line for line in entry.split("\n") if not line.startswith("#|")]
        lines = [line.replace("#, fuzzy, ", "#, ") for line in lines if line != "#, fuzzy"]
        entry = "\n".join(lines)
        entries[i] = re.sub(r'msgstr (?:"(?:[^"\\]|\\.)*"\n?)+$', 'msgstr ""', entry)
    return "\n\n".join(entries)


class Command(BaseCommand):
    help = "Điền bản dịch cho thông điệp song ngữ / Fill translations of bilingual messages."

    def handle(self, *args, **options):
        for lang, half in (("vi", 0), ("en", 1)):
            path = Path(settings.LOCALE_PATHS[0]) / lang / "LC_MESSAGES" / "django.po"
            if not path.exists():
                continue
            text = _drop_fuzzy(path.read_text(encoding="utf-8"))
            filled = 0

            def fill(match, half=half):
                nonlocal filled
                msgid = _unquote(match.group(1), "msgid ")
                current = _unquote(match.group(2), "msgstr ")
                parts = msgid.split(" / ")
                if current or len(parts) != 2:
                    return match.group(0)
                filled += 1
                return match.group(1) + _quote("msgstr", parts[half].strip())

            path.write_text(ENTRY.sub(fill, text), encoding="utf-8")
            self.stdout.write(f"{lang}: {filled} message(s) filled")
