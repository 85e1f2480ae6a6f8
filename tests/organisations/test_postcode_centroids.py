"""Postcode centroids: loaded from the ONS Postcode Directory CSV or an outward-code summary,
by the command or the admin page, and used to measure miles between organisations."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from consortium.models import PostcodeCentroid
from consortium.organisations.postcodes import haversine_miles, place_of
from tests.personas import PERSONAS, client_for, make_personas

pytestmark = pytest.mark.django_db

# The ONS Postcode Directory's layout, cut down: its real header has more columns between.
ONSPD_HEADER = ",".join(
    ["pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "ced", "oslaua", "osward"]
    + ["usertype", "oseast1m", "osnrth1m", "osgrdind", "lat", "long"]
)
ONSPD_ROWS = [
    "SW1A1AA,SW1A 1AA,SW1A 1AA,199912,,E99999999,E99999999,E09000033,E05013806,"
    "1,529090,179645,1,51.501009,-0.141588",
    "M1  1AE,M1  1AE,M1 1AE,199406,,E99999999,E99999999,E08000003,E05011368,"
    "0,384577,398130,1,53.479480,-2.237380",
    # ONS writes these for a postcode with no grid reference: no coordinates.
    "ZZ1 1ZZ,ZZ1 1ZZ,ZZ1 1ZZ,200001,,,,,,1,,,9,99.999999,0.000000",
    "not a postcode,,nonsense,,,,,,,,,,,51.5,-0.1",
]
OUTWARD_CSV = "Postcode district,Latitude,Longitude\nAB3,52.651,-1.132\nAB4,52.561,-1.101\n"


def _csv(tmp_path, text, name="ONSPD.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load(path):
    out = io.StringIO()
    call_command("load_postcodes", str(path), stdout=out)
    return out.getvalue()


def test_the_command_loads_the_ons_directory_skipping_rows_without_coordinates(tmp_path):
    output = _load(_csv(tmp_path, "\n".join([ONSPD_HEADER, *ONSPD_ROWS]) + "\n"))
    assert "2 added, 0 updated, 0 unchanged, 1 skipped without coordinates" in output
    assert "1 skipped as not a postcode" in output
    assert place_of("sw1a1aa") == pytest.approx((51.501009, -0.141588))
    assert not PostcodeCentroid.objects.filter(code="ZZ1 1ZZ").exists()


def test_loading_again_updates_what_moved_and_leaves_the_rest(tmp_path):
    _load(_csv(tmp_path, "\n".join([ONSPD_HEADER, *ONSPD_ROWS]) + "\n"))
    moved = ONSPD_ROWS[1].replace("53.479480", "53.480000")
    output = _load(_csv(tmp_path, "\n".join([ONSPD_HEADER, ONSPD_ROWS[0], moved]) + "\n"))
    assert "0 added, 1 updated, 1 unchanged" in output
    assert PostcodeCentroid.objects.get(code="M1 1AE").latitude == pytest.approx(53.48)


def test_an_outward_code_summary_places_every_postcode_in_its_district(tmp_path):
    output = _load(_csv(tmp_path, OUTWARD_CSV, "districts.csv"))
    assert "2 added" in output
    assert place_of("AB3 1XY") == pytest.approx((52.651, -1.132))
    assert place_of("AB9 1XY") is None


def test_a_file_without_coordinate_columns_is_refused_saying_what_is_missing(tmp_path):
    with pytest.raises(CommandError, match="latitude column"):
        _load(_csv(tmp_path, "pcds,easting\nSW1A 1AA,529090\n"))
    assert not PostcodeCentroid.objects.exists()


def test_miles_between_centroids_are_measured_along_the_earth():
    london, manchester = (51.501009, -0.141588), (53.479480, -2.237380)
    assert haversine_miles(london, manchester) == pytest.approx(163, abs=2)


# --- The admin page ---------------------------------------------------------------------


@pytest.fixture
def personas():
    return make_personas()


ADMIN_SIGN_IN = 302
ACCESS = [
    (
        "the admin page that loads postcode centroids",
        lambda p: reverse("consortium_load_postcodes"),
        {**dict.fromkeys(PERSONAS, ADMIN_SIGN_IN), "staff": 200},
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_brokerage_staff_reach_the_postcode_page(personas, persona):
    response = client_for(persona, personas).get(reverse("consortium_load_postcodes"))
    assert response.status_code == ACCESS[0][2][persona]


def test_staff_load_an_outward_code_summary_through_the_admin(personas):
    staff = client_for("staff", personas)
    upload = SimpleUploadedFile("districts.csv", OUTWARD_CSV.encode())
    response = staff.post(reverse("consortium_load_postcodes"), {"file": upload})
    assert response.status_code == 200
    assert "2 added, 0 updated" in response.content.decode()
    assert PostcodeCentroid.objects.count() == 2


def test_the_admin_page_refuses_a_csv_without_a_postcode_column_on_the_form(personas):
    staff = client_for("staff", personas)
    upload = SimpleUploadedFile("wrong.csv", b"name,latitude,longitude\nA,51,0\n")
    response = staff.post(reverse("consortium_load_postcodes"), {"file": upload})
    assert "must name the postcode column" in response.content.decode()
    assert not PostcodeCentroid.objects.exists()
