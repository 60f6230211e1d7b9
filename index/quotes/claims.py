"""A pasted claim, read the way journalists write: quoted fragments, and the framing around them.

``Shapiro said "he acted with smarts" and "a full review" was promised`` has two *fragments* (the
words inside quotation marks, checked verbatim) and a *framing* (the words outside: who said it, and
the writer's own paraphrase). The framing is never aligned word by word with the article.

Quotation marks understood: straight ``"…"``, curly ``“…”``, low ``„…“``, guillemets ``«…»`` (and
``»…«``), single ``‘…’`` / ``'…'`` (never an apostrophe inside or at the end of a word), ``‹…›``; a
quote inside a quote stays part of the outer fragment (nested quotes). Lines starting with ``>``
(Discord/Markdown block quotes) are fragments too. With no quotation marks, the whole text is one
claim, as before.

``attributed_to`` is the speaker the writer names for a fragment: ``X said "…"``, ``"…," X said``,
``"…," said X``, ``"…" — X``, ``According to X, "…"``, ``X: "…"``. A bare pronoun ("he") names
nobody and gives ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.ingest.speakers import CUE, PRONOUNS

# opening mark -> the marks that close it (the same opener again nests, for the curly/angle forms)
_PAIRS: dict[str, str] = {"“": "”\"", "„": "“”", "«": "»", "»": "«", "‘": "’'", "‹": "›", "‚": "‘’"}
_STRAIGHT = "\"'"
_NESTING = "“«‘‹"
MAX_SPEAKER_WORDS = 7

# the article parser's speech verbs (index/ingest/speakers.py), and the phrases a pasted claim adds
REPORTING_VERBS = "is quoted as saying|was quoted as saying|has said|had said|puts it|put it|citing|according|" + CUE
_VERB = rf"(?:{REPORTING_VERBS})"
_NOT_SPEAKERS = PRONOUNS | frozenset(
    ["him", "her", "them", "his", "hers", "its", "one", "was", "were", "is", "are", "be", "been", "being", "has", "have", "had", "also", "then", "later", "that", "this"]
)
_LEAD = re.compile(r"^(?:and|but|then|so|while|as|when|yet|also|however|meanwhile)\s+", re.I)
_CLAUSE_BREAK = re.compile(r"[.;:!?\n]|—|–|\s-\s|,")


@dataclass(frozen=True)
class Fragment:
    """One quoted passage of a claim: ``claim[start:end]`` is ``text`` (the words inside the marks)."""

    text: str
    start: int
    end: int
    attributed_to: str | None = None
    block: bool = False  # a ``>`` block-quote line rather than quotation marks


@dataclass(frozen=True)
class Claim:
    """A pasted claim: its quoted fragments (none: the whole text is one claim) and the framing."""

    text: str
    fragments: tuple[Fragment, ...]
    framing: str  # the words outside the quotation marks, each fragment shown as “…”

    @property
    def quoted(self) -> bool:
        """Whether the claim has quotation marks (else the whole text is checked as one quote)."""
        return bool(self.fragments)

    @property
    def attributed_to(self) -> str | None:
        """The one speaker named for the fragments (None when none, or when they differ)."""
        names = {f.attributed_to for f in self.fragments}
        return names.pop() if len(names) == 1 else None


# -- finding the marks ----------------------------------------------------------------------------


def _straight_opens(text: str, i: int) -> bool:
    """A straight mark at ``i`` can open a quote: start of text or after space/bracket/dash, before a non-space."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] == "'" and before.isalnum():
        return False  # an apostrophe: don't, the troops'
    return (before.isspace() or before in "([{—–-:,/") and not after.isspace()


def _closes(text: str, i: int) -> bool:
    """A mark at ``i`` can close a quote: after a non-space, before space/punctuation/end."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] == "'" and after.isalnum():
        return False
    return not before.isspace() and (after.isspace() or not after.isalnum())


def quote_ranges(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the inside of each outermost quotation in ``text`` (marks excluded)."""
    ranges: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _PAIRS or (ch in _STRAIGHT and _straight_opens(text, i)):
            end = _find_close(text, i)
            if end is not None:
                ranges.append((i + 1, end))
                i = end + 1
                continue
            if ch in '"“«„' and len(text[i + 1 :].split()) >= 3:  # an unclosed double quote runs to the end
                ranges.append((i + 1, len(text.rstrip())))
                break
        i += 1
    return [(s, e) for s, e in ranges if text[s:e].strip()]


