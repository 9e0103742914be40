from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from api.services import api_token_create
from core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Create an API key for a staff account; the key is printed alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--expires-days", type=int, default=None)

    def handle(self, *args, username: str, expires_days: int | None, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Nenhuma conta da equipe chamada {username!r}.")
        try:
            token, key = api_token_create(user=user, expires_days=expires_days)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        expiry = (
            f"expira em {token.expires_at:%Y-%m-%d %H:%M} UTC"
            if token.expires_at
            else ("sem validade")
        )
        self.stdout.write(
            f"Chave {token.prefix}… criada para {user.username} ({expiry}). "
            "Guarde-a agora: ela não será mostrada de novo."
        )
        self.stdout.write(key)
