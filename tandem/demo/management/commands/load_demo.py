from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tandem.demo.jobs.summary import offer_summary
from tandem.demo.prospecting import CAMPAIGN_NAME
from tandem.demo.services import DEMO_PASSWORD, DemoReferentialsMissing, demo_accounts, demo_load
from tandem.demo.young_people.summary import referral_summary
from tandem.offers.enums import OfferSource, OfferStatus, PositioningStatus
from tandem.offers.models import Offer
from tandem.prospecting.enums import VisitStatus
from tandem.prospecting.models import Campaign, Visit
from tandem.referrals.enums import ReferralStatus


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (cinq partenariats, comptes de démo) ; idempotent. "
        "Démo uniquement : tous les comptes partagent le même mot de passe."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-young-people",
            action="store_true",
            help="Sans les jeunes accompagnés ni leurs orientations : les partenariats et les comptes seulement.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            report = demo_load(young_people=not options["no_young_people"])
        except DemoReferentialsMissing as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] < 1:
            return
        for line in report.agency_errors:
            self.stderr.write(self.style.WARNING(line))
        self.stdout.write(
            f"Agences France Travail : {report.agencies_created} créées, {report.agencies_updated} mises à jour "
            f"(source : {report.agencies_source})."
        )
        for label, count in report.counts.items():
            self.stdout.write(f"{label:<20}{count:>8}")
        accounts = demo_accounts()
        rows = [(a.email, a.role_label, " + ".join((a.organisation, *a.other_memberships))) for a in accounts]
        headers = ("Adresse électronique", "Rôle", "Organisation")
        widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)]
        self.stdout.write("")
        for row in (headers, *rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        self.stdout.write("")
        if not options["no_young_people"]:
            self._young_people_write(report.young_people_created)
            self._offers_write(report.offers_created)
        self._prospecting_write(report.companies_created, report.counts.get("employers", 0))
        self.stdout.write(f"Mot de passe de tous les comptes de démo (démo uniquement) : {DEMO_PASSWORD}")
        self.stdout.write(self.style.SUCCESS(f"Démo chargée en {time.monotonic() - started:.1f} s."))

    def _prospecting_write(self, created: int, total: int) -> None:
        done = f"{created} créées" if created else "déjà présentes, aucune ajoutée"
        self.stdout.write(f"Entreprises : {total} ({done}).")
        campaign = Campaign.objects.filter(name=CAMPAIGN_NAME).first()
        if campaign is not None:
            visits = Visit.objects.filter(campaign=campaign)
            reported = visits.filter(status=VisitStatus.REPORTED)
            self.stdout.write(
                f"Prospection : « {campaign.name} », {campaign.targets.count()} entreprises ciblées, "
                f"{campaign.pairs.count()} binômes, {reported.count()} visites rendues "
                f"({Offer.objects.filter(visits__in=reported).distinct().count()} offres recueillies), "
                f"{visits.filter(status=VisitStatus.PLANNED).count()} prévues."
            )
        self.stdout.write("")

    def _young_people_write(self, created: int) -> None:
        summary = referral_summary()
        done = f"{created} créées" if created else "déjà présentes, aucune ajoutée"
        self.stdout.write(f"Personnes accompagnées : {summary.persons} ({done}).")
        self.stdout.write(
            f"Orientations : {summary.designations} délégations du PPAE (cotraitance), "
            f"{summary.other_referrals} autres ; {summary.overdue} en retard (réponse ou premier rendez-vous)."
        )
        for status, count in summary.by_status.items():
            self.stdout.write(f"  {ReferralStatus(status).label:<28}{count:>6}")
        self.stdout.write("")

    def _offers_write(self, created: int) -> None:
        summary = offer_summary()
        done = f"{created} créées" if created else "déjà présentes, aucune ajoutée"
        self.stdout.write(f"Projets professionnels : {summary.job_profiles}. Offres : {summary.offers} ({done}).")
        statuses = [status for status in OfferStatus.values if any(s[status] for s in summary.by_source.values())]
        self.stdout.write(f"  {'':<28}" + "".join(f"{OfferStatus(status).label:>10}" for status in statuses))
        for source, counts in summary.by_source.items():
            if any(counts.values()):
                cells = "".join(f"{counts[status]:>10}" for status in statuses)
                self.stdout.write(f"  {OfferSource(source).label:<28}{cells}")
        self.stdout.write(f"Mises en relation : {sum(summary.positionings.values())}.")
        for status, count in summary.positionings.items():
            self.stdout.write(f"  {PositioningStatus(status).label:<28}{count:>6}")
        self.stdout.write("")
