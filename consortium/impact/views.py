"""Impact at /impact/: what members achieved together, with charts and data tables."""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import re_path, reverse
from django.utils import timezone

from consortium import permissions
from consortium.impact import charts
from consortium.impact import figures as impact
from consortium.numbers import money, number
from portal.pagination import paginate
from portal.repeated import remember
from portal.spreadsheets import csv_response

app_name = "impact"


def headline(figures):
    """The headline figures as (label, value shown) pairs."""
    return [
        ("Matches completed", number(figures.matches_completed)),
        ("Volunteer hours given", number(figures.volunteer_hours)),
        ("Money value saved", money(figures.money_value)),
        ("Items given or lent", number(figures.items)),
        ("Kilograms reused", number(figures.kg_reused)),
    ]


def month_chart(months, chart_id="impact-by-month"):
    rows = [
        (f"{start:%b %Y}", f.matches_completed, number(f.matches_completed)) for start, f in months
    ]
    return charts.bar_chart(
        chart_id,
        "Matches completed each month",
        "Bar chart of matches completed in each of the last 12 months; "
        "the same numbers are in the table below it.",
        rows,
    )


def context():
    """Everything the public page and the admin panel show (a fixed number of queries)."""
    figures = impact.totals()
    categories = impact.by_category()
    months = impact.by_month()
    schemes = impact.scheme_progress()
    return {
        "figures": figures,
        "headline": headline(figures),
        "categories": categories,
        "months": months,
        "schemes": schemes,
        "category_chart": charts.bar_chart(
            "impact-by-category",
            "Matches completed by category",
            "Bar chart of matches completed in each category of help; "
            "the same numbers are in the table below it.",
            [(label, f.matches_completed, number(f.matches_completed)) for label, f in categories],
        ),
        "month_chart": month_chart(months),
        "scheme_chart": charts.bar_chart(
            "impact-schemes",
            "Joint-buying pledges as a share of each target",
            "Bar chart of how much of each scheme's target has been pledged, as a percentage; "
            "the same numbers are in the table below it.",
            [(p.scheme.title, p.percent, f"{p.percent}%") for p in schemes],
            largest=100,  # a full bar is the whole target; a scheme past it stays full
        ),
    }


def shared_context():
    """:func:`context`, computed once per content generation and day.

    The figures are the same for every visitor, and any saved match, pledge or scheme moves
    the content generation on (``portal.caching``), so the next request counts it. The day
    is in the key because the last 12 months move on at midnight.
    """
    return remember("impact", timezone.localdate().isoformat(), compute=context)


ORGANISATIONS_PER_PAGE = 50


def index(request):
    """The figures, and a page of the organisations (50 by name) the visitor may see."""
    everyone = remember("impact-pks", compute=impact.organisations_with_figures)
    visible = permissions.impact_organisations_among(request.user, everyone)
    page, _ = paginate(request, visible, ORGANISATIONS_PER_PAGE)
    return render(
        request,
        "consortium/impact/index.html",
        {
            **shared_context(),
            "organisations_page": page,
            "organisations": impact.with_figures(page.object_list),
            # The downloads' address without the org-id: reversing two URLs for each of 50
            # rows took longer than the rest of the table.
            "downloads_prefix": reverse("impact:organisation_json", args=["X"])[: -len("X.json")],
        },
    )


def _organisation(request, org_id):
    organisation = impact.find_organisation(org_id)
    if organisation is None or not permissions.can_view_impact_of(request.user, organisation):
        raise Http404("No organisation with that org-id")
    return organisation


def organisation_json(request, org_id):
    organisation = _organisation(request, org_id)
    response = JsonResponse(
        impact.organisation_record(organisation), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="{organisation.org_id}.json"'
    return response


def organisation_csv(request, org_id):
    organisation = _organisation(request, org_id)
    return csv_response(impact.organisation_csv(organisation), f"{organisation.org_id}.csv")


urlpatterns = [
    re_path(r"^$", index, name="index"),
    re_path(
        r"^organisations/(?P<org_id>[A-Za-z0-9-]{1,20})\.json$",
        organisation_json,
        name="organisation_json",
    ),
    re_path(
        r"^organisations/(?P<org_id>[A-Za-z0-9-]{1,20})\.csv$",
        organisation_csv,
        name="organisation_csv",
    ),
]
