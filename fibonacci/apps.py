from django.apps import AppConfig


class FibonacciConfig(AppConfig):
    name = "fibonacci"
    verbose_name = "Orquestração"
