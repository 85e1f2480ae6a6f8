from django.apps import AppConfig


class ConsortiumConfig(AppConfig):
    name = "consortium"
    verbose_name = "Members and consortia"

    def ready(self):
        # What happened (consortium.events) reaches the one messenger that tells people.
        from consortium import events
        from consortium.notifications import messenger

        events.happened.connect(messenger.on_event, dispatch_uid="shoal-notifications")

        # The first superuser (createsuperuser) signs in without waiting for an email.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from consortium.members.accounts import superuser_email_is_verified

        post_save.connect(
            superuser_email_is_verified,
            sender=get_user_model(),
            dispatch_uid="shoal-superuser-email-verified",
        )

        # Each domain's rules for restoring a record from its history (consortium.history).
        from consortium.bids import restoring as _bids  # noqa: F401
        from consortium.brokerage import restoring as _brokerage  # noqa: F401
        from consortium.buying import restoring as _buying  # noqa: F401
        from consortium.opportunities import restoring as _opportunities  # noqa: F401
        from consortium.organisations import restoring as _organisations  # noqa: F401
