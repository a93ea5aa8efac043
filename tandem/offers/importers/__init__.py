"""Importers of job offers: France Travail's "Offres d'emploi v2" JSON and partners' CSV, both streamed.

`streaming` reads the files piece by piece, `francetravail` and `partner_csv` turn one offer into an
OfferRow, `upsert` writes them by batch, `report` says what happened. tandem.offers.services ties them.
"""
