"""Survey answers listed and exported in the admin, safe to open in a spreadsheet.

Wagtail's own submissions view does the listing and the CSV/XLSX export; this subclass only
changes what goes into each cell. ``SurveyPage.get_submissions_list_view_class`` uses it.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.contrib.forms.views import SubmissionsListView

UK_TIME = ZoneInfo("Europe/London")
UK_DATETIME_CSV = "%d/%m/%Y %H:%M"
UK_DATETIME_XLSX = "dd/mm/yyyy hh:mm"
# A spreadsheet treats a cell starting with any of these as a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"


def neutralise_formula(value):
    """Prefix a single quote to text a spreadsheet would run, so that it shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SurveySubmissionsListView(SubmissionsListView):
    """Exports answers as text, never formulas, with times in UK local time."""

    def get_heading(self, queryset, field):
        if field == "submit_time":
            return "Sent (UK time)"
        # Question labels are typed by staff, but they are cells too.
        return neutralise_formula(super().get_heading(queryset, field))

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value, UK_TIME)
            if export_format == self.FORMAT_CSV:
                return local.strftime(UK_DATETIME_CSV)
            return local.replace(tzinfo=None)  # openpyxl cannot store time zones
        return neutralise_formula(super().preprocess_field_value(field, value, export_format))

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        return super().generate_xlsx_row(worksheet, row_dict, date_format=UK_DATETIME_XLSX)

    def stream_csv(self, queryset):
        # Excel reads a CSV file as Windows-1252 ("£" becomes "Â£") unless it starts with a
        # UTF-8 byte-order mark.
        yield BYTE_ORDER_MARK
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response
