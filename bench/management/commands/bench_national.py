"""`manage.py bench_national`: the national benchmarks on the generated data set (docs/benchmarks.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench.national import runner
from tandem.people.models import Person


class Command(BaseCommand):
    help = (
        "Mesure les chemins critiques (liste des personnes suivies, orientations reçues, suggestions d'offres…) "
        "sur le jeu national généré, face à la même réponse en SQL écrit à la main ; écrit docs/benchmarks.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=20, help="mesures par sujet (après 2 d'échauffement)")
        parser.add_argument("--only", nargs="*", default=[], choices=sorted(runner.MEASURES), help="mesures à faire")
        parser.add_argument("--scale", default="?", help="l'échelle du jeu généré, pour le compte rendu")
        parser.add_argument("--no-save", action="store_true", help="afficher sans écrire docs/benchmarks.md")

    def handle(self, *args, repeat: int, only: list[str], scale: str, no_save: bool, **options) -> None:
        if not Person.objects.exists():
            raise CommandError("Aucune personne en base : lancez d'abord manage.py generate_national.")
        runner.run(repeat=repeat, only=only, scale=scale, save=not no_save, log=self.stdout.write)
