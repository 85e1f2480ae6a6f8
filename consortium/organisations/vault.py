"""The due-diligence vault's reminders: members are told once before a document expires."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from consortium import events
from consortium.events import Event
from consortium.organisations.documents import OrganisationDocument


def send_document_reminders(today=None):
    """Tell each organisation's members about documents expiring soon, once per document
    (until a new file replaces it). Returns how many documents were reminded about."""
    today = today or timezone.localdate()
    count = 0
    documents = OrganisationDocument.objects.expiring(today=today).select_related("organisation")
    for document in documents:
        with transaction.atomic():
            events.announce(Event.DOCUMENT_EXPIRING, document=document, today=today)
            OrganisationDocument.objects.filter(pk=document.pk).update(reminder_sent_on=today)
        count += 1
    return count


@task()
def send_document_reminders_task():
    """The same, run by the task backend (``send_document_reminders_task.enqueue()``)."""
    return send_document_reminders()
