"""Numbers formatted for people in templates: ``|number``, ``|money``, ``|unit_price``
(the functions live in ``consortium.numbers``)."""

from django import template

from consortium.numbers import money, number, unit_price

register = template.Library()
register.filter("number", number)
register.filter("money", money)
register.filter("unit_price", unit_price)
