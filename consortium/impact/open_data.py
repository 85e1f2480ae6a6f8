"""Awards as open data, public: grants as 360Giving JSON and CSV, contract awards as an OCDS
release package (``/open-data/ocds.json``, a contract: keep the address)."""

import json

from django.http import HttpResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from consortium.impact import ocds_awards, threesixty
from portal.spreadsheets import csv_response, csv_text

app_name = "open_data"


def _json_response(data, filename):
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def threesixty_json(request):
    data = threesixty.package(request.build_absolute_uri(reverse("open_data:threesixty_json")))
    return _json_response(data, "shoal-360giving.json")


@require_GET
def ocds_json(request):
    data = ocds_awards.package(request.build_absolute_uri(reverse("open_data:ocds_json")))
    return _json_response(data, "shoal-ocds.json")


@require_GET
def threesixty_csv(request):
    grants = threesixty.package()["grants"]
    text = csv_text(threesixty.COLUMNS, threesixty.rows(grants))
    response = csv_response(text, "shoal-360giving.csv")
    response["Access-Control-Allow-Origin"] = "*"
    return response


urlpatterns = [
    path("360giving.json", threesixty_json, name="threesixty_json"),
    path("360giving.csv", threesixty_csv, name="threesixty_csv"),
    path("ocds.json", ocds_json, name="ocds_json"),
]
