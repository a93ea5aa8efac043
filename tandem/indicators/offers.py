"""Family of indicators: Offers shared, collected by pairs, positionings, hires, fill rate, time to fill
(docs/indicators.md). Empty until the family is written (issue 14)."""
