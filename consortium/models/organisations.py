"""Member organisations: the small charities and community groups that use Shoal."""

from django.db import models
from django.utils.text import slugify
from simple_history.models import HistoricalRecords
from wagtail.search import index


class Area(models.TextChoices):
    COUNTYWIDE = "countywide", "Countywide"
    NORTH = "north", "North"
    SOUTH = "south", "South"
    EAST = "east", "East"
    WEST = "west", "West"
    CENTRAL = "central", "Central"
    TOWN_CENTRE = "town-centre", "Town centre"
    RURAL = "rural", "Rural"


class Organisation(index.Indexed, models.Model):
    """A member organisation. Its profile keeps a full history of every change."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    short_description = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences about what it does"
    )
    website = models.URLField(blank=True)
    area = models.CharField(max_length=20, choices=Area.choices, default=Area.COUNTYWIDE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_description"),
        index.FilterField("area"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)
