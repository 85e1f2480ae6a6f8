"""django-allauth hooks: account emails leave the request through a background task."""

from allauth.account.adapter import DefaultAccountAdapter

from consortium.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render allauth's email as usual, then queue it instead of sending it now."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        body = message.body if message.content_subtype == "plain" else ""
        send_email.enqueue(
            to=list(message.to), subject=message.subject, body=body or html, html_body=html
        )
