"""System checks: the knowledge base must load, so a broken rule file stops `manage.py check`
(and the development server) with its file and line instead of failing on the first page."""

from django.core.checks import Error, register

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
