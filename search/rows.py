"""The columns a search result shows, read in the statement that found it (``search.fast``).

Reading the few results afterwards took a query for each kind of thing, each built and
compiled through the permission filters again. The one-statement search has already joined
every match to what the visitor may see, so it can hand back, beside each of the best few,
the columns its result needs as one JSON array; ``instance`` turns that back into a model
object, as if Django had read it. These are exactly the fields ``search.sources`` shows
(``Source.result``, ``page_result``) and a page's address needs; a field left out would be
read from the database when used, which the query-count tests would notice.
"""

from django.db import connection
from wagtail.models import Page

from consortium.models import Listing, Opportunity, Organisation

# {model: fields}, and the related object a result names, with its fields.
FIELDS = {
    Page: (
        "id",
        "path",
        "depth",
        "numchild",
        "title",
        "slug",
        "url_path",
        "content_type_id",
        "live",
    ),
    Organisation: ("id", "name", "slug", "short_description", "area", "locality"),
    Listing: ("id", "kind", "category", "title", "description", "area", "organisation_id"),
    Opportunity: ("id", "title", "slug", "kind", "description", "funder", "area"),
}
RELATED = {Listing: ("organisation", Organisation, ("id", "name"))}


def _fields(model, names):
    """``model``'s fields of ``names``, in the order Django reads them (``Model.from_db``)."""
    return [f for f in model._meta.concrete_fields if f.name in names or f.attname in names]


def _columns(model, names, alias):
    quote = connection.ops.quote_name
    return [f"{alias}.{quote(field.column)}" for field in _fields(model, names)]


def row_sql(model, pk):
    """SQL for the JSON array of ``model``'s shown fields for the row whose key is ``pk``."""
    quote = connection.ops.quote_name
    base = model if model in FIELDS else Page
    columns = _columns(base, FIELDS[base], "r")
    joins = ""
    if base in RELATED:
        name, related, fields = RELATED[base]
        columns += _columns(related, fields, "j")
        column = quote(base._meta.get_field(name).column)
        joins = (
            f" JOIN {quote(related._meta.db_table)} j "
            f"ON j.{quote(related._meta.pk.column)} = r.{column}"
        )
    return (
        f"(SELECT json_build_array({', '.join(columns)}) FROM {quote(base._meta.db_table)} r"
        f"{joins} WHERE r.{quote(base._meta.pk.column)} = {pk})"
    )


def instance(model, values):
    """The object ``values`` (from ``row_sql``) describes, as Django would have read it."""
    base = model if model in FIELDS else Page
    fields = _fields(base, FIELDS[base])
    attnames = [field.attname for field in fields]
    obj = base.from_db(connection.alias, attnames, values[: len(fields)])
    if base in RELATED:
        name, related, names = RELATED[base]
        attnames = [field.attname for field in _fields(related, names)]
        setattr(obj, name, related.from_db(connection.alias, attnames, values[len(fields) :]))
    return obj
