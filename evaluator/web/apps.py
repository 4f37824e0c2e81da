from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "evaluator.web"
    label = "web"
    verbose_name = "Tradeoff Evaluator"

    def ready(self) -> None:
        # Registers the system check that loads and validates the knowledge base.
        from . import checks  # noqa: F401
