"""Helpers shared by the organisation tests: page addresses, a private organisation, a
listing on a profile and a filled-in registration form."""

from django.urls import reverse

from consortium.models import Area, Audience, Category, LegalForm, Listing, ListingKind


def url(name, organisation=None, **kwargs):
    if organisation is not None:
        kwargs["slug"] = organisation.slug
    return reverse(f"organisations:{name}", kwargs=kwargs)


def private_organisation(p):
    organisation = p.other_organisation
    organisation.is_public = False
    organisation.save()
    return organisation


def listing(organisation, title, kind=ListingKind.OFFER, **fields):
    return Listing.objects.create(
        organisation=organisation,
        title=title,
        kind=kind,
        category=Category.EQUIPMENT,
        description="Details",
        **{"audience": Audience.PUBLIC, **fields},
    )


def registration(**fields):
    return {
        "name": "Hillside Men's Shed",
        "legal_form": LegalForm.REGISTERED_CHARITY,
        "charity_number": "",
        "oscr_number": "",
        "ccni_number": "",
        "company_number": "",
        "income_band": "",
        "short_description": "A workshop for older men",
        "description": "",
        "website": "",
        "area": Area.RURAL,
        "locality": "Hillside",
        "postcode": "",
        "is_public": "on",
        **fields,
    }
