from __future__ import annotations

import datetime

from tandem.diagnostics import services
from tandem.diagnostics.models import DiagnosticVersion
from tandem.territories.models import Commune, Departement, Epci

AS_OF = datetime.date(2026, 6, 1)  # a version describes the first day of a month


def diagnostic_of(cast, *, code: str = "67180", as_of: datetime.date = AS_OF, by=None) -> DiagnosticVersion:
    """A diagnostic of Haguenau (Mission Locale A's and France Travail B's seat) and its first version, created by
    Mission Locale A's adviser (or `by`, a persona of the cast)."""
    user = by or cast.adviser_a
    territory: Departement | Epci | Commune
    if len(code) == 9:
        territory = Epci.objects.get(code=code)
    elif len(code) == 5:
        territory = Commune.objects.get(code=code)
    else:
        territory = Departement.objects.get(code=code)
    return services.diagnostic_create(
        by=user,
        membership=user.memberships.get(),
        title=f"Diagnostic {code}",
        territory=territory,
        as_of=as_of,
    )
