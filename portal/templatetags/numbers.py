"""Money, counts, rates and durations written one way on every page, by the reader's language.

Vietnamese groups thousands with a dot and writes a decimal comma ("100.000 ₫", "58.442", "44,4%");
English the other way round ("100,000 ₫", "58,442", "44.4%"). The pages use these filters rather than
Django's format localization, so that an id, a year or a chart coordinate is never grouped by accident.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import translation
from django.utils.timesince import timesince

register = template.Library()

EMPTY = "—"
# Vietnamese has one form for every count; Django's own Vietnamese catalog lacks these strings.
VI_TIME_STRINGS = {
    "year": "%(num)d năm",
    "month": "%(num)d tháng",
    "week": "%(num)d tuần",
    "day": "%(num)d ngày",
    "hour": "%(num)d giờ",
    "minute": "%(num)d phút",
}


def _english():
    return (translation.get_language() or "vi").split("-")[0] == "en"


def _separators():
    """(thousands, decimal) of the reader's language."""
    return (",", ".") if _english() else (".", ",")


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def format_number(value, places=0):
    """``value`` grouped by thousands with ``places`` decimals (half up), in the reader's language."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    thousands, decimal = _separators()
    text = f"{number:,.{places}f}"  # 1,234.5
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


@register.filter
def num(value, places=0):
    """A count: "58.442" / "58,442"; "—" for nothing."""
    return format_number(value, int(places))


@register.filter
def vnd(amount):
    """An amount of VND (an integer): "100.000 ₫" / "100,000 ₫"."""
    return f"{format_number(amount or 0)} ₫"


@register.filter
def pct(value, places=1):
    """A rate already in percent: "44,4%" / "44.4%"; "—" when it has no denominator (None)."""
    text = format_number(value, int(places))
    return text if text == EMPTY else f"{text}%"


@register.filter
def duration(value):
    """How long ago ``value`` was ("4 phút" / "4 minutes"), Django's timesince in the reader's language."""
    if not value:
        return EMPTY
    return timesince(value) if _english() else timesince(value, time_strings=VI_TIME_STRINGS)
