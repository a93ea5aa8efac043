"""Family of indicators: Temp-agency partnership: conventions, young people put forward, missions started, immersions
(docs/indicators.md). Empty until the family is written (issue 14)."""
