"""The exits' named rules, one place for the model, the services, the pages and the indicators (docs/exits.md).

- A positive exit: to employment, to training, or another positive exit (a business creation, military service).
- A durable employment: a CDI, or a fixed-term contract of 6 months or more — a CDD, a temp mission, a subsidised
  contract (PEC), an apprenticeship or a professionalisation contract. IAE and other contracts are not durable
  employment in the steering committees' count, whatever their length.
- A contract whose length counts (CDD, temp mission, PEC) needs its length in months.
"""

from __future__ import annotations

import datetime

from tandem.exits.enums import FOLLOW_UP_MONTHS, FOLLOW_UP_TOLERANCE_DAYS, ContractType, ExitReason

POSITIVE_REASONS = frozenset({ExitReason.EMPLOYMENT, ExitReason.TRAINING, ExitReason.OTHER_POSITIVE})
DURABLE_MONTHS = 6
# Fixed-term contracts that are durable from 6 months on.
FIXED_TERM = frozenset(
    {
        ContractType.CDD,
        ContractType.TEMP,
        ContractType.PEC,
        ContractType.APPRENTICESHIP,
        ContractType.PROFESSIONALISATION,
    }
)
# Contracts that must say how long they last.
MONTHS_REQUIRED = frozenset({ContractType.CDD, ContractType.TEMP, ContractType.PEC})


def is_positive(reason: str) -> bool:
    return reason in POSITIVE_REASONS


def is_durable(contract: str, months: int | None) -> bool:
    """A CDI, or a fixed-term contract (CDD, temp, PEC, apprenticeship, professionalisation) of 6 months or more."""
    if contract == ContractType.CDI:
        return True
    return contract in FIXED_TERM and months is not None and months >= DURABLE_MONTHS


def needs_months(contract: str) -> bool:
    return contract in MONTHS_REQUIRED


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), the month's last day when it has no such day (31 August + 6 → 28
    or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def follow_up_due_on(exited_on: datetime.date) -> datetime.date:
    """Six months after the exit: the day the follow-up is due."""
    return add_months(exited_on, FOLLOW_UP_MONTHS)


def follow_up_earliest(exited_on: datetime.date) -> datetime.date:
    """The earliest observation day a follow-up accepts: six months after the exit, less the tolerance."""
    return follow_up_due_on(exited_on) - datetime.timedelta(days=FOLLOW_UP_TOLERANCE_DAYS)
