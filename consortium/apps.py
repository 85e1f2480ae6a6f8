from django.apps import AppConfig


class ConsortiumConfig(AppConfig):
    name = "consortium"
    verbose_name = "Members and consortia"

    def ready(self):
        # What happened (consortium.events) reaches the one messenger that tells people.
        from consortium import events
        from consortium.notifications import messenger

        events.happened.connect(messenger.on_event, dispatch_uid="shoal-notifications")
