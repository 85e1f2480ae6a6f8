"""Helpers shared by the joint-buying tests: the address of a scheme's page."""

from django.urls import reverse


def detail_url(scheme):
    return reverse("buying:detail", args=[scheme.slug])
