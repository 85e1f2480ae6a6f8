"""Awards as fixed records (issue 19), and the funder's or buyer's org-id on an opportunity.

Bids already awarded get one record each, as the open data showed them until now: the
consortium's lead today as recipient, the amount awarded (or asked for), the award date (or
the day of the bid's last change), recorded at the bid's last change so that the published
``dateModified`` does not move.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


def record_awarded_bids(apps, schema_editor):
    JointBid = apps.get_model("consortium", "JointBid")
    ConsortiumMember = apps.get_model("consortium", "ConsortiumMember")
    AwardRecord = apps.get_model("consortium", "AwardRecord")
    bids = JointBid.objects.filter(state="awarded").select_related("consortium", "opportunity")
    leads = {
        m.consortium_id: m.organisation
        for m in ConsortiumMember.objects.filter(role="lead", status="accepted").select_related(
            "organisation"
        )
    }
    records = []
    for bid in bids:
        opportunity, lead = bid.opportunity, leads.get(bid.consortium_id)
        is_tender = opportunity is not None and opportunity.kind == "tender"
        amount = bid.amount_awarded if bid.amount_awarded is not None else bid.amount_requested
        if lead is not None:
            recipient = {
                "recipient": lead,
                "recipient_name": lead.name,
                "recipient_org_id": lead.org_id,
                "recipient_local_id": f"org-{lead.slug}",
                "recipient_charity_number": lead.charity_number,
                "recipient_company_number": lead.company_number,
            }
        else:
            recipient = {
                "recipient_name": bid.consortium.name,
                "recipient_local_id": f"org-{bid.consortium.slug}",
            }
        records.append(
            AwardRecord(
                bid=bid,
                kind="contract" if is_tender else "grant",
                title=bid.title,
                description=bid.summary or bid.title,
                programme=bid.programme,
                funder_name=bid.funder
                or (opportunity.funder if opportunity else "")
                or "Unknown funder",
                ocid=(opportunity.ocid or "") if is_tender else "",
                currency="GBP",
                amount=amount or 0,
                amount_applied_for=bid.amount_requested,
                award_date=bid.award_date or bid.updated_at.date(),
                start_date=bid.start_date,
                duration_months=bid.duration_months,
                recorded_at=bid.updated_at,
                **recipient,
            )
        )
    AwardRecord.objects.bulk_create(records, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("consortium", "0015_submitted_documents"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalopportunity",
            name="funder_org_id",
            field=models.CharField(
                blank=True,
                help_text="Such as GB-CHC-1090095 or GB-GOR-PB123, from org-id.guide. Awards are published under it; leave it empty if you do not know it",
                max_length=40,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z]{2}-[A-Z0-9]{2,10}-[A-Za-z0-9][A-Za-z0-9._/-]*$",
                        "Enter an org-id such as GB-CHC-1090095 or GB-GOR-PB123, or leave it empty",
                    )
                ],
                verbose_name="Funder's or buyer's org-id",
            ),
        ),
        migrations.AddField(
            model_name="opportunity",
            name="funder_org_id",
            field=models.CharField(
                blank=True,
                help_text="Such as GB-CHC-1090095 or GB-GOR-PB123, from org-id.guide. Awards are published under it; leave it empty if you do not know it",
                max_length=40,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z]{2}-[A-Z0-9]{2,10}-[A-Za-z0-9][A-Za-z0-9._/-]*$",
                        "Enter an org-id such as GB-CHC-1090095 or GB-GOR-PB123, or leave it empty",
                    )
                ],
                verbose_name="Funder's or buyer's org-id",
            ),
        ),
        migrations.CreateModel(
            name="AwardRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("grant", "Grant"), ("contract", "Contract")],
                        default="grant",
                        max_length=10,
                    ),
                ),
                ("title", models.CharField(max_length=255)),
                ("description", models.TextField(blank=True, max_length=5000)),
                ("programme", models.CharField(blank=True, max_length=200)),
                ("recipient_name", models.CharField(max_length=200)),
                (
                    "recipient_org_id",
                    models.CharField(blank=True, max_length=40, verbose_name="Recipient's org-id"),
                ),
                ("recipient_local_id", models.CharField(max_length=220)),
                ("recipient_charity_number", models.CharField(blank=True, max_length=8)),
                ("recipient_company_number", models.CharField(blank=True, max_length=8)),
                ("funder_name", models.CharField(max_length=200, verbose_name="Funder or buyer")),
                (
                    "funder_org_id",
                    models.CharField(
                        blank=True,
                        max_length=40,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{2}-[A-Z0-9]{2,10}-[A-Za-z0-9][A-Za-z0-9._/-]*$",
                                "Enter an org-id such as GB-CHC-1090095 or GB-GOR-PB123, or leave it empty",
                            )
                        ],
                        verbose_name="Funder's or buyer's org-id",
                    ),
                ),
                (
                    "ocid",
                    models.CharField(
                        blank=True, max_length=100, verbose_name="Open Contracting id (OCID)"
                    ),
                ),
                ("currency", models.CharField(default="GBP", max_length=3)),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=14,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(Decimal("100000000")),
                        ],
                        verbose_name="Amount awarded",
                    ),
                ),
                (
                    "amount_applied_for",
                    models.DecimalField(decimal_places=2, max_digits=14, null=True),
                ),
                ("award_date", models.DateField()),
                ("start_date", models.DateField(blank=True, null=True)),
                ("duration_months", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "reason",
                    models.TextField(
                        blank=True, max_length=2000, verbose_name="Why it was corrected"
                    ),
                ),
                (
                    "bid",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="award_records",
                        to="consortium.jointbid",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="award_records",
                        to="consortium.organisation",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "supersedes",
                    models.OneToOneField(
                        blank=True,
                        help_text="The record this one corrects",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="superseded_by",
                        to="consortium.awardrecord",
                    ),
                ),
            ],
            options={
                "ordering": ["award_date", "bid_id", "recorded_at"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("supersedes__isnull", True)),
                        fields=("bid",),
                        name="one_first_award_record_per_bid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("supersedes__isnull", True),
                            models.Q(("reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="an_award_correction_says_why",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("amount__gte", 0), ("amount__lte", Decimal("100000000"))
                        ),
                        name="award_amount_in_range",
                    ),
                ],
            },
        ),
        migrations.RunPython(record_awarded_bids, migrations.RunPython.noop),
    ]
