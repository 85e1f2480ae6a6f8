"""Survey answers listed and exported in the admin, safe to open in a spreadsheet.

Wagtail's own submissions view does the listing and the CSV/XLSX export; this subclass only
changes what goes into each cell: no answer or question label can run as a formula and CSV
files start with a byte-order mark (``portal.spreadsheets``), and times are UK local time.
``SurveyPage.get_submissions_list_view_class`` uses it.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.contrib.forms.views import SubmissionsListView

from portal.spreadsheets import SafeSpreadsheetExport

UK_TIME = ZoneInfo("Europe/London")
UK_DATETIME_CSV = "%d/%m/%Y %H:%M"
UK_DATETIME_XLSX = "dd/mm/yyyy hh:mm"


class SurveySubmissionsListView(SafeSpreadsheetExport, SubmissionsListView):
    """Exports answers as text, never formulas, with times in UK local time."""

    def get_heading(self, queryset, field):
        if field == "submit_time":
            return "Sent (UK time)"
        return super().get_heading(queryset, field)

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value, UK_TIME)
            if export_format == self.FORMAT_CSV:
                return local.strftime(UK_DATETIME_CSV)
            return local.replace(tzinfo=None)  # openpyxl cannot store time zones
        return super().preprocess_field_value(field, value, export_format)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        return super().generate_xlsx_row(worksheet, row_dict, date_format=UK_DATETIME_XLSX)
