"""An index for finding a registrant's namesakes (same names, birth date and commune) among all records.

people.services.person_find_duplicate and the bulk import (designations.bulk._first_namesakes) compare names as
the database does (UPPER), which no index on the names serves; the commune and the birth date narrow a national
table to a handful of rows. Created here, where the need is, on people_person: it belongs in Person.Meta.indexes
when the people app next changes its migrations (then this one becomes a no-op: IF NOT EXISTS).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0005_search_key")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS person_namesake ON people_person (commune_id, birth_date)",
            "DROP INDEX IF EXISTS person_namesake",
        )
    ]
