"""Family of indicators: Overlaps and duplicates between partners (docs/indicators.md). Empty until the family is
written (issue 14)."""
