from django.db import migrations

from tandem.offers.matching import seen


def reinstall(apps, schema_editor):
    # The update triggers fire only on a change that matters (a follow ending, a referral opening or closing), not
    # on every save() of a follow or a referral: the same names, installed again.
    seen.uninstall(schema_editor.connection)
    seen.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0008_seen_sought_job"),
    ]

    operations = [
        migrations.RunPython(reinstall, reinstall, elidable=False),
    ]
