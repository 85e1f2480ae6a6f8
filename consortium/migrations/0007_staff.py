"""The "Brokerage officers" group: the Wagtail admin, every permission on the members'
models (they work the Brokerage menu), and choosing images for organisation logos.

Also: a supplier quote's scheme becomes a ParentalKey (no change in the database), so that
staff edit a scheme's quotes inline in the admin.
"""

import django.db.models.deletion
import modelcluster.fields
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Brokerage officers"  # consortium.permissions.BROKERAGE_GROUP


def create_group(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="consortium"),
    )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for action in ("add", "choose"):
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailimages", codename=f"{action}_image"
                ),
            )


def remove_group(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consortium", "0002_members_area"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [
        migrations.AlterField(
            model_name="supplierquote",
            name="scheme",
            field=modelcluster.fields.ParentalKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="quotes",
                to="consortium.scheme",
            ),
        ),
        migrations.RunPython(create_group, remove_group),
    ]
