"""Joint-buying schemes (with their supplier quotes) and pledges in the Brokerage admin."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList

from consortium.buying.models import Pledge, Scheme, SupplierQuote
from consortium.staff.base import BrokerageAdmin
from portal.forms import LengthLimitMixin


class SchemeForm(LengthLimitMixin, WagtailAdminModelForm):
    """A scheme with its supplier quotes: at most one quote is chosen."""

    def clean(self):
        cleaned = super().clean()
        quotes = self.formsets.get("quotes")
        if quotes is not None and all(form.is_valid() for form in quotes.forms):
            chosen = [
                form
                for form in quotes.forms
                if form.cleaned_data.get("chosen") and not form.cleaned_data.get("DELETE")
            ]
            if len(chosen) > 1:
                raise ValidationError("Choose one supplier quote at most.")
        return cleaned

    def save(self, commit=True):
        quotes = self.formsets.get("quotes")
        choice_changed = quotes is not None and any(
            "chosen" in form.changed_data for form in quotes.forms
        )
        if commit and self.instance.pk and choice_changed:
            # The new choice is saved with the quotes; clear the old one first, or the
            # database's "one chosen quote" rule would refuse the interim state.
            SupplierQuote.objects.filter(scheme=self.instance, chosen=True).update(chosen=False)
        return super().save(commit=commit)


class SchemeAdmin(BrokerageAdmin):
    model = Scheme
    menu_label = "Schemes"
    menu_icon = "tasks"
    list_display = ["title", "coordinator", "commodity", "status", "opens_on", "closes_on"]
    list_filter = ["status", "commodity"]
    search_fields = ["title", "coordinator__name"]
    list_export = [
        "title",
        "coordinator",
        "commodity",
        "unit",
        "target_total",
        "opens_on",
        "closes_on",
        "status",
    ]
    export_filename = "schemes"
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("coordinator"),
            FieldPanel("commodity"),
            FieldPanel("description"),
            FieldPanel("unit"),
            FieldPanel("minimum_order"),
            FieldPanel("target_total"),
            FieldPanel("opens_on"),
            FieldPanel("closes_on"),
            FieldPanel("unit_price"),
            FieldPanel("delivery_notes"),
            FieldPanel("status"),
            InlinePanel("quotes", label="Supplier quotes", heading="Supplier quotes"),
        ],
        base_form_class=SchemeForm,
    )
    inspect_view_fields = [
        "title",
        "coordinator",
        "commodity",
        "unit",
        "minimum_order",
        "target_total",
        "opens_on",
        "closes_on",
        "unit_price",
        "quotes",
        "delivery_notes",
        "status",
        "updated_at",
    ]


class PledgeAdmin(BrokerageAdmin):
    model = Pledge
    menu_label = "Pledges"
    menu_icon = "pick"
    list_display = ["scheme", "organisation", "quantity", "updated_at", "withdrawn_at"]
    list_filter = ["scheme__title", "scheme__status"]
    search_fields = ["scheme__title", "organisation__name"]
    list_export = ["scheme", "organisation", "quantity", "updated_at", "withdrawn_at"]
    export_filename = "pledges"
    form_fields_exclude = ["pledged_by"]
