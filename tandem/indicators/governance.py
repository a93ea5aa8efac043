"""Family of indicators: Governance: FTE seconded against target, steering meetings against cadence, action-plan
completion (docs/indicators.md). Empty until the family is written (issue 14)."""