def _find_close(text: str, i: int) -> int | None:
    opener = text[i]
    closers = _PAIRS.get(opener, opener)
    depth = 0
    for j in range(i + 1, len(text)):
        ch = text[j]
        if opener in _NESTING and ch == opener:
            depth += 1
            continue
        if ch in closers and (opener not in _STRAIGHT or _closes(text, j)):
            if opener == "‘" and ch == "’" and j + 1 < len(text) and text[j + 1].isalnum():
                continue  # an apostrophe inside a word: ‘it’s …’
            if depth:
                depth -= 1
                continue
            return j
        if opener == "'" and ch == "\n":
            return None
    return None


_BLOCK = re.compile(r"^[ \t]*>[ \t]?(.*)$", re.M)


def _block_ranges(text: str) -> list[tuple[int, int]]:
    """Consecutive ``>`` lines as one passage each: ``(start, end)`` of the text after the markers."""
    ranges: list[tuple[int, int]] = []
    for m in _BLOCK.finditer(text):
        s, e = m.start(1), m.end(1)
        if not text[s:e].strip():
            continue
        if ranges and text[ranges[-1][1] : m.start()].strip() in ("", ">"):
            ranges[-1] = (ranges[-1][0], e)
        else:
            ranges.append((s, e))
    return ranges


# -- who the writer says said it -------------------------------------------------------------------


def _clean_speaker(words: str) -> str | None:
    words = _LEAD.sub("", words.strip(" \t\n,;:—–-\"'“”‘’«»()"))
    words = re.sub(r"\s+", " ", words).strip()
    if _LEAD.match(words + " "):
        return None
    words = _without_time_phrase(words)
    if words.lower().startswith("said "):
        words = words[5:]
    if not words or len(words.split()) > MAX_SPEAKER_WORDS or words.lower() in _NOT_SPEAKERS:
        return None
    if not any(c.isalpha() for c in words):
        return None
    return words


_TIME_LEAD = frozenset(["on", "in", "at", "after", "before", "during", "last", "this", "yesterday", "today", "earlier"])


def _without_time_phrase(words: str) -> str:
    """``On Monday the Kremlin`` -> ``the Kremlin``: a leading time or place phrase is not the speaker."""
    toks = words.split()
    if len(toks) < 2 or toks[0].lower() not in _TIME_LEAD:
        return words
    if toks[0].lower() in ("yesterday", "today", "earlier"):
        return " ".join(toks[1:])
    det = next((i for i, t in enumerate(toks[1:], 1) if t.lower() in ("the", "a", "an")), None)
    return " ".join(toks[det:] if det else toks[2:])


def _after_speaker(after: str) -> str | None:
    """``, X said`` / ``, said X`` / ``— X`` right after a closing mark."""
    after = after.split("\n", 1)[0]
    if re.match(r"^\s*[,.]?\s*(?:and|but|while|as|whereas|or)\b", after, re.I):
        return None  # a new clause begins: `"…" and Reuters said "…"` names the next fragment's speaker
    m = re.match(r"^\s*[,.]?\s*(?:—|–|--|-|~)\s*([^,.;:!?()\"“”«»]+)", after)
    if m:
        return _clean_speaker(m.group(1))
    m = re.match(rf"^\s*[,.!?]?\s*(?:{_VERB})\s+([^,.;:!?\"“”«»]+)", after, re.I)
    if m and not re.match(r"^\s*[,.!?]?\s*according\b", after, re.I):
        who = re.split(r"\s+(?:in|on|at|to|during|after|before|when|while|of|last|this|yesterday|today)\b", m.group(1))[0]
        return _clean_speaker(who)
    m = re.match(rf"^\s*[,.!?]?\s*([^,.;:!?\"“”«»]+?)\s+(?:{_VERB})\b", after, re.I)
    if m:
        return _clean_speaker(m.group(1))
    return None


