"""Snippets: small shared records chosen from several page types."""

from django.db import models
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portal.forms import LengthLimitMixin


class AdminForm(LengthLimitMixin, WagtailAdminModelForm):
    """A snippet's or setting's edit form: too long a text says its limit."""


class Fund(index.Indexed, models.Model):
    """A fund that member organisations are funded from (a cluster can span several)."""

    name = models.CharField(max_length=200, unique=True)
    funder = models.CharField(max_length=200, blank=True, help_text="Who manages the fund")
    description = models.TextField(blank=True, max_length=5000)
    website = models.URLField(blank=True)

    base_form_class = AdminForm
    panels = [
        FieldPanel("name"),
        FieldPanel("funder"),
        FieldPanel("description"),
        FieldPanel("website"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MeetingFormat(models.TextChoices):
    ONLINE = "online", "Online"
    FACE_TO_FACE = "face-to-face", "Face to face"
    HYBRID = "hybrid", "Hybrid (online and face to face)"
