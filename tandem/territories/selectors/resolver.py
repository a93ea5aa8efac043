"""commune_resolve: what was typed or given, turned into exactly one commune, or a question (docs/communes.md)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core.text import strip_accents
from tandem.territories.models import Commune, CommunePostcode
from tandem.territories.selectors.communes import (
    _POSTCODE,
    LABEL_PATTERN,
    _communes,
    commune_area,
    commune_area_code,
    commune_code_normalize,
    commune_label,
    commune_name_key,
    commune_search,
)


def _place(commune: Commune) -> str:
    """'Saint-Denis (93200, Seine-Saint-Denis)': tells namesakes apart."""
    details = [min(commune.postcodes, default=""), commune_area(commune)]
    return f"{commune.name} ({', '.join(detail for detail in details if detail)})"


# Resolving ----------------------------------------------------------------------------------------


class CommuneUnresolved(ValidationError):
    """The value names no commune, or several: the message asks; `candidates` are those it could mean."""

    def __init__(self, message: str, *, code: str, candidates: Sequence[Commune] = ()) -> None:
        super().__init__(message, code=code)
        self.candidates = list(candidates)


@dataclass(frozen=True)
class _Given:
    code: str = ""  # an INSEE code, given as such (a code_commune column, the API's commune_code)
    number: str = ""  # five characters typed in one box: a postcode or an INSEE code
    postcode: str = ""  # a postcode, given as such
    name: str = ""
    departement: str = ""


_NUMBER = r"\d{5}|2[AB]\d{3}"
# What a person types in one box, tried in this order (the whole text must match).
_TYPED = (
    re.compile(rf"(?P<number>{_NUMBER})", flags=re.IGNORECASE),
    re.compile(rf"(?P<number>{_NUMBER})[ ,]+(?P<name>.*\D.*)", flags=re.IGNORECASE),
    re.compile(rf"(?P<name>.+?)[ ,]*\((?P<number>{_NUMBER})\)", flags=re.IGNORECASE),
    re.compile(rf"(?P<name>.+?)[ ,]+(?P<number>{_NUMBER})", flags=re.IGNORECASE),
    re.compile(r"(?P<name>.+?) *\((?P<departement>\d{2,3}|2[AB])\)", flags=re.IGNORECASE),
)


def _tidy(text: str) -> str:
    """One space between words, and every dash between spaces read as '-' (labels use '–')."""
    text = " ".join(text.split())
    return re.sub(r" [–—‒-] ", " - ", text)


def _typed(text: str) -> _Given:
    label = LABEL_PATTERN.fullmatch(text)
    if label:
        return _Given(code=label["code"].upper(), postcode=label["postcode"] or "", name=label["name"])
    for pattern in _TYPED:
        match = pattern.fullmatch(text)
        if match:
            parts = match.groupdict()
            return _Given(
                number=(parts.get("number") or "").upper(),
                name=parts.get("name") or "",
                departement=(parts.get("departement") or "").upper(),
            )
    return _Given(name=text)


def _given(*, text: str, code: str, postcode: str, name: str, departement: str) -> _Given | None:
    given = _typed(_tidy(text)) if text.strip() else _Given()
    explicit = {
        # Spreadsheets and people write "67 500" as often as "67500".
        "code": "".join(code.split()).upper(),
        "postcode": "".join(postcode.split()),
        "name": " ".join(name.split()),
        "departement": departement.strip().upper(),
    }
    given = replace(given, **{key: value for key, value in explicit.items() if value and not getattr(given, key)})
    if not (given.code or given.number or given.postcode or given.name):
        return None
    return given


def communes_by_code(codes: Iterable[str]) -> dict[str, Commune]:
    """The communes of these INSEE codes (an arrondissement's gives its commune), read in one query, by their
    code: what a batch import hands to commune_resolve(known=…) so that its rows are resolved without a
    query each. Unknown codes are left out (commune_resolve then explains them)."""
    wanted = {commune_code_normalize(code) for code in codes if code.strip()}
    return {commune.code: commune for commune in _communes().filter(code__in=wanted)} if wanted else {}


def commune_resolve(
    *,
    text: str = "",
    code: str = "",
    postcode: str = "",
    name: str = "",
    departement: str = "",
    known: Mapping[str, Commune] | None = None,
) -> Commune | None:
    """Exactly one commune for what was typed (`text`) or given field by field; None when nothing was given.

    `text` is a person's typing: "67500", "Haguenau", "67500 Haguenau", "Haguenau (67500)", "Saint-Denis (93)"
    or a suggestion's label. `code` is an INSEE code and stays one (an arrondissement gives its commune);
    `postcode`, `name` and `departement` must then agree with it. A value meaning several communes, or none,
    raises CommuneUnresolved (a ValidationError) whose French message asks or says what is unknown: it never
    guesses. One query per call; two for a CEDEX postcode and to explain some refusals. `known` (from
    communes_by_code) spares the query of a code it holds; the rules are the same.
    """
    given = _given(text=text, code=code, postcode=postcode, name=name, departement=departement)
    if given is None:
        return None
    if given.code:
        return _by_code(given, known)
    if given.number:
        return _by_number(given)
    if given.postcode:
        return _by_postcode(given)
    return _by_name(given)


def _by_population(communes: Iterable[Commune]) -> list[Commune]:
    return sorted(communes, key=lambda commune: (-(commune.population or 0), commune.name, commune.code))


def _name_score(commune: Commune, wanted_key: str) -> int:
    """2: the same name; 1: one name begins the other (« EVRY » for Évry-Courcouronnes, « Hyères les Palmiers »
    for Hyères: postal names keep former or longer names); 0: another name."""
    wanted_key = re.sub(r" cedex( \d+)?$", "", wanted_key)
    key = commune.search_name or commune_name_key(commune.name)
    if wanted_key == key:
        return 2
    if key.startswith(wanted_key + " ") or wanted_key.startswith(key + " "):
        return 1
    return 0


def _named(communes: Sequence[Commune], given: _Given) -> list[Commune]:
    """Those of the communes that bear the given name (the same name before a beginning) and département."""
    if given.departement:
        communes = [commune for commune in communes if commune_area_code(commune) == given.departement]
    if not given.name:
        return list(communes)
    wanted_key = commune_name_key(given.name)
    scores = {commune.code: _name_score(commune, wanted_key) for commune in communes}
    best = max(scores.values(), default=0)
    return [commune for commune in communes if best and scores[commune.code] == best]


def _postcode_areas(postcode: str) -> set[str]:
    """The départements (or collectivity) a postcode's first digits point to, CEDEX codes included."""
    if postcode.startswith("20"):
        return {"2A", "2B"}
    if postcode[:2] in ("97", "98"):
        return {postcode[:3]}
    return {postcode[:2]}


def _by_code(given: _Given, known: Mapping[str, Commune] | None = None) -> Commune:
    code = commune_code_normalize(given.code)
    commune = known[code] if known is not None and code in known else _communes().filter(code=code).first()
    if commune is None:
        postcode_communes = (
            _by_population(_communes().filter(postcode_rows__postcode=given.code))
            if _POSTCODE.fullmatch(given.code)
            else []
        )
        if postcode_communes:
            raise CommuneUnresolved(
                _("Commune inconnue « %(code)s » : c'est le code postal %(of_communes)s, pas un code INSEE.")
                % {"code": given.code, "of_communes": _of(postcode_communes)},
                code="unknown",
                candidates=postcode_communes,
            )
        raise CommuneUnresolved(_("Commune inconnue « %(code)s »") % {"code": given.code}, code="unknown")
    if given.postcode and given.postcode not in commune.postcodes:
        # A CEDEX code is no postcode of the referential: it only has to point to the commune's département.
        served = list(CommunePostcode.objects.filter(postcode=given.postcode).values_list("commune_id", flat=True))
        if served or commune_area_code(commune) not in _postcode_areas(given.postcode):
            raise CommuneUnresolved(
                _(
                    "Le code INSEE %(code)s est celui %(of_commune)s, que le code postal %(postcode)s ne dessert pas : "
                    "vérifiez la commune."
                )
                % {"code": given.code, "of_commune": _of([commune]), "postcode": given.postcode},
                code="contradiction",
                candidates=[commune],
            )
    if given.name and not _named([commune], replace(given, departement="")):
        raise CommuneUnresolved(
            _("Le code INSEE %(code)s est celui %(of_commune)s, pas de « %(name)s » : vérifiez la commune.")
            % {"code": given.code, "of_commune": _of([commune]), "name": given.name},
            code="contradiction",
            candidates=[commune],
        )
    if given.departement and commune_area_code(commune) != given.departement:
        raise CommuneUnresolved(
            _("Le code INSEE %(code)s est celui %(of_commune)s, hors du département %(departement)s.")
            % {"code": given.code, "of_commune": _of([commune]), "departement": given.departement},
            code="contradiction",
            candidates=[commune],
        )
    return commune


def _by_number(given: _Given) -> Commune:
    """Five characters typed in one box: the communes of that postcode and the commune of that INSEE code."""
    number, code = given.number, commune_code_normalize(given.number)
    served = CommunePostcode.objects.filter(postcode=number).values("commune_id")
    communes = _by_population(_communes().filter(Q(code=code) | Q(code__in=served)))
    if not communes:
        raise CommuneUnresolved(
            _("Aucune commune n'a le code postal ou le code INSEE « %(value)s ».") % {"value": number}, code="unknown"
        )
    by_postcode = [commune for commune in communes if number in commune.postcodes]
    by_code = [commune for commune in communes if commune.code == code and commune not in by_postcode]
    if given.name or given.departement:
        named = _named(communes, given)
        if not named:
            raise CommuneUnresolved(
                _("« %(name)s » ne correspond pas à « %(value)s », qui est %(meaning)s : vérifiez la commune.")
                % {"name": given.name or given.departement, "value": number, "meaning": _meaning(by_postcode, by_code)},
                code="contradiction",
                candidates=communes,
            )
        if len(named) == 1:
            return named[0]
        raise _namesakes(given.name, named)
    if len(communes) == 1:
        return communes[0]
    if by_code:
        raise CommuneUnresolved(
            _("« %(value)s » est %(meaning)s : précisez la commune.")
            % {"value": number, "meaning": _meaning(by_postcode, by_code)},
            code="ambiguous",
            candidates=communes,
        )
    raise _postcode_ambiguous(number, communes)


def _by_postcode(given: _Given) -> Commune:
    postcode = given.postcode
    communes = _by_population(_communes().filter(postcode_rows__postcode=postcode)) if postcode.isdigit() else []
    if not communes:
        if given.name and _POSTCODE.fullmatch(postcode):
            # A CEDEX code (a big organisation's own postcode) still tells the département: the name decides there.
            key, areas = commune_name_key(given.name), _postcode_areas(postcode)
            named = _named(
                list(
                    _communes()
                    .filter(Q(search_name=key) | Q(search_name__startswith=f"{key} "))
                    .filter(Q(departement_id__in=areas) | Q(overseas_collectivity__in=areas))
                ),
                given,
            )
            if len(named) == 1:
                return named[0]
        raise CommuneUnresolved(_("Code postal inconnu « %(postcode)s »") % {"postcode": postcode}, code="unknown")
    if given.name or given.departement:
        named = _named(communes, given)
        if not named:
            raise CommuneUnresolved(
                _("La commune « %(name)s » n'est pas desservie par le code postal %(postcode)s (%(communes)s).")
                % {"name": given.name or given.departement, "postcode": postcode, "communes": _names(communes)},
                code="contradiction",
                candidates=communes,
            )
        if len(named) == 1:
            return named[0]
        raise _namesakes(given.name, named)
    if len(communes) == 1:
        return communes[0]
    raise _postcode_ambiguous(postcode, communes)


def _by_name(given: _Given) -> Commune:
    communes = _by_population(_communes().filter(search_name=commune_name_key(given.name)))
    if not communes:
        raise CommuneUnresolved(
            _("Aucune commune ne s'appelle « %(name)s » : vérifiez l'orthographe ou choisissez une commune proposée.")
            % {"name": given.name},
            code="unknown",
        )
    named = _named(communes, given)
    if not named:
        raise CommuneUnresolved(
            _("Aucune commune « %(name)s » dans le département %(departement)s.")
            % {"name": given.name, "departement": given.departement},
            code="contradiction",
            candidates=communes,
        )
    if len(named) == 1:
        return named[0]
    raise _namesakes(given.name, named)


def _namesakes(name: str, communes: list[Commune]) -> CommuneUnresolved:
    shown = [_place(commune) for commune in communes[:8]]
    return CommuneUnresolved(
        _("Plusieurs communes s'appellent « %(name)s » : %(places)s ; précisez le code postal ou le département.")
        % {"name": name, "places": _enumeration(shown, total=len(communes))},
        code="ambiguous",
        candidates=communes,
    )


def _postcode_ambiguous(postcode: str, communes: list[Commune]) -> CommuneUnresolved:
    return CommuneUnresolved(
        _("Le code postal %(postcode)s dessert plusieurs communes (%(communes)s) : précisez la commune.")
        % {"postcode": postcode, "communes": _names(communes)},
        code="ambiguous",
        candidates=communes,
    )


# French phrasing --------------------------------------------------------------------------------


def _enumeration(items: list[str], *, total: int) -> str:
    """'A, B et C'; beyond the shown ones: 'A, B, C et 7 autres communes'."""
    rest = total - len(items)
    if rest > 0:
        return ngettext("%(items)s et %(count)s autre commune", "%(items)s et %(count)s autres communes", rest) % {
            "items": ", ".join(items),
            "count": rest,
        }
    if len(items) == 1:
        return items[0]
    return _("%(items)s et %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _names(communes: list[Commune]) -> str:
    return _enumeration([commune.name for commune in communes[:5]], total=len(communes))


def _of(communes: list[Commune]) -> str:
    """'de Haguenau', "d'Urmatt", 'du Havre', 'des Mureaux', followed by the other names if any."""
    names = _names(communes)
    first = strip_accents(names[:1]).lower()
    if names.startswith("Le "):
        # Translators: a commune's name without its article « Le » (du Havre); "of Le %(names)s" in English.
        return _("du %(names)s") % {"names": names[3:]}
    if names.startswith("Les "):
        # Translators: a commune's name without its article « Les » (des Mureaux); "of Les %(names)s" in English.
        return _("des %(names)s") % {"names": names[4:]}
    if first and first in "aeiouyœ":
        return _("d'%(names)s") % {"names": names}
    return _("de %(names)s") % {"names": names}


def _meaning(by_postcode: list[Commune], by_code: list[Commune]) -> str:
    """What five characters are: 'le code postal de Haguenau…', "le code INSEE d'Urmatt", or both."""
    postcode_part = _("le code postal %(of_communes)s") % {"of_communes": _of(by_postcode)} if by_postcode else ""
    code_part = _("le code INSEE %(of_commune)s") % {"of_commune": _of(by_code)} if by_code else ""
    if postcode_part and code_part:
        return _("%(postcode_part)s, et %(code_part)s") % {"postcode_part": postcode_part, "code_part": code_part}
    return postcode_part or code_part


# Memory for imports, suggestions for typing ---------------------------------------------------------


class CommuneLookup:
    """commune_resolve with a memory: a list names the same few communes again and again.

    One resolution (one or two queries) per distinct value; an error is remembered too.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[str, ...], Commune | None | ValidationError] = {}

    def __call__(
        self, *, text: str = "", code: str = "", postcode: str = "", name: str = "", departement: str = ""
    ) -> Commune | None:
        key = (
            _tidy(text),
            "".join(code.split()).upper(),
            "".join(postcode.split()),
            commune_name_key(name),
            departement.strip().upper(),
        )
        if key not in self._known:
            try:
                self._known[key] = commune_resolve(
                    text=text, code=code, postcode=postcode, name=name, departement=departement
                )
            except ValidationError as error:
                self._known[key] = error
        found = self._known[key]
        if isinstance(found, ValidationError):
            raise found
        return found


class CommuneSuggestion(NamedTuple):
    label: str  # reads back as this commune (commune_label)
    commune: Commune


def commune_suggestions(*, query: str, limit: int = 15) -> list[CommuneSuggestion]:
    """What to offer a person typing `query`: the communes it names (one, or those it could mean), then the
    communes whose name, postcode or INSEE code begins with it. Two queries at most."""
    text = _tidy(query)
    if not text:
        return []
    try:
        resolved = commune_resolve(text=text)
    except CommuneUnresolved as error:
        communes = error.candidates[:limit]
    else:
        communes = [resolved] if resolved else []
    if not LABEL_PATTERN.fullmatch(text) and len(communes) < limit:
        known = {commune.code for commune in communes}
        communes += [commune for commune in commune_search(query=text, limit=limit) if commune.code not in known]
    typed_postcode = next(iter(re.findall(r"\b\d{5}\b", text)), "")
    return [CommuneSuggestion(commune_label(commune, postcode=typed_postcode), commune) for commune in communes[:limit]]
