"""One module per partnership of the five field reports (docs in /work/shared/seeds): each builds its own rows."""
