"""Awarded bids as open data: 360Giving JSON and CSV, public."""

import csv
import io
import json

from django.http import HttpResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from consortium.buying.rules import csv_safe
from consortium.impact import threesixty

app_name = "open_data"


@require_GET
def threesixty_json(request):
    data = threesixty.package(request.build_absolute_uri(reverse("open_data:threesixty_json")))
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'inline; filename="shoal-360giving.json"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def threesixty_csv(request):
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheets read "£" and accents as UTF-8
    writer = csv.writer(out)
    writer.writerow(threesixty.COLUMNS)
    grants = threesixty.package()["grants"]
    for row in threesixty.rows(grants):
        writer.writerow([csv_safe(cell) for cell in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="shoal-360giving.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


urlpatterns = [
    path("360giving.json", threesixty_json, name="threesixty_json"),
    path("360giving.csv", threesixty_csv, name="threesixty_csv"),
]
