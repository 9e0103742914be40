from django.apps import AppConfig


class DbSchemaConfig(AppConfig):
    name = "dbschema"
    verbose_name = "Banco de dados"

    def ready(self) -> None:
        from dbschema import checks  # noqa: F401  (registers the schema drift check)
