"""Where postcodes are: a table of postcode centroids, and distances between organisations.

Staff fill the table from the ONS Postcode Directory (full postcodes) or its outward-code
summary (``postcode_loader``); no map service is asked. A postcode is placed at its own
centroid when the table has it, else at its outward code's ("SW1A" for "SW1A 1AA"), so the
small outward-code file is enough to measure "about 4 miles away".
"""

import math
import re

from django.db import models

EARTH_RADIUS_MILES = 3958.8
# A full postcode with its space ("SW1A 1AA"), or an outward code alone ("SW1A", "M1").
FULL_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$")
OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")


class PostcodeCentroid(models.Model):
    """The middle of a postcode or of an outward code (postcode district), in WGS84."""

    code = models.CharField(
        max_length=8, unique=True, help_text="A full postcode (SW1A 1AA) or an outward code (SW1A)"
    )
    latitude = models.FloatField()
    longitude = models.FloatField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "postcode centroid"

    def __str__(self):
        return self.code


def normalise_code(value):
    """A full postcode as "SW1A 1AA", an outward code as "SW1A"; "" when it is neither."""
    squashed = re.sub(r"\s", "", str(value or "")).upper()
    if OUTWARD_CODE.fullmatch(squashed):
        return squashed
    spaced = f"{squashed[:-3]} {squashed[-3:]}"
    return spaced if FULL_POSTCODE.fullmatch(spaced) else ""


def codes_for(postcode):
    """The codes that may place ``postcode``, best first: itself, then its outward code."""
    code = normalise_code(postcode)
    if not code:
        return []
    return [code, code.split(" ")[0]] if " " in code else [code]


def haversine_miles(a, b):
    """Miles along the Earth's surface between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


def places(postcodes):
    """{postcode: (latitude, longitude)} for the postcodes the table can place (one query)."""
    wanted = {postcode: codes_for(postcode) for postcode in set(postcodes) if postcode}
    codes = {code for options in wanted.values() for code in options}
    if not codes:
        return {}
    found = dict(
        (code, (lat, lon))
        for code, lat, lon in PostcodeCentroid.objects.filter(code__in=codes).values_list(
            "code", "latitude", "longitude"
        )
    )
    located = {}
    for postcode, options in wanted.items():
        point = next((found[code] for code in options if code in found), None)
        if point is not None:
            located[postcode] = point
    return located


def place_of(postcode):
    """(latitude, longitude) of one postcode, or None when the table does not know it."""
    return places([postcode]).get(postcode)


class Distances:
    """Miles from one organisation to every other organisation with a known postcode, or
    only to those ``among`` (the ones a page shows: reading every organisation's postcode
    and placing it cost a list page half a second at scale 10).

    ``known`` says whether the starting organisation could be placed at all. Two queries,
    however many organisations there are: their postcodes, then the centroids.
    """

    def __init__(self, organisation_id, among=None):
        from consortium.organisations.models import Organisation

        organisations = Organisation.objects.exclude(postcode="")
        if among is not None:
            organisations = organisations.filter(pk__in={organisation_id, *among})
        rows = dict(organisations.values_list("pk", "postcode") if organisation_id else [])
        located = places(rows.values()) if organisation_id in rows else {}
        self.origin = located.get(rows.get(organisation_id))
        self.known = self.origin is not None
        self.miles = {}
        if self.known:
            for pk, postcode in rows.items():
                point = located.get(postcode)
                if point is not None:
                    self.miles[pk] = haversine_miles(self.origin, point)

    def to(self, organisation_id):
        """Miles to the organisation, or None when either postcode is unknown."""
        return self.miles.get(organisation_id)

    def within(self, miles):
        """The organisations no more than ``miles`` away (the starting one included)."""
        return [pk for pk, distance in self.miles.items() if distance <= miles]


def miles_from(origin, postcodes):
    """{postcode: miles from ``origin``} for the postcodes the table can place (one query)."""
    if origin is None:
        return {}
    return {code: haversine_miles(origin, point) for code, point in places(postcodes).items()}


def about(miles):
    """How a distance reads on a card: "less than a mile away", "about 4 miles away"."""
    if miles is None:
        return ""
    if miles < 1:
        return "less than a mile away"
    rounded = round(miles)
    return f"about {rounded} mile{'s' if rounded != 1 else ''} away"
