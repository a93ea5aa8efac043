"""Reads of the job referential: ROME codes and appellations by their codes, what a person typed, suggestions.

A code is never guessed: an unknown code is an error that names it; a typed label that matches no job, or
several, is a question, not a choice made for the person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tandem.referentials.models import RomeAppellation, RomeCode

ROME_CODE = re.compile(r"[A-Z]\d{4}")
OGR_CODE = re.compile(r"\d{1,10}")
# "G1602 – Personnel de cuisine" (a ROME) and "Commis de cuisine – OGR 11573 (G1602)" (an appellation).
_ROME_LABEL = re.compile(r"(?P<code>[A-Za-z]\d{4})(?:\s*[–—-].*)?")
_OGR_IN_LABEL = re.compile(r"\bOGR\s*(?P<code>\d{1,10})\b", re.IGNORECASE)

Job = RomeCode | RomeAppellation


def rome_label(rome: RomeCode) -> str:
    return f"{rome.code} – {rome.label}"


def appellation_label(appellation: RomeAppellation) -> str:
    return f"{appellation.label} – OGR {appellation.code_ogr} ({appellation.rome_id})"


def job_label(job: Job) -> str:
    """How a job is shown in the job boxes, and read back (job_resolve)."""
    return rome_label(job) if isinstance(job, RomeCode) else appellation_label(job)


def _codes(codes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(code.strip().upper() for code in codes if code and code.strip()))


def rome_codes_get(*, codes: Iterable[str]) -> list[RomeCode]:
    """The ROME codes named, in the order given (each once); an unknown one is a ValidationError naming it."""
    wanted = _codes(codes)
    found = {rome.code: rome for rome in RomeCode.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValidationError(_("Code ROME inconnu : %(codes)s") % {"codes": ", ".join(unknown)}, code="unknown_rome")
    return [found[code] for code in wanted]


def appellations_get(*, codes: Iterable[str]) -> list[RomeAppellation]:
    """The appellations named by their OGR codes, with their ROME; an unknown one is a ValidationError naming it."""
    wanted = _codes(codes)
    found = {a.code_ogr: a for a in RomeAppellation.objects.select_related("rome").filter(code_ogr__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValidationError(
            _("Code d'appellation ROME (OGR) inconnu : %(codes)s") % {"codes": ", ".join(unknown)},
            code="unknown_appellation",
        )
    return [found[code] for code in wanted]


def _words_q(field: str, text: str) -> Q:
    q = Q()
    for word in text.split():
        q &= Q(**{f"{field}__icontains": word})
    return q


def _appellations_named(text: str) -> QuerySet[RomeAppellation]:
    return RomeAppellation.objects.select_related("rome").filter(label__iexact=text)


def job_resolve(*, text: str) -> Job | None:
    """The job a person typed or chose in the list: a ROME code, an OGR code, or a label read back exactly.

    Empty: None. Unknown, or a label shared by several jobs: a ValidationError saying so (never a guess).
    """
    text = " ".join(text.split())
    if not text:
        return None
    ogr = _OGR_IN_LABEL.search(text)
    if ogr is not None or OGR_CODE.fullmatch(text):
        code = ogr.group("code") if ogr is not None else text
        return appellations_get(codes=[code])[0]
    rome = _ROME_LABEL.fullmatch(text)
    if rome is not None:
        return rome_codes_get(codes=[rome.group("code")])[0]
    matches: list[Job] = [*_appellations_named(text)[:2], *RomeCode.objects.filter(label__iexact=text)[:2]]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError(
            _("Métier inconnu « %(text)s » : choisissez-le dans la liste proposée, ou tapez son code ROME.")
            % {"text": text},
            code="unknown_job",
        )
    raise ValidationError(
        _("« %(text)s » désigne plusieurs métiers : choisissez-le dans la liste proposée.") % {"text": text},
        code="ambiguous_job",
    )


@dataclass(frozen=True)
class JobSuggestion:
    label: str
    job: Job


def job_suggestions(*, query: str, limit: int = 15) -> list[JobSuggestion]:
    """What to offer a person typing `query`: ROME codes by code or label, then appellations whose label holds
    every word typed. Two queries at most."""
    text = " ".join(query.split())[:100]
    if len(text) < 2:
        return []
    romes = RomeCode.objects.filter(Q(code__istartswith=text) | _words_q("label", text)).order_by("code")[:limit]
    jobs: list[Job] = list(romes)
    if len(jobs) < limit:
        appellations = RomeAppellation.objects.filter(_words_q("label", text)).select_related("rome").order_by("label")
        jobs += list(appellations[: limit - len(jobs)])
    return [JobSuggestion(job_label(job), job) for job in jobs]
