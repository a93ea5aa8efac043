from pathlib import Path

from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_string_of_the_english_catalog_is_translated():
    entries = CATALOG.read_text(encoding="utf-8").split("\n\n")[1:]  # the first block is the header
    untranslated = [
        entry.split("msgid ", 1)[1].split("\n", 1)[0]
        for entry in entries
        if entry.strip() and ('\nmsgstr ""' in entry and '\nmsgstr ""\n"' not in entry or "#, fuzzy" in entry)
    ]
    assert untranslated == []
    assert CATALOG.with_suffix(".mo").stat().st_mtime >= CATALOG.stat().st_mtime - 1
