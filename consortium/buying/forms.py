"""The forms a member organisation uses to propose and run a joint-buying scheme."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from consortium.buying.models import MAX_PLEDGE, Commodity, Scheme
from portal.forms import GovukFormMixin

MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")
# How many price bands one quote can have.
MAX_BANDS = 5
MAX_PRICE = Decimal("100000")
# A scheme's window opens within this many days of being proposed, and lasts at most a year.
LONGEST_WAIT = datetime.timedelta(days=366)


def plain_text(value):
    if MARKUP.search(value or ""):
        raise ValidationError("Enter plain text, without HTML tags such as <b>", code="markup")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def parse_amount(value, what):
    """A number as people type it: "1,000", "£0.65" or "12.5"; None when empty."""
    text = (value or "").strip().replace(",", "").removeprefix("£").strip()
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"Enter the {what} as a number, like 1000 or 0.65") from None
    if not amount.is_finite():
        raise ValidationError(f"Enter the {what} as a number, like 1000 or 0.65")
    return amount


class SchemeForm(GovukFormMixin, forms.ModelForm):
    """Propose a scheme, or change one before it opens."""

    length_subjects = {"description": "The description", "title": "The title"}

    # The scheme as the editor first saw it: a save over someone else's change is refused.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Scheme
        fields = [
            "title",
            "commodity",
            "description",
            "unit",
            "minimum_order",
            "target_total",
            "opens_on",
            "closes_on",
            "delivery_area",
        ]
        labels = {
            "title": "Name of the scheme",
            "commodity": "What are you buying?",
            "description": "Describe the scheme",
            "unit": "Unit",
            "minimum_order": "Minimum order per organisation",
            "target_total": "Minimum total for the whole scheme",
            "opens_on": "Pledges open on",
            "closes_on": "Pledges close at the end of",
            "delivery_area": "Delivery area",
        }
        help_texts = {
            "title": "For example “Heating oil for village halls, winter 2027”",
            "description": "What is bought, from whom you will ask for quotes, how delivery works",
            "unit": "What a pledge counts, for example litres, places, licences",
            "minimum_order": "In the unit above; 0 for no minimum",
            "target_total": "In the unit above: below this, you choose whether to go ahead",
            "delivery_area": "Where the supplier delivers, for example “North Yorkshire”",
        }
        widgets = {
            "opens_on": DateInput,
            "closes_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commodity"].choices = Commodity.choices
        self.fields["description"].required = True
        self.fields["delivery_area"].required = True
        for name in ("title", "unit", "description", "delivery_area"):
            self.fields[name].validators.append(plain_text)
        messages = {
            "title": "Enter the name of the scheme",
            "commodity": "Choose what you are buying",
            "description": "Describe the scheme",
            "unit": "Enter the unit a pledge counts, like litres",
            "minimum_order": "Enter the minimum order per organisation (0 for none)",
            "target_total": "Enter the minimum total for the whole scheme",
            "opens_on": "Enter the date pledges open",
            "closes_on": "Enter the date pledges close",
            "delivery_area": "Enter the delivery area",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        for name in ("minimum_order", "target_total"):
            field = self.fields[name]
            field.widget.attrs.update({"inputmode": "decimal", "class": "govuk-input--width-10"})
            field.error_messages.update(
                {
                    "invalid": "Enter a number, like 500 or 12.5",
                    "max_decimal_places": "Enter a number with no more than 2 decimal places",
                    "max_digits": "Enter a smaller number",
                    "max_whole_digits": "Enter a smaller number",
                    "min_value": "Enter a number of 0 or more",
                    "max_value": f"Enter {MAX_PLEDGE * 100:,} or less",
                }
            )
        self.fields["target_total"].error_messages["min_value"] = "Enter a number greater than 0"
        self.fields["minimum_order"].error_messages["max_value"] = f"Enter {MAX_PLEDGE:,} or less"
        for name in ("opens_on", "closes_on"):
            self.fields[name].error_messages["invalid"] = "Enter a real date, like 2027-03-31"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.updated_at.isoformat()

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        unchanged = self.instance.pk and opens == self.instance.opens_on
        if opens and opens < today and not unchanged:
            self.add_error("opens_on", "The opening date must be today or in the future")
        elif opens and opens > today + LONGEST_WAIT:
            self.add_error("opens_on", "The opening date must be within a year from today")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be the same as or after opening")
        elif opens and closes and closes > opens + LONGEST_WAIT:
            self.add_error("closes_on", "The window can last a year at most")
        minimum, total = data.get("minimum_order"), data.get("target_total")
        if minimum is not None and total is not None and minimum > total:
            self.add_error(
                "minimum_order", "The minimum per organisation cannot be more than the total"
            )
        return data


class QuoteForm(GovukFormMixin, forms.Form):
    """A supplier's quote: up to five bands of "from this total, this price per unit"."""

    length_subjects = {"notes": "The notes"}

    supplier = forms.CharField(
        label="Supplier",
        max_length=200,
        validators=[plain_text],
        error_messages={"required": "Enter the supplier's name"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        help_text="For example how long the quote stands, delivery charges",
        required=False,
        max_length=2000,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        for n in range(1, MAX_BANDS + 1):
            start = forms.CharField(
                label=f"Band {n}: from a total of ({scheme.unit})",
                required=False,
                max_length=30,
                help_text="0 for a price that applies whatever the total" if n == 1 else "",
            )
            price = forms.CharField(
                label=f"Band {n}: price per unit (£)", required=False, max_length=30
            )
            for field in (start, price):
                field.widget.attrs.update(
                    {"inputmode": "decimal", "class": "govuk-input--width-10"}
                )
            self.fields[f"band_{n}_from"] = start
            self.fields[f"band_{n}_price"] = price

    def band_rows(self):
        """(from field, price field) for each band, for the template."""
        return [(self[f"band_{n}_from"], self[f"band_{n}_price"]) for n in range(1, MAX_BANDS + 1)]

    def clean(self):
        data = super().clean()
        bands, starts = [], set()
        for n in range(1, MAX_BANDS + 1):
            start_name, price_name = f"band_{n}_from", f"band_{n}_price"
            try:
                start = parse_amount(data.get(start_name), "total")
            except ValidationError as error:
                self.add_error(start_name, error)
                continue
            try:
                price = parse_amount(data.get(price_name), "price")
            except ValidationError as error:
                self.add_error(price_name, error)
                continue
            if start is None and price is None:
                continue
            if start is None:
                self.add_error(start_name, f"Enter the total band {n} starts from (0 for any)")
            elif start < 0 or start > MAX_PLEDGE * 100:
                self.add_error(start_name, f"Enter a total from 0 to {MAX_PLEDGE * 100:,}")
            elif start != start.quantize(Decimal("0.01")):
                self.add_error(start_name, "Enter the total with no more than 2 decimal places")
            elif start in starts:
                self.add_error(start_name, "Another band already starts from this total")
            if price is None:
                self.add_error(price_name, f"Enter the price per unit for band {n}")
            elif price <= 0 or price > MAX_PRICE:
                self.add_error(
                    price_name, f"Enter a price greater than £0 and up to £{MAX_PRICE:,}"
                )
            elif price != price.quantize(Decimal("0.0001")):
                self.add_error(price_name, "Enter the price with no more than 4 decimal places")
            if start is not None and price is not None:
                starts.add(start)
                bands.append((start, price))
        if not bands and not self.errors:
            self.add_error("band_1_from", "Enter at least one price band: a total and a price")
        data["bands"] = sorted(bands)
        return data


class ShortfallForm(GovukFormMixin, forms.Form):
    """The coordinator's choice when the window closed short of the minimum."""

    EXTEND, GO_AHEAD, CANCEL = "extend", "go-ahead", "cancel"

    choice = forms.ChoiceField(
        label="What happens now?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens", "invalid_choice": "Choose what happens"},
    )
    closes_on = forms.DateField(
        label="New closing date (if you extend)",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter a real date, like 2027-03-31"},
    )
    band = forms.TypedChoiceField(
        label="Price to go ahead at (if you go ahead)",
        required=False,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the prices the total reaches"},
    )

    def __init__(self, *args, bands, unit, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(self.EXTEND, "Extend the window so members can pledge more")]
        if bands:
            choices.append((self.GO_AHEAD, "Go ahead at a price the total reaches"))
        choices.append((self.CANCEL, "Cancel the scheme"))
        self.fields["choice"].choices = choices
        self.fields["band"].choices = [
            (
                band.pk,
                f"{band.quote.supplier}: £{band.unit_price.normalize():,f} per unit "
                f"(from {band.from_quantity.normalize():,f} {unit})",
            )
            for band in bands
        ]
        if not bands:
            del self.fields["band"]

    def clean(self):
        data = super().clean()
        choice = data.get("choice")
        if choice == self.EXTEND and not data.get("closes_on") and "closes_on" not in self.errors:
            self.add_error("closes_on", "Enter the new closing date")
        if choice == self.GO_AHEAD and not data.get("band") and "band" not in self.errors:
            self.add_error("band", "Choose the price to go ahead at")
        return data
