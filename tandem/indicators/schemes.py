"""Family of indicators: Schemes mobilised (PACEA, CEJ, subsidised contracts, IAE, training) (docs/indicators.md).
Empty until the family is written (issue 14)."""
