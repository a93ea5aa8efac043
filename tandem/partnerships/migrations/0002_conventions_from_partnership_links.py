"""Every partnership link written before conventions existed becomes a local convention of its kind, with its two
parties, the same deadlines and dates (tandem.partnerships.links.links_adopt, which the services use too).
Idempotent: a link already kept by a convention is left alone. Going back leaves the links as they are."""

from django.db import migrations
from django.utils import timezone


def conventions_from_links(apps, schema_editor):
    from tandem.partnerships.links import links_adopt

    link_model = apps.get_model("organisations", "PartnershipLink")
    links = link_model.objects.filter(convention_row__isnull=True).select_related("organisation_a", "organisation_b")
    links_adopt(
        convention_model=apps.get_model("partnerships", "Convention"),
        party_model=apps.get_model("partnerships", "ConventionParty"),
        link_row_model=apps.get_model("partnerships", "ConventionLink"),
        links=links.iterator(chunk_size=2000),
        today=timezone.localdate(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0001_initial"),
    ]

    operations = [migrations.RunPython(conventions_from_links, migrations.RunPython.noop)]
