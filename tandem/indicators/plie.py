"""Family of indicators: PLIE: participants, positive exits, barrier-lifting actions (docs/indicators.md). Empty until
the family is written (issue 14)."""
