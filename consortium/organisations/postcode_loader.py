"""Load postcode centroids from the ONS Postcode Directory CSV or its outward-code summary.

The ONS Postcode Directory (ONSPD) has one row per postcode with the columns ``pcds`` (the
postcode with its space), ``lat`` and ``long``; postcodes with no grid reference carry
latitude 99.999999 and are skipped. An outward-code (postcode district) summary has a
district column and latitude and longitude columns. The loader reads either, row by row
(the full directory has millions of rows), and inserts or updates in batches.
"""

import csv
from dataclasses import dataclass

from consortium.organisations.postcodes import PostcodeCentroid, normalise_code

BATCH = 2000
# Accepted column names, lower case, first match wins.
CODE_COLUMNS = ["pcds", "pcd", "postcode", "postcode district", "pcd_district", "district",
                "outward code", "outcode"]  # fmt: skip
LATITUDE_COLUMNS = ["lat", "latitude"]
LONGITUDE_COLUMNS = ["long", "longitude", "lng", "lon"]
# The United Kingdom, the Channel Islands and the Isle of Man, with a margin: ONS writes
# 99.999999 / 0.000000 for postcodes it cannot place.
LATITUDES = (49.0, 61.5)
LONGITUDES = (-9.0, 2.5)


class UnreadableFile(ValueError):
    """The file is not a CSV with a postcode column and latitude and longitude columns."""


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    no_coordinates: int = 0
    not_a_postcode: int = 0

    def __str__(self):
        return (
            f"{self.created:,} added, {self.updated:,} updated, {self.unchanged:,} unchanged, "
            f"{self.no_coordinates:,} skipped without coordinates, "
            f"{self.not_a_postcode:,} skipped as not a postcode"
        )


def _column(headers, names, what):
    lowered = {header.strip().lower(): header for header in headers if header}
    for name in names:
        if name in lowered:
            return lowered[name]
    raise UnreadableFile(
        f"The first row must name the {what} column ({' or '.join(names[:3])}); this file has none"
    )


def _coordinates(row, lat_column, lon_column):
    try:
        latitude, longitude = float(row[lat_column]), float(row[lon_column])
    except (TypeError, ValueError):
        return None
    if not (
        LATITUDES[0] <= latitude <= LATITUDES[1] and LONGITUDES[0] <= longitude <= LONGITUDES[1]
    ):
        return None
    return latitude, longitude


def load_centroids(lines):
    """Read CSV ``lines`` (an open text file or a list of strings); return a ``LoadReport``."""
    reader = csv.DictReader(lines)
    headers = reader.fieldnames or []
    code_column = _column(headers, CODE_COLUMNS, "postcode")
    lat_column = _column(headers, LATITUDE_COLUMNS, "latitude")
    lon_column = _column(headers, LONGITUDE_COLUMNS, "longitude")
    report = LoadReport()
    batch = {}
    for row in reader:
        code = normalise_code(row.get(code_column))
        if not code:
            report.not_a_postcode += 1
            continue
        point = _coordinates(row, lat_column, lon_column)
        if point is None:
            report.no_coordinates += 1
            continue
        batch[code] = point
        if len(batch) >= BATCH:
            _save(batch, report)
            batch = {}
    _save(batch, report)
    return report


def _save(batch, report):
    if not batch:
        return
    existing = PostcodeCentroid.objects.in_bulk(list(batch), field_name="code")
    changed, new = [], []
    for code, (latitude, longitude) in batch.items():
        centroid = existing.get(code)
        if centroid is None:
            new.append(PostcodeCentroid(code=code, latitude=latitude, longitude=longitude))
        elif (centroid.latitude, centroid.longitude) == (latitude, longitude):
            report.unchanged += 1
        else:
            centroid.latitude, centroid.longitude = latitude, longitude
            changed.append(centroid)
    PostcodeCentroid.objects.bulk_create(new)
    PostcodeCentroid.objects.bulk_update(changed, ["latitude", "longitude"])
    report.created += len(new)
    report.updated += len(changed)
