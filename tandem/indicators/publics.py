"""Family of indicators: Priority publics (QPV, ZRR, minors, no qualification) (docs/indicators.md). Empty until the
family is written (issue 14)."""
