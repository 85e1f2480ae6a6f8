"""Survey answers hold personal data: only Moderators and a new "Survey managers" group may
list and export them (home.wagtail_hooks.only_survey_managers_see_answers), and the site
settings choose the privacy notice and accessibility statement that the footer links to.

Survey managers get only the permission to read answers (and to enter the admin): add to
this group someone who already edits the survey, such as a member of Communications.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

SURVEY_MANAGERS = "Survey managers"
GROUPS_WHO_SEE_ANSWERS = [SURVEY_MANAGERS, "Moderators"]


def let_survey_managers_see_answers(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    view_answers = Permission.objects.get(
        content_type__app_label="home", codename="view_surveysubmission"
    )
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    survey_managers, _ = Group.objects.get_or_create(name=SURVEY_MANAGERS)
    survey_managers.permissions.add(access_admin)
    for group in Group.objects.filter(name__in=GROUPS_WHO_SEE_ANSWERS):
        group.permissions.add(view_answers)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_one_summary_field"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="sitesettings",
            name="accessibility_statement",
            field=models.ForeignKey(
                blank=True,
                help_text="Linked from the footer of every page",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="sitesettings",
            name="privacy_notice",
            field=models.ForeignKey(
                blank=True,
                help_text="Linked from the footer of every page and from every survey",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
        ),
        migrations.AlterModelOptions(
            name="surveysubmission",
            options={"verbose_name": "survey response"},
        ),
        # Going back leaves the group and its permission in place (harmless, and forward is
        # idempotent): deleting a group from a historical state fails on its relations.
        migrations.RunPython(let_survey_managers_see_answers, migrations.RunPython.noop),
    ]
