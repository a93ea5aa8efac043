"""Family of indicators: Active caseload, per adviser and per seconded FTE (docs/indicators.md). Empty until the family
is written (issue 14)."""
