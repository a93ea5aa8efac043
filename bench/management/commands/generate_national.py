"""`manage.py generate_national --scale 1.0`: the national data set, for the benchmarks (docs/benchmarks.md)."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from tqdm import tqdm

from bench.national.generator import ADDABLE, National, Sizes, sizes_text
from tandem.barrier_actions.models import BarrierAction
from tandem.career_paths.models import Mission
from tandem.employer_events.models import EmployerEvent
from tandem.exits.models import Exit
from tandem.people.models import Person
from tandem.service_catalogue.models import Service


class Command(BaseCommand):
    help = (
        "Génère le jeu de données national synthétique (440 Missions Locales, agences réelles, 1,1 M de jeunes à "
        "l'échelle 1) sur les référentiels réels, pour les mesures de performance. Base sans aucun jeune requise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = national ; 0.01 pour un essai rapide")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None, help="jour de référence (AAAA-MM-JJ)"
        )
        parser.add_argument(
            "--only",
            choices=ADDABLE,
            default="",
            help="ajoute cette seule étape à un jeu national déjà généré (avant qu'elle existe)",
        )

    def handle(self, *args, scale: float, seed: int, today: datetime.date | None, only: str = "", **options) -> None:
        if not 0 < scale <= 2:
            raise CommandError("--scale doit être compris entre 0 et 2.")
        if only and not Person.objects.exists():
            raise CommandError("--only ajoute une étape à un jeu national déjà généré : cette base n'a aucun jeune.")
        if only == "employer_events" and EmployerEvent.objects.exists():
            raise CommandError("Cette base contient déjà des événements employeurs : rien n'est ajouté deux fois.")
        if only == "service_catalogue" and Service.objects.exists():
            raise CommandError("Cette base contient déjà un catalogue de services : rien n'est ajouté deux fois.")
        if only == "temp_work_and_barriers" and (Mission.objects.exists() or BarrierAction.objects.exists()):
            raise CommandError("Cette base contient déjà des missions ou des actions : rien n'est ajouté deux fois.")
        if only == "exits" and Exit.objects.exists():
            raise CommandError("Cette base contient déjà des sorties d'accompagnement : rien n'est ajouté deux fois.")
        if not only and Person.objects.exists():
            raise CommandError(
                "Cette base contient déjà des personnes : le jeu national se génère dans une base neuve "
                "(migrate puis import_referentials)."
            )
        sizes = Sizes.at(scale)
        self.stdout.write(f"Jeu national à l'échelle {scale} sur {connection.vendor} :")
        for line in sizes_text(sizes):
            self.stdout.write(f"  {line}")
        bars: list[tqdm] = []
        quiet = options["verbosity"] == 0

        def progress(stage: str, total: int) -> Callable[[int], None]:
            for bar in bars:
                bar.close()
            bars.clear()
            bar = tqdm(total=total, desc=stage, unit=" lignes", unit_scale=True, disable=quiet, leave=True)
            bars.append(bar)
            return bar.update

        started = time.perf_counter()
        national = National(scale=scale, seed=seed, today=today or timezone.localdate(), progress=progress)
        report = national.run(only=only)
        for bar in bars:
            bar.close()
        total = sum(report.counts.values())
        seconds = time.perf_counter() - started
        self.stdout.write(f"{total:,} lignes écrites en {seconds:,.0f} s :".replace(",", " "))
        for table, count in sorted(report.counts.items()):
            self.stdout.write(f"  {table} : {count:,}".replace(",", " "))
