"""Write docs/workflows.md from the workflows' tables: `python manage.py workflows_doc`."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from tandem.shell.workflows_doc import workflows_markdown


class Command(BaseCommand):
    help = "Écrit docs/workflows.md à partir des tables des workflows (diagrammes mermaid)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="Échoue si docs/workflows.md n'est pas à jour.")

    def handle(self, *args, **options) -> None:
        path = Path(settings.BASE_DIR) / "docs" / "workflows.md"
        text = workflows_markdown()
        if options["check"]:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise SystemExit("docs/workflows.md n'est pas à jour : python manage.py workflows_doc")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"{path} écrit.")
