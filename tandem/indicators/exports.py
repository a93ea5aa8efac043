"""A dashboard's tables as files people open: a CSV per table (semicolons and a byte-order mark, as a French
spreadsheet expects) and one XLSX workbook with a sheet per table (openpyxl), numbers as numbers. A masked figure
is « s » (secret statistique), a figure that cannot be computed is empty."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tandem.core.text import spreadsheet_safe
from tandem.indicators.dashboards import Dashboard, Figure, Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECRET = "s"
SHEET_NAME_LENGTH = 31  # Excel's limit


def cell(figure: Figure) -> float | int | str:
    if figure.masked:
        return SECRET
    if figure.value is None:
        return ""
    if isinstance(figure.value, Decimal):
        return int(figure.value) if figure.value == figure.value.to_integral() else float(figure.value)
    return figure.value


def _lines(table: Table) -> list[list[float | int | str]]:
    lines: list[list[float | int | str]] = [[table.label_header, *table.header]]
    # Labels are names partners typed (an organisation, a convention): shown as typed, never run as a formula.
    lines += [[spreadsheet_safe(row.label), *(cell(figure) for figure in row.figures)] for row in table.rows]
    return lines


def _about(board: Dashboard) -> list[list[str]]:
    lines = [
        [_("Périmètre"), spreadsheet_safe(board.scope_name)],
        [_("Année"), str(board.year)],
        [_("Calculé le"), formats.date_format(board.computed_at, "DATETIME_FORMAT")],
    ]
    if board.protected:
        lines.append(
            [_("Secret statistique"), _("« s » : effectif inférieur à 5 ou permettant de le retrouver, masqué.")]
        )
    return lines


def filename(board: Dashboard, what: str, extension: str) -> str:
    return f"tandem-{slugify(board.scope.label)}-{board.year}-{what}.{extension}"


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(table.caption)])
    writer.writerows(_lines(table))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def dashboard_xlsx(board: Dashboard) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = _("À propos")[:SHEET_NAME_LENGTH]
    for line in _about(board):
        about.append(line)
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 80
    for table in board.tables:
        sheet = workbook.create_sheet(title=table.key[:SHEET_NAME_LENGTH])
        sheet.append([spreadsheet_safe(table.caption)])
        sheet["A1"].font = Font(bold=True)
        for index, values in enumerate(_lines(table)):
            sheet.append(values)
            if index == 0:
                for header in sheet[sheet.max_row]:
                    header.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 60
        for column in "BCDE":
            sheet.column_dimensions[column].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
