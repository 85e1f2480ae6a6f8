"""Every CSV and XLSX file Shoal writes is made here, so that it is safe to open in a spreadsheet.

Two things go wrong when a CSV file is opened in Excel, LibreOffice or Google Sheets:

- **Formulas run.** A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return (even after spaces) is read as a formula, so a listing titled
  ``=HYPERLINK("http://x","c")`` becomes a live link (OWASP, "CSV Injection"). Such text gets
  a leading ``'`` and is shown as typed. Numbers and dates are left alone: only text is
  typed by people.
- **"£" becomes "Â£".** Excel reads a CSV file as Windows-1252 unless it starts with a UTF-8
  byte-order mark, so every CSV file starts with one.

``csv_text`` and ``csv_response`` write the files that Shoal's own views offer.
``SafeSpreadsheetExport`` is mixed into Wagtail's list views that export (wagtail-modeladmin's
``IndexView`` through ``consortium.staff.base.BrokerageAdmin``, the survey answers in
``home.survey_exports``) and makes their CSV and XLSX files the same way.
"""

import csv
import io

from django.http import HttpResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def safe_cell(value):
    """Text a spreadsheet would run as a formula, with a leading quote so it shows as text.

    Anything that is not text (numbers, dates, ``None``) is returned unchanged.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


def safe_row(cells):
    return ["" if cell is None else safe_cell(cell) for cell in cells]


def csv_text(header, rows):
    """A whole CSV file as text: the byte-order mark, the header, then the rows, every text
    cell made safe (the header too)."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    return out.getvalue()


def csv_response(text, filename):
    """An HTTP download of a CSV file made by :func:`csv_text`."""
    response = HttpResponse(text.encode("utf-8"), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class SafeSpreadsheetExport:
    """Mix in before a Wagtail view that has ``SpreadsheetExportMixin``: its CSV files start
    with the byte-order mark, and no heading or cell of its CSV or XLSX files is a formula."""

    def get_heading(self, queryset, field):
        return safe_cell(super().get_heading(queryset, field))

    def preprocess_field_value(self, field, value, export_format):
        value = safe_cell(super().preprocess_field_value(field, value, export_format))
        if export_format == "xlsx" and isinstance(value, str):
            # Control characters (a pasted bell or escape) cannot be stored in an XLSX cell:
            # openpyxl would refuse the whole file. They are invisible, so they are dropped.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            if cell.data_type == "f" or isinstance(cell.value, str):
                cell.data_type = "s"  # text, stored as text: never a formula
            yield cell

    def stream_csv(self, queryset):
        yield BYTE_ORDER_MARK
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = CSV_CONTENT_TYPE
        response["X-Content-Type-Options"] = "nosniff"
        return response
