"""Who is writing a section now: the writing page says so while it is open.

The page records the person when it opens and then every ``HEARTBEAT_SECONDS`` (a small
script); anyone not heard from for ``FRESH_SECONDS`` is no longer shown. It is a courtesy, not
a lock: if it is wrong, nothing is lost, because saving merges the texts or shows the clash.
Kept in the database, not the cache, so that every app process sees the same people.
"""

from datetime import timedelta

from django.utils import timezone

from consortium.bids.models import SectionPresence

HEARTBEAT_SECONDS = 20
FRESH_SECONDS = 60
# Rows this old are deleted when someone next opens a section they did not have open, so the
# table stays small.
FORGET_AFTER = timedelta(days=1)


def _fresh_since():
    return timezone.now() - timedelta(seconds=FRESH_SECONDS)


def record(section, person, organisation_id):
    """``person`` (speaking for ``organisation_id``) has the section's writing page open."""
    now = timezone.now()
    # A plain update while the page stays open (one query, every heartbeat); the first visit
    # adds the row and clears out rows nobody has refreshed for a day.
    seen = SectionPresence.objects.filter(section=section, person=person).update(
        organisation_id=organisation_id, last_seen=now
    )
    if seen:
        return
    SectionPresence.objects.update_or_create(
        section=section,
        person=person,
        defaults={"organisation_id": organisation_id, "last_seen": now},
    )
    SectionPresence.objects.filter(last_seen__lt=now - FORGET_AFTER).delete()


def leave(section, person):
    """``person`` closed the page (a best-effort signal from the browser)."""
    SectionPresence.objects.filter(section=section, person=person).delete()


def name_of(presence):
    person = presence.person
    name = person.get_full_name() or person.username
    if presence.organisation_id:
        return f"{name} ({presence.organisation.name})"
    return name


def others_editing(section, person):
    """Everyone else with the section's writing page open now, longest first."""
    presences = (
        SectionPresence.objects.filter(section=section, last_seen__gte=_fresh_since())
        .exclude(person_id=getattr(person, "pk", None))
        .select_related("person", "organisation")
        .order_by("pk")
    )
    return [name_of(p) for p in presences]


def mark_sections_being_edited(sections, person):
    """Set ``section.being_edited_by`` (names, without organisations) on each, in one query."""
    names = {}
    presences = (
        SectionPresence.objects.filter(
            section__in=[s.pk for s in sections], last_seen__gte=_fresh_since()
        )
        .exclude(person_id=getattr(person, "pk", None))
        .select_related("person")
        .order_by("pk")
    )
    for p in presences:
        names.setdefault(p.section_id, []).append(p.person.get_full_name() or p.person.username)
    for section in sections:
        section.being_edited_by = names.get(section.pk, [])
    return sections


def editing_message(names):
    """ "Ruth Rowe (Riverside Befrienders) is editing this section", or "" for nobody."""
    if not names:
        return ""
    if len(names) == 1:
        return f"{names[0]} is editing this section"
    return f"{', '.join(names[:-1])} and {names[-1]} are editing this section"
