"""Family of indicators: priority publics among the young people who entered the caseload (docs/indicators.md).

The population is the caseload family's entries (`caseload.lead_entries`): the young people whose lead came into
the scope during the period. Each public is a share of them (its count is the numerator). The age is computed on
the day of the entry from the birth date, which does not change. The commune (QPV, ZRR) and the qualification are
not in the log: they are read from the person's current record (their commune of residence, the job project's
qualification level), and the territories' referential for the commune's status."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from tandem.indicators.caseload import lead_entries
from tandem.indicators.periods import Period
from tandem.indicators.registry import RATE, IndicatorValue, indicator, rate
from tandem.indicators.scopes import Scope
from tandem.people.enums import QualificationLevel
from tandem.territories.models import ZrrStatus

FAMILY = "publics"
ADULT_AGE = 18


def _share(period: Period, scope: Scope, public: Q) -> IndicatorValue:
    """Entrants of the period who belong to the public ÷ entrants (each young person once); one query."""
    counts = lead_entries(period, scope).aggregate(
        entrants=Count("person", distinct=True), public=Count("person", distinct=True, filter=public)
    )
    return rate(counts["public"], counts["entrants"])


@indicator(
    code="publics_qpv",
    name=_("Part des entrants résidant dans une commune comptant un QPV"),
    definition=_(
        "Part, parmi les jeunes entrés dans la file active du périmètre pendant la période (voir « Entrées "
        "en file active »), de ceux dont la commune de résidence compte un quartier prioritaire de la politique "
        "de la ville. Le dossier ne dit pas si le jeune habite le quartier lui-même : c'est la commune qui est lue, "
        "telle qu'elle figure aujourd'hui au dossier (le journal ne garde pas l'adresse), avec le référentiel des "
        "communes. Le numérateur est le nombre de ces jeunes."
    ),
    unit=RATE,
    family=FAMILY,
)
def publics_qpv(period: Period, scope: Scope) -> IndicatorValue:
    return _share(period, scope, Q(person__commune__has_qpv=True))


@indicator(
    code="publics_zrr",
    name=_("Part des entrants résidant en ZRR"),
    definition=_(
        "Part, parmi les jeunes entrés dans la file active du périmètre pendant la période (voir « Entrées "
        "en file active »), de ceux dont la commune de résidence est classée, entièrement ou partiellement, en "
        "zone de revitalisation rurale. La commune est celle qui figure aujourd'hui au dossier (le journal ne garde "
        "pas l'adresse), son classement celui du référentiel des communes. Le numérateur est le nombre de ces "
        "jeunes."
    ),
    unit=RATE,
    family=FAMILY,
)
def publics_zrr(period: Period, scope: Scope) -> IndicatorValue:
    return _share(period, scope, Q(person__commune__zrr__in=[ZrrStatus.CLASSEE, ZrrStatus.PARTIELLEMENT]))


@indicator(
    code="publics_minors",
    name=_("Part des entrants mineurs"),
    definition=_(
        "Part, parmi les jeunes entrés dans la file active du périmètre pendant la période (voir « Entrées "
        "en file active »), de ceux qui avaient moins de 18 ans le jour de leur entrée (âge calculé à partir de "
        "la date de naissance, qui ne change pas). Le numérateur est le nombre de ces jeunes."
    ),
    unit=RATE,
    family=FAMILY,
)
def publics_minors(period: Period, scope: Scope) -> IndicatorValue:
    # Under 18 on the entry's day (Europe/Paris): fewer than 18 years between the years, or exactly 18 with the
    # birthday still to come that year.
    years = ExtractYear("occurred_at") - ExtractYear("person__birth_date")
    entry_day = ExtractMonth("occurred_at") * 100 + ExtractDay("occurred_at")
    birthday = ExtractMonth("person__birth_date") * 100 + ExtractDay("person__birth_date")
    entries = lead_entries(period, scope).annotate(years=years, entry_day=entry_day, birthday=birthday)
    counts = entries.aggregate(
        entrants=Count("person", distinct=True),
        minors=Count(
            "person",
            distinct=True,
            filter=Q(years__lt=ADULT_AGE) | Q(years=ADULT_AGE, entry_day__lt=F("birthday")),
        ),
    )
    return rate(counts["minors"], counts["entrants"])


@indicator(
    code="publics_no_qualification",
    name=_("Part des entrants sans diplôme"),
    definition=_(
        "Part, parmi les jeunes entrés dans la file active du périmètre pendant la période (voir « Entrées "
        "en file active »), de ceux dont le niveau de qualification est « sans diplôme ». Le niveau est celui du "
        "projet professionnel tel qu'il figure aujourd'hui au dossier (le journal ne garde pas sa valeur) ; les "
        "jeunes dont le niveau n'est pas renseigné restent au dénominateur. Détail : sans diplôme, non renseigné."
    ),
    unit=RATE,
    family=FAMILY,
)
def publics_no_qualification(period: Period, scope: Scope) -> IndicatorValue:
    level = "person__job_profile__qualification_level"
    counts = lead_entries(period, scope).aggregate(
        entrants=Count("person", distinct=True),
        none=Count("person", distinct=True, filter=Q(**{level: QualificationLevel.NONE})),
        unknown=Count(
            "person", distinct=True, filter=Q(**{f"{level}__isnull": True}) | Q(**{level: QualificationLevel.UNKNOWN})
        ),
    )
    figure = rate(counts["none"], counts["entrants"])
    return IndicatorValue(
        value=figure.value,
        numerator=figure.numerator,
        denominator=figure.denominator,
        breakdown={"none": counts["none"], "unknown": counts["unknown"]},
    )
