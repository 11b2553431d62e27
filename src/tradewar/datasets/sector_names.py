"""Readable names of the sector codes that figures and reports show.

The OECD ICIO (2023 edition) industry codes of the multi-sector baselines, with short
forms of the OECD's ISIC Rev. 4 industry titles; sectors already named (the rare-earth
and magnet splits, "Services (aggregate)", a one-sector "goods") keep their names.
"""

from __future__ import annotations

#: ICIO industry code -> short name (OECD ICIO 2023 industry list, ISIC Rev. 4 titles)
ICIO: dict[str, str] = {
    "A01": "Crops and livestock",
    "A02": "Forestry and logging",
    "A03": "Fishing and aquaculture",
    "B05": "Coal mining",
    "B06": "Oil and gas extraction",
    "B07": "Metal ore mining",
    "B08": "Other mining and quarrying",
    "B09": "Mining support services",
    "C10T12": "Food, beverages and tobacco",
    "C13T15": "Textiles, apparel and leather",
    "C16": "Wood products",
    "C17_18": "Paper and printing",
    "C19": "Coke and refined petroleum",
    "C20": "Chemicals",
    "C21": "Pharmaceuticals",
    "C22": "Rubber and plastics",
    "C23": "Other non-metallic minerals",
    "C24A": "Iron and steel",
    "C24B": "Non-ferrous metals",
    "C25": "Fabricated metal products",
    "C26": "Computers, electronics and optical",
    "C27": "Electrical equipment",
    "C28": "Machinery n.e.c.",
    "C29": "Motor vehicles and parts",
    "C301": "Ships and boats",
    "C302T309": "Other transport equipment",
    "C31T33": "Furniture and other manufacturing",
}


def sector_name(code: str) -> str:
    """The readable name of sector ``code`` (the code itself when it is already a name)."""
    return ICIO.get(code, code)
