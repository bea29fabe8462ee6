"""The 14 industrial ecosystems of the EU Industrial Strategy (2020, updated 2021).

Kept as data here (slug and translatable name) and mirrored into the Ecosystem
table by a data migration, so filters and foreign keys work in SQL while the
names still follow the viewer's language.
"""

from django.utils.translation import gettext_lazy as _

ECOSYSTEMS = [
    ("aerospace-defence", _("Aerospace & defence")),
    ("agri-food", _("Agri-food")),
    ("construction", _("Construction")),
    ("cultural-creative", _("Cultural & creative industries")),
    ("digital", _("Digital")),
    ("electronics", _("Electronics")),
    ("energy-intensive", _("Energy-intensive industries")),
    ("energy-renewables", _("Energy – renewables")),
    ("health", _("Health")),
    ("mobility-transport-automotive", _("Mobility – transport – automotive")),
    ("proximity-social-economy", _("Proximity, social economy & civil security")),
    ("retail", _("Retail")),
    ("textile", _("Textile")),
    ("tourism", _("Tourism")),
]
ECOSYSTEM_NAMES = dict(ECOSYSTEMS)
