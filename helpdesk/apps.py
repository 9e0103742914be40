from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = "Suporte"

    def ready(self) -> None:
        from helpdesk.links import link_trace_ids

        link_trace_ids()
