"""Database backends: Django's own, with the changes Shoal needs (see each package)."""
