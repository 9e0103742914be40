from django.core.management.base import BaseCommand, CommandError

from api.services import api_token_revoke
from core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Revoke the API key with this prefix, or every key of the staff account with this name."

    def add_arguments(self, parser):
        parser.add_argument("username_or_prefix")

    def handle(self, *args, username_or_prefix: str, **options):
        try:
            tokens = api_token_revoke(username_or_prefix=username_or_prefix)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        for token in tokens:
            self.stdout.write(f"Revogada: {token.prefix}… ({token.user})")
        self.stdout.write(f"{len(tokens)} chave(s) revogada(s).")
