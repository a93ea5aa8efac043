"""The PMSMP agreement (« Convention de PMSMP ») as a PDF, drawn from the record with WeasyPrint.

It names the three parties (the beneficiary, the prescriber and its adviser, the host company with its tutor), the
dates, the weekly hours, the objective, the job and the activities, and leaves room for the three signatures (with
the date of signature once recorded). It is personal data: the pages and the API serve it to whoever may read the
PMSMP, and audit each download.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from tandem.immersions.models import Pmsmp


@dataclass(frozen=True)
class AgreementContent:
    pmsmp: Pmsmp
    beneficiary_name: str
    beneficiary_address: str
    prescriber: str
    adviser: str
    employer_name: str
    employer_address: str
    days: int


def agreement_content(pmsmp: Pmsmp) -> AgreementContent:
    person, employer = pmsmp.person, pmsmp.employer
    commune = person.commune.name if person.commune is not None else ""
    employer_commune = employer.commune.name if employer.commune is not None else ""
    return AgreementContent(
        pmsmp=pmsmp,
        beneficiary_name=f"{person.first_name} {person.last_name}",
        beneficiary_address=", ".join(filter(None, [person.address, commune])),
        prescriber=pmsmp.organisation.name,
        adviser=pmsmp.adviser.get_full_name() if pmsmp.adviser is not None else "",
        employer_name=employer.display_name,
        employer_address=", ".join(
            filter(None, [employer.street, " ".join(filter(None, [employer.postcode, employer_commune]))])
        ),
        days=(pmsmp.ends_on - pmsmp.starts_on).days + 1,
    )


def agreement_html(content: AgreementContent) -> str:
    return render_to_string("immersions/pdf/agreement.html", {"a": content, "today": timezone.localdate()})


def agreement_document(content: AgreementContent) -> Any:
    """The laid-out document (WeasyPrint); its pages hold the text exactly as the PDF prints it."""
    from weasyprint import HTML

    return HTML(string=agreement_html(content)).render()


def agreement_pdf(pmsmp: Pmsmp) -> bytes:
    return bytes(agreement_document(agreement_content(pmsmp)).write_pdf())
