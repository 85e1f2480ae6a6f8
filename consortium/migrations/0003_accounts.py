"""Accounts made before allauth keep signing in: their email addresses count as confirmed.

allauth's mandatory verification refuses a sign-in until the address is confirmed. Accounts
that existed before it were made by staff (or the demo loader), so their addresses are
trusted rather than locking everyone out on the day of the upgrade.
"""

from django.conf import settings
from django.db import migrations


def confirm_existing_addresses(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    EmailAddress = apps.get_model("account", "EmailAddress")
    have_address = set(EmailAddress.objects.values_list("user_id", flat=True))
    taken = {email.lower() for email in EmailAddress.objects.values_list("email", flat=True)}
    new = []
    for user in User.objects.exclude(email="").exclude(pk__in=have_address).order_by("pk"):
        if user.email.lower() not in taken:  # an address belongs to one account only
            taken.add(user.email.lower())
            new.append(EmailAddress(user_id=user.pk, email=user.email, verified=True, primary=True))
    EmailAddress.objects.bulk_create(new)


class Migration(migrations.Migration):
    dependencies = [
        ("consortium", "0002_members_area"),
        ("account", "0009_emailaddress_unique_primary_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(confirm_existing_addresses, migrations.RunPython.noop)]
