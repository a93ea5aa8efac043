"""The progress report (bilan d'étape) of a scope for a year, as a PDF (WeasyPrint): the same tables as the
dashboard, its targets and its months drawn as bars (a PDF runs no script), the definitions of the indicators."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from tandem.indicators.dashboards import Dashboard


def report_html(board: Dashboard) -> str:
    return render_to_string("indicators/pdf/report.html", {"board": board, "today": timezone.localdate()})


def report_document(board: Dashboard) -> Any:
    """The laid-out document; its pages hold the text exactly as the PDF prints it."""
    from weasyprint import HTML

    return HTML(string=report_html(board)).render()


def report_pdf(board: Dashboard) -> bytes:
    return bytes(report_document(board).write_pdf())
