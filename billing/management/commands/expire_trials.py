"""Expire the trials past their time or uses (for a scheduler): the database's
`expire_trials()` through the `trials_expire` service."""

from django.core.management.base import BaseCommand, CommandError

from billing.services import trials_expire
from billing.services.trials import expired_message
from core.exceptions import ApplicationError
from platform_app.actors import Actor


class Command(BaseCommand):
    help = "Expira os períodos de teste vencidos (chama public.expire_trials()) e diz quantos."

    def handle(self, *args, **options):
        try:
            count = trials_expire(acting_user=Actor())
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(expired_message(count))
