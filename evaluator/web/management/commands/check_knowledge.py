"""Load and validate the knowledge base; say what it holds or exactly what is wrong."""

from django.core.management.base import BaseCommand, CommandError

from evaluator.engine import KnowledgeError, load_knowledge


class Command(BaseCommand):
    help = "Load and validate the knowledge base (questions, options, rules)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            metavar="DIR",
            help="A knowledge directory other than evaluator/knowledge.",
        )

    def handle(self, *args, path=None, **options):
        try:
            kb = load_knowledge(path)
        except KnowledgeError as error:
            raise CommandError(str(error)) from None
        vetoes = sum(1 for rule in kb.rules if rule.veto is not None)
        per_option = ", ".join(
            f"{option.id} {len(kb.rules_by_option.get(option.id, ()))}" for option in kb.options
        )
        self.stdout.write(
            f"Knowledge base {kb.version} is valid: {len(kb.questions)} questions,"
            f" {len(kb.options)} options, {len(kb.rules)} rules ({vetoes} vetoes)."
        )
        self.stdout.write(f"Rules per option: {per_option}.")
