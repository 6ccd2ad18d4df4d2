"""The records behind a figure as CSV or XLSX, streamed: read in keyset pages of ``REPORT_EXPORT_CHUNK`` rows
(``pk > last``, served by the primary key; no OFFSET, no COUNT), written as they come (CSV lines; an openpyxl
write-only sheet spooled to a temporary file), so memory stays flat whatever the number of rows."""

import csv
import tempfile

from django.conf import settings
from openpyxl import Workbook

# The columns of each kind of record: (header, field path).
COLUMNS = {
    "filing": [("code", "code"), ("procedure", "procedure__national_code"), ("agency", "agency__code"),
               ("channel", "channel"), ("status", "status"), ("submitted_at", "submitted_at"),
               ("received_at", "received_at"), ("due_date", "due_date"), ("decided_at", "decided_at"),
               ("timeliness", "timeliness"), ("fee", "fee")],
    "procedureversion": [("national_code", "procedure__national_code"), ("name", "procedure__name"),
                         ("agency", "agency__code"), ("online_level", "online_level"), ("fee", "fee"),
                         ("field", "field")],
    "hotlinefeedback": [("agency", "agency__code"), ("subject", "subject"), ("received_at", "received_at"),
                        ("answered_at", "answered_at")],
}  # fmt: skip


def header(queryset):
    return [name for name, _path in COLUMNS[queryset.model._meta.model_name]]


def rows(queryset):
    """Every row of ``queryset`` as a tuple of its kind's columns, in primary-key order, page by page."""
    paths = ["pk"] + [path for _name, path in COLUMNS[queryset.model._meta.model_name]]
    chunk = getattr(settings, "REPORT_EXPORT_CHUNK", 2000)
    base = queryset.order_by("pk").values_list(*paths)
    last = None
    while True:
        page = list((base if last is None else base.filter(pk__gt=last))[:chunk])
        for row in page:
            yield tuple("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v for v in row[1:])
        if len(page) < chunk:
            return
        last = page[-1][0]


class _Echo:
    def write(self, value):
        return value


def csv_lines(queryset):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header(queryset))  # BOM: spreadsheet programs read UTF-8
    for row in rows(queryset):
        yield writer.writerow(row)


def xlsx_file(queryset, title):
    """A temporary file holding the workbook (openpyxl write-only: rows go to disk as they are appended)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(header(queryset))
    for row in rows(queryset):
        sheet.append(row)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the FileResponse closes it)
    book.save(out)
    out.seek(0)
    return out
