"""Do two ways of naming someone name the same speaker? Tolerant of titles, first names and descriptions.

"Trump", "Donald Trump", "Mr. Trump" and "President Donald J. Trump" match; "Eric Trump" and
"Donald Trump" do not; "government official" matches "an unnamed government official";
"Reuters" does not match "a government official". Pronouns match nothing but themselves.
"""

from __future__ import annotations

import re
import unicodedata

from index.ingest.speakers import PRONOUNS  # the one list of words that stand for a speaker


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TITLES = _words("""mr mrs ms miss dr sen senator rep representative gov governor president vice secretary prof
professor gen general lt col sgt minister prime chancellor judge justice rev sir lady lord mayor speaker chairman
chairwoman former candidate nominee jr sr""")
_FILLER = _words("""a an the unnamed anonymous one some of and for in at to s""")


def name_words(name: str) -> frozenset[str]:
    """The words that identify a speaker: lower case, no accents, no titles, determiners or initials."""
    plain = unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"\([^)]*\)", " ", plain)  # (R-S.C.)
    words = re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", plain)
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    return frozenset(w for w in words if w not in _TITLES and w not in _FILLER and len(w) > 1)


def same_speaker(a: str | None, b: str | None) -> bool:
    """Do ``a`` and ``b`` name the same speaker (one's identifying words all among the other's)?"""
    if not a or not b:
        return False
    if a.strip().lower() in PRONOUNS or b.strip().lower() in PRONOUNS:
        return a.strip().lower() == b.strip().lower()
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    return wa <= wb or wb <= wa
