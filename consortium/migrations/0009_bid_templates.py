"""The section templates a lead starts a joint bid from. Staff edit them as snippets."""

from django.db import migrations

SECTIONS = [
    ("Summary", "What you will do, for whom, where, and what will change.", 300),
    (
        "Need and evidence",
        "Who needs this and how you know: data, consultation, waiting lists.",
        750,
    ),
    ("Delivery plan", "Activities, timetable and which partner delivers what.", 1000),
    (
        "Partnership and governance",
        "How the partners decide, report and resolve disagreements.",
        500,
    ),
    ("Outcomes and monitoring", "The changes you expect and how you will measure them.", 600),
    ("Social value", "Wider benefits: local jobs, volunteering, environment.", 500),
    ("Safeguarding", "How each partner keeps children and adults at risk safe.", 400),
    ("Risks", "What could go wrong, how likely it is, and what you will do.", 400),
    ("Sustainability", "What happens when the funding ends.", 400),
    ("Budget narrative", "Why the budget is what it is: value for money, match funding.", 500),
]

TEMPLATES = {
    "Grant application (ten sections)": (
        "The sections most grant funders ask for.",
        [title for title, _, _ in SECTIONS],
    ),
    "Tender response": (
        "A public-sector tender: method statement, social value and risk.",
        [
            "Summary",
            "Delivery plan",
            "Partnership and governance",
            "Outcomes and monitoring",
            "Social value",
            "Safeguarding",
            "Risks",
            "Budget narrative",
        ],
    ),
}


def create_templates(apps, schema_editor):
    BidTemplate = apps.get_model("consortium", "BidTemplate")
    BidTemplateSection = apps.get_model("consortium", "BidTemplateSection")
    by_title = {title: (guidance, limit) for title, guidance, limit in SECTIONS}
    for name, (description, titles) in TEMPLATES.items():
        template, created = BidTemplate.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        if not created:
            continue
        for order, title in enumerate(titles):
            guidance, limit = by_title[title]
            BidTemplateSection.objects.create(
                template=template,
                sort_order=order,
                title=title,
                guidance=guidance,
                word_limit=limit,
            )


class Migration(migrations.Migration):
    dependencies = [("consortium", "0008_bids")]

    operations = [migrations.RunPython(create_templates, migrations.RunPython.noop)]
