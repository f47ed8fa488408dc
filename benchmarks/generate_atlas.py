"""Write N rows in the Atlas of Surveillance's CSV format (the export's 28 columns),
shaped like the real export: about 0.6 agencies per row (9,043 agencies on 15,185 rows),
the technologies in the real shares, a vendor on half the rows (some naming two), one to
three links per row with dates as M/D/YYYY, a few links shared by many rows, and the
Atlas's own defects now and then (a surrogate ORI, a shifted row with a junk state).
The same seed always writes the same file; rows are written as they are made, so any N
fits in memory.

    python benchmarks/generate_atlas.py --rows 1000000 -o benchmarks/data/atlas-1000000.csv
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

STATES = ("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE "
          "NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR").split()
TECHNOLOGIES = [  # (Technology, code, share of rows, vendors)
    ("Body-worn Cameras", "BWC", 5469, ["Axon", "WatchGuard", "Motorola Solutions", "Wolfcom"]),
    ("Automated License Plate Readers", "LPR", 4145,
     ["Flock Safety", "Vigilant Solutions", "ELSAG", "Rekor Systems", "Motorola Solutions"]),
    ("Drones", "UAV", 1828, ["DJI", "Autel Robotics", "Skydio", "Parrot"]),
    ("Third-party Investigative Platforms", "PCT", 1062,
     ["SoundThinking", "LexisNexis", "Thomson Reuters", "TransUnion", "Penlink"]),
    ("Face Recognition", "FRT", 980, ["Idemia", "Clearview AI", "DataWorks Plus", "LACRIS"]),
    ("Camera Registry", "0CR", 756, ["Fusus", "CRIMEWATCH", "Ring"]),
    ("Gunshot Detection", "GDT", 248, ["ShotSpotter", "SoundThinking", "Flock Safety"]),
    ("Real-Time Crime Center", "TCC", 242, ["Fusus", "Genetec", "Motorola Solutions"]),
    ("Predictive Policing", "RPO", 200, ["Geolitica", "IBM", "Palantir"]),
    ("Video Analytics", "0VA", 85, ["BriefCam", "Avigilon"]),
    ("Cell-site Simulator", "CSS", 83, ["Harris Corporation", "KeyW"]),
    ("Fusion Center", "0FC", 81, []),
]
JURIS = [("Municipal", "Police", "Police Department", 10749), ("County", "Sheriff",
         "County Sheriff's Office", 3226), ("University", "Police", "University Police "
         "Department", 438), ("Statewide", "State Police/Highway Patrol", "State Patrol", 297),
         ("Tribal", "Police", "Tribal Police Department", 140)]
OUTLETS = ["Associated Press", "Local News", "City Council", "MuckRock", "DocumentCloud",
           "Government Technology", "Police Department", "County Board"]
HEADER = (["AOSNUMBER", "NEWAOSNUMBER (ORI9)", "City", "County", "State", "Agency",
           "Type of LEA", "Summary", "Type of Juris", "Technology", "TECH ABV", "Vendor"]
          + [f"Link {n}{s}" for n in (1, 2, 3)
             for s in ("", " Snapshot", " Source", " Type", " Date")] + ["Other Links"])
SHARED = [f"https://dronecenter.example.edu/files/public-safety-drones-{i}.pdf" for i in range(20)]


def rows(n: int, seed: int = 1):  # type: ignore[no-untyped-def]
    """The data rows, one list of cells each."""
    rng = random.Random(seed)
    agencies = max(1, n * 3 // 5)
    techs = [t for t in TECHNOLOGIES for _ in range(t[2] // 40 + 1)]
    juris = [j for j in JURIS for _ in range(j[3] // 100 + 1)]
    for i in range(1, n + 1):
        a = rng.randrange(agencies)
        state = STATES[a % len(STATES)]
        kind, lea, suffix, _ = juris[a % len(juris)]
        place = f"Place {a}"
        agency = f"{place} {suffix}" if kind != "Statewide" else f"{state} {suffix} {a}"
        tech, code, _, vendors = rng.choice(techs)
        ori = (f"XX{a % 10_000_000:07d}" if a % 16 == 0 else f"{state}{a % 10_000_000:07d}") + code
        vendor = ""
        if vendors and rng.random() < 0.52:
            vendor = rng.choice(vendors)
            if rng.random() < 0.03:
                vendor += ", " + rng.choice(vendors)
        if i % 2500 == 0:  # the export's shifted rows: a junk state, a code as technology
            state, tech = "Police", "FRT"
        summary = (f"The {agency} in {place}, {state}, uses {tech.lower()}"
                   + (f" from {vendor}" if vendor else "") + ", according to records and "
                   f"reporting collected by the Atlas team (entry {i}).")
        links: list[str] = []
        for k in range(1 if rng.random() < 0.5 else 2 if rng.random() < 0.52 else 3):
            url = (rng.choice(SHARED) if tech == "Drones" and rng.random() < 0.4
                   else f"https://news{rng.randrange(500)}.example.org/{2010 + i % 15}/{i}-{k}")
            day = (f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(2010, 2024)}"
                   if rng.random() < 0.87 else "")
            links += [url, "", rng.choice(OUTLETS), "", day]
        links += [""] * (15 - len(links))
        yield [f"AOS{i:06d}", ori, place, f"County {a % 3000}", state, agency, lea, summary,
               kind, tech, "", vendor, *links, ""]


def write(n: int, out: Path, seed: int = 1, distinct: int | None = None) -> Path:
    """Write the file (its folder made as needed); returns its path. With `distinct`, the
    first `distinct` rows over and over: a file as long, a graph that stays small."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(HEADER)
        if distinct:
            block = list(rows(distinct, seed))
            for i in range(n):
                writer.writerow(block[i % distinct])
        else:
            writer.writerows(rows(n, seed))
    tmp.replace(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--distinct", type=int, help="repeat the first DISTINCT rows")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    write(args.rows, args.output, args.seed, args.distinct)


if __name__ == "__main__":
    main()
