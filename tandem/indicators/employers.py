"""Family of indicators: Companies visited, visits, offers per visit, anonymous CVs sent (docs/indicators.md). Empty
until the family is written (issue 14)."""
