"""What every Brokerage admin screen shares: only brokerage staff see it, each object has a
"History" button (django-simple-history), a save made from a stale form is refused with
the input kept, and the CSV and XLSX exports cannot run formulas (portal.spreadsheets).
Each domain's ``admin`` module builds its screens on these."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import format_html
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import EditView, IndexView, InspectView

from consortium import permissions
from consortium.staff.history import history_url, person_name
from portal.forms import LengthLimitMixin
from portal.spreadsheets import SafeSpreadsheetExport

LABELS = {
    "updated_at": "Last saved",
    "verified_on": "Verified on",
    "verified_by": "Verified by",
    "created_at": "Created",
}


class StaffOnly(PermissionHelper):
    """Brokerage staff may do everything here; nobody else anything."""

    def user_has_any_permissions(self, user):
        return permissions.is_staff(user)

    def user_has_specific_permission(self, user, perm_codename):
        return permissions.is_staff(user)


class StaffReadOnly(StaffOnly):
    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class HistoryButtons(ButtonHelper):
    """Each object's buttons, plus "History" (django-simple-history versions)."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        buttons = super().get_buttons_for_obj(
            obj, exclude=exclude, classnames_add=classnames_add, **kwargs
        )
        if hasattr(obj, "history") and "history" not in (exclude or []):
            buttons.append(
                {
                    "url": history_url(obj),
                    "label": "History",
                    "classname": self.finalise_classname(
                        ["button-secondary"] + (classnames_add or [])
                    ),
                    "title": f"Versions of this {self.verbose_name} and what changed",
                }
            )
        return buttons


STALE_MESSAGE = (
    "Someone else saved this {name} while you were editing it, so your changes were not "
    "saved. What you typed is still in the form: check it against their version (see "
    "History) and save again."
)


def version_token(obj):
    """The id of the object's latest history version: changes whenever anyone saves it."""
    if not hasattr(type(obj), "history"):
        return ""
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(latest or "")


class BrokerageEditView(EditView):
    """Refuses a save made from a form loaded before someone else's save, keeping the input."""

    def form_valid(self, form):
        posted = self.request.POST.get("shoal_version")
        if posted is not None and posted != version_token(self.instance):
            message = STALE_MESSAGE.format(name=self.opts.verbose_name)
            form.add_error(None, message)
            messages.error(self.request, message)
            return self.render_to_response(self.get_context_data(form=form))
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["shoal_version"] = version_token(self.instance)
        if hasattr(type(self.instance), "history"):
            context["shoal_history_url"] = history_url(self.instance)
        return context


class LabelledInspectView(InspectView):
    def get_field_label(self, field_name, field=None):
        return LABELS.get(field_name) or super().get_field_label(field_name, field)


class SafeExportIndexView(SafeSpreadsheetExport, IndexView):
    """The list, whose "Download CSV" and "Download XLSX" files are safe in a spreadsheet."""


class StaffForm(LengthLimitMixin, WagtailAdminModelForm):
    """A Brokerage admin form: too long a text says its limit as the members' forms do."""


class BrokerageAdmin(ModelAdmin):
    permission_helper_class = StaffOnly
    index_view_class = SafeExportIndexView
    button_helper_class = HistoryButtons
    inspect_view_class = LabelledInspectView
    edit_view_class = BrokerageEditView
    edit_template_name = "consortium/staff/edit.html"
    inspect_view_enabled = True
    history_view_enabled = False  # our History button shows django-simple-history versions
    add_to_admin_menu = False

    def get_export_filename(self):
        return self.export_filename

    def get_list_display(self, request):
        """True/false fields as a Wagtail icon and a word: Django's own boolean icons come
        from django.contrib.admin's static files, which Shoal does not install (they 404)."""
        columns = []
        for name in super().get_list_display(request):
            if _is_boolean(self.model, name):
                # A name, not the function itself: the list names each cell's class after it.
                setattr(self, f"{name}_yes_no", yes_no(self.model, name))
                name = f"{name}_yes_no"
            columns.append(name)
        return columns

    def get_edit_handler(self):
        edit_handler = super().get_edit_handler()
        if edit_handler.base_form_class is None and not hasattr(self.model, "base_form_class"):
            edit_handler = edit_handler.clone()  # the class's own panels stay as they are
            edit_handler.base_form_class = StaffForm
        return edit_handler


class BrokeragePolicy(BasePermissionPolicy):
    """Brokerage staff may do everything with the model (as consortium.permissions says)."""

    def user_has_permission(self, user, action):
        return permissions.is_staff(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(pk__in=[u.pk for u in permissions.staff_users()])


def _is_boolean(model, name):
    if not isinstance(name, str):
        return False
    try:
        return isinstance(model._meta.get_field(name), models.BooleanField)
    except FieldDoesNotExist:
        return False


def yes_no(model, name):
    """A list column showing a true/false field as a tick or a cross with "Yes" or "No"."""

    def column(obj):
        value = getattr(obj, name)
        icon, word = ("check", "Yes") if value else ("cross", "No")
        return format_html(
            '<svg class="icon icon-{0}" aria-hidden="true"><use href="#icon-{0}"></use></svg> {1}',
            icon,
            word,
        )

    column.short_description = model._meta.get_field(name).verbose_name
    column.admin_order_field = name
    column.allow_tags = True
    return column


def last_saved(obj):
    return obj.updated_at


last_saved.short_description = "Last saved"


def person(obj):
    """The person a row belongs to, by name: "Deleted user" once their account is erased."""
    return person_name(obj.user)


person.short_description = "Person"
person.admin_order_field = "user__username"
