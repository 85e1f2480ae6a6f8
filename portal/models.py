"""What the portal itself keeps: counts behind its rate limits.

Limits kept in the database hold across every app process (gunicorn workers, a second
server), which a cache in each process's memory cannot do.
"""

from django.db import models


class RateLimitHit(models.Model):
    """One counted request (say, a password-reset email asked for) under one limit.

    ``key`` is a SHA-256 digest of what is counted (an address, an email address), so the
    table holds no personal data in clear; rows older than the limit's window are deleted as
    new ones arrive.
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="ratelimit_scope_key_at")]

    def __str__(self):
        return f"{self.scope} at {self.at:%Y-%m-%d %H:%M}"
