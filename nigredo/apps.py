from django.apps import AppConfig


class NigredoConfig(AppConfig):
    name = "nigredo"
    verbose_name = "Prospecção (nigredo_leads)"
