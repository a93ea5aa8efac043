"""Family of indicators: Exits by reason and access to employment, durable employment at exit and at 6 months
(docs/indicators.md). Empty until the family is written (issue 14)."""
