"""Every URL of the project, asked for by each of eleven people, answers as the table says.

The URLs come from Django's resolver, so a new view cannot be forgotten: a view missing from
the table in tests/platform/access_matrix.py fails with the row to paste, and a URL whose
arguments cannot be filled from the world (tests/platform/access_world.py) fails saying where
to add them. Each URL is asked for with GET, and with an empty POST (the test client makes no
CSRF check), each inside a transaction that is rolled back, so no request changes what the
next one finds. The table's header explains the outcomes and the rule for refusals.
"""

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from tests.platform import access_matrix as table
from tests.platform.access_world import ROLES, STAFF_ROLES, make_access_world

PROJECT_PACKAGES = ("consortium", "portal", "home", "search")
ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>|\((?!\?)")
GROUP = re.compile(r"\((?:\?P<\w+>)?[^()]*\)")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its name (or, unnamed, its route), full route and view's module."""

    key: str
    name: str | None
    route: str
    module: str

    @property
    def arguments(self):
        """The pattern's arguments by name; unnamed regex groups are numbered from 0."""
        found, position = [], 0
        for match in ARGUMENT.finditer(self.route):
            if match.group(1) or match.group(2):
                found.append(match.group(1) or match.group(2))
            else:
                found.append(str(position))
                position += 1
        return found

    @property
    def grouped(self):
        """Wagtail's own admin pages, checked by the rule in the table, not row by row."""
        if not self.route.startswith("admin/"):
            return False
        if (self.name or "").startswith("consortium_") and self.name.endswith("modeladmin_index"):
            return False
        return not self.module.startswith(PROJECT_PACKAGES)


def _walk(resolver, prefix="", namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from _walk(pattern, prefix + str(pattern.pattern), inner or namespace)
            continue
        name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
        route = prefix + str(pattern.pattern)
        module = getattr(pattern.callback, "__module__", "") or ""
        yield Route(key=name or route, name=name, route=route, module=module)


def all_routes():
    """Every pattern the resolver knows, once each (a name repeated for the same address,
    as allauth's password reset behind the project's throttled one, is one route)."""
    seen, routes = set(), []
    for route in _walk(get_resolver()):
        if route.key not in seen:
            seen.add(route.key)
            routes.append(route)
    return routes


ROUTES = all_routes()
LISTED = [route for route in ROUTES if not route.grouped]
GROUPED = [route for route in ROUTES if route.grouped and not route.arguments]
NOT_STAFF = [role for role in ROLES if role not in STAFF_ROLES]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The people and things, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_access_world()
        transaction.set_rollback(True)


def url_for(route, world):
    values = []
    for argument in route.arguments:
        value = table.argument_value(route, argument, world)
        if value is None:
            pytest.fail(
                f"The access matrix cannot fill the argument {argument!r} of {route.key} "
                f"({route.route}). Add it to ARGUMENTS in tests/platform/access_matrix.py "
                "(and the thing it names to tests/platform/access_world.py)."
            )
        values.append(str(value))
    if route.name is None:
        return "/" + GROUP.sub(lambda m: values.pop(0), route.route).strip("^$")
    named = [a for a in route.arguments if not a.isdigit()]
    try:
        if named:
            return reverse(route.name, kwargs=dict(zip(named, values, strict=True)))
        return reverse(route.name, args=values)
    except NoReverseMatch as error:
        pytest.fail(f"{route.key}: the values {values} do not fit {route.route}: {error}")


@cache
def _sign_in_pages():
    return {urlsplit(reverse(name)).path for name in ("account_login", "wagtailadmin_login")} | {
        urlsplit(settings.LOGIN_URL).path
    }


def outcome(response, path):
    """The outcome class of one response, as the table writes it."""
    code = response.status_code
    if 200 <= code < 300:
        return "ok"
    if 300 <= code < 400:
        target = urlsplit(response["Location"]).path
        if target in _sign_in_pages():
            return "login"
        if target == reverse("wagtailadmin_home") and path != target:
            return "403"  # Wagtail's admin refuses by sending the person to its dashboard
        return "ok"
    return str(code)


def ask(world, route, role, method):
    """Ask for the URL as the person, inside a transaction that is then rolled back."""
    world.put_files_back()
    with transaction.atomic():
        client = world.client(role)
        path = url_for(route, world)
        response = getattr(client, method.lower())(path)
        if response.streaming:  # read to the end, which closes it as a server would
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return outcome(response, path)


@cache
def _answers(route_key, world_id):
    route = next(r for r in ROUTES if r.key == route_key)
    world = _WORLDS[world_id]
    return {
        method: {role: ask(world, route, role, method) for role in ROLES}
        for method in table.METHODS
    }


_WORLDS = {}


def ready_to_paste(route, world):
    _WORLDS[id(world)] = world
    answers = _answers(route.key, id(world))
    return "\n".join(table.format_row(route.key, m, answers[m]) for m in table.METHODS)


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("route", LISTED, ids=[r.key for r in LISTED])
def test_each_url_answers_each_person_as_the_table_says(route, role, world, db):
    if route.key not in table.EXPECTED:
        pytest.fail(
            f"{route.key} ({route.route}, {route.module}) is not in the access matrix. Check "
            "these outcomes are what each person should get, then add the rows to "
            f"tests/platform/access_matrix.txt:\n{ready_to_paste(route, world)}"
        )
    wrong = []
    for method in table.METHODS:
        expected = table.EXPECTED[route.key][method][role]
        got = ask(world, route, role, method)
        if got != expected:
            path = url_for(route, world)
            wrong.append(f"{method} {path} as {role}: expected {expected}, got {got}")
    assert not wrong, f"{route.key}: " + "; ".join(wrong)


@pytest.mark.parametrize("route", GROUPED, ids=[r.key for r in GROUPED])
def test_wagtail_admin_pages_send_people_without_admin_access_to_sign_in(route, world, db):
    expected = table.ADMIN_PAGES_FOR_EVERYONE.get(route.key, "login")
    wrong = []
    for role in NOT_STAFF:
        got = ask(world, route, role, "GET")
        if got != expected:
            wrong.append(f"GET {route.route} as {role}: expected {expected}, got {got}")
    assert not wrong, "; ".join(wrong)


def test_every_row_of_the_table_is_still_a_url():
    keys = {route.key for route in ROUTES}
    stale = sorted(set(table.EXPECTED) - keys)
    assert not stale, f"Rows for URLs that no longer exist; remove them: {stale}"


def test_the_table_names_every_person_once_for_every_url():
    for key, methods in table.EXPECTED.items():
        for method, cells in methods.items():
            assert list(cells) == list(ROLES), f"{key} {method}"
            assert set(cells.values()) <= set(table.OUTCOMES), f"{key} {method}: {cells}"