def _before_speaker(before: str) -> str | None:
    """``X said "`` / ``According to X, "`` / ``X: "`` right before an opening mark."""
    lines = [line for line in before.split("\n") if line.strip(" >\t")]
    tail = lines[-1] if lines else ""
    m = re.search(r"according to\s+([^,.;:!?\"“”«»]+?)\s*,?\s*$", tail, re.I)
    if m:
        return _clean_speaker(m.group(1))
    m = re.search(rf"(?:^|[.;!?]\s|,\s|\band\s)?([^.;!?\"“”«»]*?)\s+(?:{_VERB})(?:\s+(?:that|it|this|them|him|her))?"
                  rf"(?:\s+[^,.;:!?\"“”«»]{{0,40}}?)?\s*[,:]?\s*$", tail, re.I)
    if m:
        who = _CLAUSE_BREAK.split(m.group(1))[-1]
        return _clean_speaker(who)
    m = re.search(r"(?:^|[.;!?]\s)([^.;!?:\"“”«»]+):\s*$", tail)
    if m:
        return _clean_speaker(m.group(1))
    return None


def _attribute(text: str, ranges: list[tuple[int, int]]) -> list[str | None]:
    """The speaker the writer names for each fragment; a name carries over to the fragments of its sentence."""
    found: list[str | None] = []
    for k, (s, e) in enumerate(ranges):
        prev_end = ranges[k - 1][1] + 1 if k else 0
        next_start = ranges[k + 1][0] - 1 if k + 1 < len(ranges) else len(text)
        before = text[prev_end : max(prev_end, s - 1)]
        after = text[min(e + 1, next_start) : next_start]
        found.append(_after_speaker(after) or _before_speaker(before))
    # a speaker named once in a sentence applies to its other fragments (He said "a" and "b")
    for k in range(len(found)):
        if found[k] is None:
            for j in (k - 1, k + 1):
                if 0 <= j < len(found) and found[j] and not _sentence_ends_between(text, ranges, min(j, k)):
                    found[k] = found[j]
                    break
    return found


def _sentence_ends_between(text: str, ranges: list[tuple[int, int]], k: int) -> bool:
    """Whether a sentence ends between fragment ``k`` and the next (inside the first one's marks or after)."""
    (_, e), (s, _) = ranges[k], ranges[k + 1]
    return bool(re.search(r"[.!?]\s*$", text[:e]) or re.search(r"[.!?\n]\s", text[e + 1 : s - 1]))


# -- the claim ---------------------------------------------------------------------------------------


def parse_claim(text: str) -> Claim:
    """Split ``text`` into its quoted fragments (with their speakers) and the framing around them."""
    ranges = sorted(set(_block_ranges(text)))
    blocks = set(ranges)
    taken = list(ranges)
    for s, e in quote_ranges(text):
        if not any(bs <= s < be for bs, be in blocks):
            taken.append((s, e))
    taken.sort()
    # a block line that is itself fully quoted: keep the inner quotation only
    ranges = [r for r in taken if not (r in blocks and any(o != r and r[0] <= o[0] and o[1] <= r[1] + 1 for o in taken))]
    if not ranges:
        return Claim(text, (), text.strip())
    trimmed: list[tuple[int, int]] = []
    for s, e in ranges:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        trimmed.append((s, e))
    speakers = _attribute(text, trimmed)
    fragments = []
    for (s, e), who in zip(trimmed, speakers):
        block = any(b[0] <= s < b[1] for b in blocks)
        words = re.sub(r"\n[ \t]*>[ \t]?", "\n", text[s:e]) if block else text[s:e]
        fragments.append(Fragment(words, s, e, who, block=block))
    return Claim(text, tuple(fragments), framing_of(text, tuple(fragments)))


def framing_of(text: str, fragments: tuple[Fragment, ...]) -> str:
    """The text outside the fragments, each fragment (with its marks) shown as “…”."""
    out: list[str] = []
    cursor = 0
    for f in fragments:
        s, e = f.start, f.end
        if not f.block:  # swallow the marks around the fragment
            s = s - 1 if s > 0 and not text[s - 1].isalnum() else s
            e = e + 1 if e < len(text) and not text[e].isalnum() else e
        else:
            s = text.rfind(">", 0, s)
        out.append(text[cursor:s])
        out.append("“…”")
        cursor = e
    out.append(text[cursor:])
    return re.sub(r"[ \t]+", " ", "".join(out)).strip()


def words_outside(claim: Claim) -> str:
    """The framing without its placeholders and without the attribution (speaker and reporting verb)."""
    rest = claim.framing.replace("“…”", " ")
    for who in {f.attributed_to for f in claim.fragments if f.attributed_to}:
        rest = re.sub(re.escape(who), " ", rest, flags=re.I)
    rest = re.sub(rf"\baccording to\b|\b(?:{_VERB})\b", " ", rest, flags=re.I)
    return re.sub(r"\s+", " ", rest).strip(" ,.;:—–-")
