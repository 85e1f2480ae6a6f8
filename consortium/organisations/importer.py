"""Import an existing membership list (CSV or Excel) as organisations.

Each row is normalised and checked like a profile typed on the site
(``Organisation.clean``); a row matches an organisation already in Shoal by its org-id or,
failing that, its name, so importing the same sheet twice changes nothing.
"""

import tablib
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from import_export import fields, resources

from consortium.organisations import identifiers
from consortium.organisations.models import Area, LegalForm, Organisation

COLUMNS = {
    "name": "name",
    "legal_form": "legal form",
    "charity_number": "charity number",
    "oscr_number": "oscr number",
    "ccni_number": "ccni number",
    "company_number": "company number",
    "postcode": "postcode",
    "area": "area",
    "website": "website",
    "short_description": "short description",
}
NUMBER_FIELDS = ["charity_number", "oscr_number", "ccni_number", "company_number"]
NORMALISERS = {
    "charity_number": identifiers.normalise_charity_number,
    "oscr_number": identifiers.normalise_oscr_number,
    "ccni_number": identifiers.normalise_ccni_number,
    "company_number": identifiers.normalise_company_number,
    "postcode": identifiers.normalise_postcode,
}


def _choice_lookup(choices):
    """Accept a choice by its value or its label, in any case."""
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[label.lower()] = value
    return lookup


LEGAL_FORMS = _choice_lookup(LegalForm.choices)
AREAS = _choice_lookup(Area.choices)


def _header_key(header):
    return " ".join(str(header or "").replace("_", " ").split()).lower()


def read_dataset(content, extension):
    """A tablib Dataset from an uploaded CSV or XLSX file, headers made canonical."""
    if extension == "xlsx":
        dataset = tablib.Dataset().load(content, format="xlsx")
    else:
        text = content.decode("utf-8-sig")
        dataset = tablib.Dataset().load(text, format="csv")
    by_label = {label: field for field, label in COLUMNS.items()}
    by_label.update({field.replace("_", " "): field for field in COLUMNS})
    dataset.headers = [
        by_label.get(_header_key(header), _header_key(header)) for header in dataset.headers
    ]
    return dataset


def _text(value):
    return "" if value is None else " ".join(str(value).split())


class OrganisationResource(resources.ModelResource):
    """Organisations by name, legal form, the four registration numbers, postcode, area,
    website and short description."""

    name = fields.Field(attribute="name", column_name="name")

    class Meta:
        model = Organisation
        fields = list(COLUMNS)
        import_id_fields = ["name"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        store_instance = True
        store_row_values = True

    def before_import_row(self, row, **kwargs):
        for field in COLUMNS:
            row[field] = _text(row.get(field))
        # Excel turns 08255580 into the number 8255580.0.
        for field in NUMBER_FIELDS:
            if row[field].endswith(".0") and row[field][:-2].isdigit():
                row[field] = row[field][:-2]

    def get_instance(self, instance_loader, row):
        numbers = {}
        for field in NUMBER_FIELDS:
            try:
                numbers[field] = NORMALISERS[field](row[field]) if row[field] else ""
            except ValidationError:
                numbers[field] = ""
        org_id = identifiers.org_id(**numbers)
        if org_id:
            found = Organisation.objects.filter(org_id=org_id).first()
            if found:
                return found
        if row["name"]:
            return Organisation.objects.filter(name__iexact=row["name"]).first()
        return None

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        errors = {}
        if not instance.name:
            errors["name"] = ValidationError("Enter the organisation’s name")
        else:
            slug = slugify(instance.name)
            clash = Organisation.objects.filter(slug=slug).exclude(pk=instance.pk)
            if not slug or clash.exists():
                errors["name"] = ValidationError(
                    "Another organisation has a name too similar to this one"
                )
        legal_form = LEGAL_FORMS.get(row["legal_form"].lower()) if row["legal_form"] else None
        if row["legal_form"] and legal_form is None:
            errors["legal_form"] = ValidationError(
                f"“{row['legal_form']}” is not a legal form Shoal knows. Use one of: "
                + "; ".join(label for _, label in LegalForm.choices)
            )
        instance.legal_form = legal_form or LegalForm.UNINCORPORATED
        area = AREAS.get(row["area"].lower()) if row["area"] else None
        if row["area"] and area is None:
            errors["area"] = ValidationError(
                f"“{row['area']}” is not an area. Use one of: "
                + ", ".join(label for _, label in Area.choices)
            )
        instance.area = area or Area.COUNTYWIDE
        for field, normalise in NORMALISERS.items():
            value = getattr(instance, field)
            if value:
                try:
                    setattr(instance, field, normalise(value))
                except ValidationError as error:
                    errors[field] = error
                    setattr(instance, field, "")
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Numbers already refused are blank now: do not also say "enter the number".
        errors = dict(import_validation_errors or {})
        try:
            super().validate_instance(instance, None, validate_unique)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in errors and not (
                    set(NUMBER_FIELDS) & set(errors) and field in NUMBER_FIELDS
                ):
                    errors[field] = messages
        if errors:
            raise ValidationError(errors)


def preview(dataset, dry_run=True):
    """Import (or, by default, try importing) the dataset; returns the import Result."""
    return OrganisationResource().import_data(dataset, dry_run=dry_run, raise_errors=False)


def row_report(result):
    """Each row as (row number, outcome, name, messages) for the preview table."""
    labels = {
        "new": "New",
        "update": "Updated",
        "skip": "Unchanged",
        "invalid": "Error",
        "error": "Error",
    }
    verbose = {f.name: str(f.verbose_name) for f in Organisation._meta.fields}
    verbose["__all__"] = "Row"
    report = []
    for number, row in enumerate(result.rows, start=1):
        messages = []
        if row.validation_error is not None:
            for field, errors in row.validation_error.message_dict.items():
                for message in dict.fromkeys(errors):
                    messages.append(f"{verbose.get(field, field).capitalize()}: {message}")
        for error in row.errors:
            messages.append(f"Could not import this row: {error.error}")
        name = row.instance.name if row.instance is not None else ""
        if not name and row.row_values:
            name = _text(row.row_values.get("name"))
        report.append(
            {
                "number": number,
                "outcome": labels.get(row.import_type, row.import_type),
                "name": name,
                "messages": messages,
            }
        )
    return report
