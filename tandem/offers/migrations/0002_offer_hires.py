"""Offers count their hires: filled from the positionings already hired."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_hires(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    Positioning = apps.get_model("offers", "Positioning")
    hired = (
        Positioning.objects.filter(offer=OuterRef("pk"), status="hired")
        .order_by()
        .values("offer")
        .annotate(count=Count("pk"))
        .values("count")
    )
    Offer.objects.update(hires=Coalesce(Subquery(hired), Value(0)))


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="hires",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="embauches"),
        ),
        migrations.RunPython(count_hires, migrations.RunPython.noop),
    ]
