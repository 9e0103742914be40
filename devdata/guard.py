"""The one rule every devdata command follows: fake data never reaches production."""

from django.conf import settings
from django.core.management.base import CommandError


def refuse_production(command: str) -> None:
    """Raise CommandError when running with the production settings."""
    if settings.ENVIRONMENT == "prod":
        raise CommandError(f"{command} writes fake data: never on production.")
