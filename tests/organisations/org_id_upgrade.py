"""Upgrading a database that already holds duplicate org-ids (migration 0017), run in its own
process and database as tests/platform/upgrade_scenario.py is: migrating the shared test
database backwards would leave it in a state the tests after it cannot restore.

Run by tests/organisations/test_org_id_upgrade.py.
"""

import datetime

import django

BEFORE = [("consortium", "0014_length_limits")]
AFTER = [("consortium", "0017_unique_org_ids")]


def migrate_to(targets):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def upgrade_keeps_the_oldest_holder_and_opens_a_dispute_for_each_later_one():
    old = migrate_to(BEFORE)
    OldOrganisation = old.get_model("consortium", "Organisation")

    def make(name, day, **numbers):
        organisation = OldOrganisation.objects.create(name=name, slug=name.lower(), **numbers)
        created = datetime.datetime(2026, 11, day, tzinfo=datetime.UTC)
        OldOrganisation.objects.filter(pk=organisation.pk).update(created_at=created)
        return organisation.pk

    castle = make("Castle Ward Food Pantry", 1, charity_number="502548", org_id="GB-CHC-502548")
    copy = make(
        "Castle Ward Food Pantry Copy",
        2,
        charity_number="502548",
        company_number="01234567",
        org_id="GB-CHC-502548",
    )
    third = make("Castle Ward Kitchen", 3, company_number="01234567", org_id="GB-COH-01234567")
    alone = make("Hillside Men's Shed", 4, charity_number="1090096", org_id="GB-CHC-1090096")

    new = migrate_to(AFTER)  # the models as 0017 left them, not as they are today
    Organisation = new.get_model("consortium", "Organisation")
    OrgIdDispute = new.get_model("consortium", "OrgIdDispute")
    from consortium.models import DisputeStatus

    ids = dict(Organisation.objects.values_list("pk", "org_id"))
    assert ids == {
        castle: "GB-CHC-502548",
        copy: "GB-COH-01234567",
        third: "",
        alone: "GB-CHC-1090096",
    }, ids
    assert Organisation.objects.get(pk=copy).charity_number == ""
    assert Organisation.objects.get(pk=third).company_number == ""
    disputes = {
        (d.org_id, d.holder_id, d.claimant_id, d.status)
        for d in OrgIdDispute.objects.order_by("pk")
    }
    assert disputes == {
        ("GB-CHC-502548", castle, copy, DisputeStatus.OPEN),
        ("GB-COH-01234567", copy, third, DisputeStatus.OPEN),
    }, disputes
    reason = OrgIdDispute.objects.get(claimant_id=copy).reason
    assert "Castle Ward Food Pantry registered first and keeps it" in reason, reason


if __name__ == "__main__":
    django.setup()
    upgrade_keeps_the_oldest_holder_and_opens_a_dispute_for_each_later_one()
    print("org-id upgrade passed")
