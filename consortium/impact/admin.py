"""The impact page's headline figures and monthly chart on the Wagtail admin dashboard."""

from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.admin.ui.components import Component


class ImpactPanel(Component):
    """The impact page's headline figures and monthly chart on the admin dashboard."""

    name = "shoal_impact"
    order = 150

    def render_html(self, parent_context=None):
        from consortium.impact.views import shared_context

        return render_to_string("consortium/impact/admin_panel.html", shared_context())


@hooks.register("construct_homepage_panels")
def add_impact_panel(request, panels):
    panels.append(ImpactPanel())
