"""A large register of meetings in a foreign layout, for the import's tests and benchmark.

Deterministic for a seed: a few dozen officials meet a few thousand organisations; some meetings
span two rows (a second organisation on a follow-on row with the official's cell left empty),
like the registers offices publish.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

HEADERS = ["Minister", "Date", "Name of Organisation", "Purpose of meeting", "Location"]
PURPOSES = ["General discussion", "Introductory meeting", "Investment in the region", "Trade mission",
            "Digital economy", "Skills and training", "Regulation update", "Energy policy"]
TITLES = ["Minister for Trade", "Minister for Industry", "Secretary of State", "Deputy Minister"]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
            "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green"]
FIRST = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Kim", "Lee", "Morgan", "Jamie"]
WORDS = ["Northern", "Global", "United", "Atlas", "Summit", "Harbour", "Crown", "Pioneer", "Vertex",
         "Meridian", "Sterling", "Orchard", "Beacon", "Falcon", "Quantum", "Cedar"]
KINDS = ["Holdings", "Energy", "Bank", "Foods", "Logistics", "Software", "Pharma", "Motors"]


def sample_rows(count: int, *, seed: int = 7) -> list[list[str]]:
    """``count`` data rows; every 10th meeting continues on a follow-on row."""
    rng = random.Random(seed)
    officials = [f"{rng.choice(TITLES)}, The Rt Hon {rng.choice(FIRST)} {surname} MP"
                 for surname in SURNAMES for _ in range(2)]
    organisations = [f"{a} {b} {c}" for a in WORDS for b in WORDS if a != b for c in KINDS[:2]]
    start = dt.date(2015, 1, 1)
    rows: list[list[str]] = []
    while len(rows) < count:
        day = start + dt.timedelta(days=rng.randrange(3000))
        official = rng.choice(officials)
        rows.append([official, day.strftime("%d/%m/%Y"), rng.choice(organisations),
                     f"{rng.choice(PURPOSES)} #{len(rows)}", rng.choice(["London", "Leeds", ""])])
        if len(rows) % 10 == 0 and len(rows) < count:
            rows.append(["", "", rng.choice(organisations), "", ""])
    return rows


def sample_csv(count: int, *, seed: int = 7) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(sample_rows(count, seed=seed))
    return buffer.getvalue().encode("utf-8")
