import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the staff superuser from DJANGO_SUPERUSER_USERNAME / _EMAIL / _PASSWORD "
        "(defaults: admin, admin@alquimista.ai, a generated password that is printed)."
    )

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", "admin@alquimista.ai")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is not None and password is None:
            self.stdout.write(
                f"Superuser {username!r} exists; password unchanged "
                "(set DJANGO_SUPERUSER_PASSWORD to reset it)."
            )
            return
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        if user is None:
            user_model.objects.create_superuser(username=username, email=email, password=password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        shown = password if generated else "(from DJANGO_SUPERUSER_PASSWORD)"
        self.stdout.write(self.style.SUCCESS(f"Superuser {username!r}, password {shown}"))
