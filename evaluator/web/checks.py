"""System checks: the knowledge base must load, so a broken rule file stops `manage.py check`
(and the development server) with its file and line instead of failing on the first page;
and production settings must be complete before the app is served."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from evaluator.engine import KnowledgeError, default_knowledge


@register()
def knowledge_base_loads(app_configs, **kwargs):
    try:
        default_knowledge()
    except KnowledgeError as error:
        where = ", ".join(part for part in (error.location(), error.where) if part)
        message = f"{where}: {error.message}" if where else error.message
        return [
            Error(
                f"The knowledge base is invalid: {message}",
                hint=error.hint,
                obj="evaluator/knowledge",
                id="evaluator.E001",
            )
        ]
    return []


def serving_problems() -> list[str]:
    """What production settings lack to serve the app: empty when it may be served."""
    if settings.DEBUG:
        return []
    problems = []
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    if not key:
        problems.append("SECRET_KEY must be set when DEBUG is off.")
    if not settings.ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must be set when DEBUG is off.")
    return problems


def require_serving_settings() -> None:
    """Refuse to serve without what production needs; the WSGI entry calls this."""
    problems = serving_problems()
    if problems:
        raise ImproperlyConfigured(" ".join(problems))


@register(deploy=True)
def settings_fit_to_serve(app_configs, **kwargs):
    return [
        Error(problem, hint="See README, Configuration.", id="evaluator.E002")
        for problem in serving_problems()
    ]
