"""The five source articles (../shared/seeds) as a reader sees them: body paragraphs,
numbered as published, and text normalized for finding a quote in it.

How paragraphs are counted (docs/data-format.md says the same): paragraph 1 is the first
paragraph of the article's body; the headline, the standfirst, dates, bylines, image
credits and captions, advertisements, section headings, editors' notes and page
furniture (comment boxes, "More articles") are not paragraphs. Article 004 is stored
hard-wrapped with no paragraph breaks, so its citations carry no paragraph number: the
quote locates them.
"""

from __future__ import annotations

import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

FILES = {
    "snr-dragnet": "000_3ca340d7d5b557d6.txt",
    "gizmodo-dallas-clearview": "001_78f27b9ec7536b96.txt",
    "nbc6-south-florida-clearview": "002_b4d20b877f398dd3.txt",
    "nypd-clearview-emails": "003_1045aa6b6cc02dc7.txt",
    "pogo-amazon-ice": "004_cdddb324955b69b4.txt",
}

# Lines of each stored copy that are not body paragraphs (matched from the line's start).
_FURNITURE = {
    "snr-dragnet": [
        r"What a drag\(net\)$", r"Sacramento sheriff’s deputies use facial recognition",
        r"Gordon Johnson / Pixabay", r"This story has been updated",
    ],
    "gizmodo-dallas-clearview": [
        r"Illustration for article titled", r"Photo: ", r"Advertisement$", r"Correction:",
        r"Advantages of local domestic helper",
    ],
    "nbc6-south-florida-clearview": [
        r"Despite Concerns, Law Enforcement Use", r"NBC Universal, Inc\.", r"Contact Us$",
    ],
    "nypd-clearview-emails": [
        r"Thursday, November 30, 2023", r"The NYPD used the controversial Clearview",
        r"Must read$", r"NYPD Lied About Extent Of Relationship",
        r"NYPD is working closely with immigration law enforcement and officers have referred",
        r"Many agents have requested to use Clearview AI on their personal devices or through their personal email accounts$",
        r"- Advertisement -", r"More articles$", r"Please enter your", r"Latest article$",
    ],
}

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u00a0": " "})


def normalize(text: str) -> str:
    """Typographic quotes made plain, white space collapsed."""
    return " ".join(text.translate(_QUOTES).split())


def article_text(source_id: str) -> str:
    """The whole stored article, normalized."""
    return normalize((SEEDS / FILES[source_id]).read_text("utf-8"))


def paragraphs(source_id: str) -> list[str] | None:
    """The article's body paragraphs in order, normalized (None where not recoverable)."""
    if source_id not in _FURNITURE:
        return None
    furniture = [re.compile(p) for p in _FURNITURE[source_id]]
    lines = (SEEDS / FILES[source_id]).read_text("utf-8").splitlines()
    return [normalize(line) for line in lines
            if line.strip() and not any(f.match(line.strip()) for f in furniture)]


LOCATOR = re.compile(r"^paras? (\d+)(?:-(\d+))?$")


def located_text(source_id: str, locator: str | None) -> str:
    """The text a locator points at: its paragraph(s), or the whole article."""
    paras = paragraphs(source_id)
    m = LOCATOR.match(locator or "")
    if paras is None or not m:
        return article_text(source_id)
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    return " ".join(paras[lo - 1:hi])


if __name__ == "__main__":  # print the numbered paragraphs, for curators
    import sys

    for sid in sys.argv[1:] or FILES:
        print(f"== {sid}")
        for n, p in enumerate(paragraphs(sid) or [], 1):
            print(f"{n}: {p}")
