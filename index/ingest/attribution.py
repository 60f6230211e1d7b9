"""Who said it: the direct quotations of an article, each with its speaker and cue verb (rule-based).

For every passage between quotation marks (index/ingest/quotemarks.py) the attribution is looked
for in the rest of its sentence:

* after the quote: ``“…,” X said`` / ``“…,” said X`` / ``“…,” X told reporters`` / ``“…” — X``;
* before it: ``X said: “…”`` / ``X called it “…”`` / ``According to X, “…”``;
* none: a quote that goes on from an attributed one (``“…,” he said. “…”``, or the next
  paragraph) has the same speaker.

The speaker is the mention as written (``mention``: "Trump", "he", "the spokesman") and the
person it stands for (``speaker``): a surname completed from the article's first full mention,
"he"/"she" resolved to the nearest named speaker or name before it, "the spokesman" to the
name the article gave that description; otherwise the description itself ("an unnamed
government official"). Passages with no attribution are kept only when long enough to be a
quotation rather than a title or scare quote. Offsets are those of the article text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.ingest.quotemarks import Marked, marked_passages, paragraphs
from index.ingest.speakers import CUE, is_name, resolve, valid_mention

VERSION = 1  # bump when the rules change: stored attributions of an older version are recomputed
MIN_UNATTRIBUTED_WORDS = 4  # an unattributed passage this long is a quotation, not a title or a scare quote
MIN_WORDS = 3  # “loser”, a “total lightweight”: one or two words are scare quotes, not quotations

_CUE_RE = re.compile(rf"\b{CUE}\b", re.IGNORECASE)
_FILLER = r"(?:(?:also|later|then|again|once|previously|recently|had|has|have|would|will|has\s+since|\w+ly)\s+)*"
_AFTER_SPEAKER_FIRST = re.compile(rf"^(?P<spk>[^“”\"!?;]{{1,160}}?)\s+{_FILLER}(?P<cue>{CUE})\b(?P<rest>.*)$",
                                  re.IGNORECASE | re.DOTALL)
_AFTER_CUE_FIRST = re.compile(rf"^(?P<cue>{CUE})\s+(?P<spk>.+)$", re.IGNORECASE | re.DOTALL)
_INVERTED = re.compile(r"^[^“”\"]*?,\s+(?P<cue>said|says|added|wrote|writes|asked|explained|continued)\s+(?P<spk>.+)$",
                       re.IGNORECASE | re.DOTALL)
_DASH = re.compile(r"^\s*[—–]\s*(?P<spk>[^.\n]{2,80})")
_NOT_AFTER_ABBREVIATION = r"(?<!\b[A-Z])(?<!\bMr|\bMs|\bDr|\bSt|\bJr|\bSr)(?<!\bMrs|\bSen|\bRep|\bGov|\bGen|\bSgt|\bCol)"
_BOUNDARY = re.compile(rf"{_NOT_AFTER_ABBREVIATION}[.!?]['’)]*\s+(?=[A-Z0-9“\"‘'(])")
_END_OF_NP = re.compile(rf"\s*(?:[,;:(\[]|{_NOT_AFTER_ABBREVIATION}\.(?:\s|$)|\s(?:who|which|in|on|at|during|after|"
                        r"before|when|while|as|to|from|that|and|but|because|about|last|this|earlier|told|said)\b|$)")


@dataclass(frozen=True)
class Quotation:
    """A direct quotation in an article: ``text[start:end]`` (inside the marks), who said it, the cue verb."""

    start: int
    end: int
    speaker: str | None  # the person (or the description the article gives); None: unattributed
    mention: str | None = None  # as written where it is attributed: "he", "Trump", "the spokesman"
    cue: str | None = None  # "said", "told", "according to", …
    inherited: bool = False  # attributed through the quotation it continues


def quotations(text: str) -> list[Quotation]:
    """The direct quotations of an article text, in order, each with its attribution (see the module doc)."""
    marked = marked_passages(text)
    pars = paragraphs(text)
    found: list[Quotation] = []
    previous: tuple[Marked, Quotation] | None = None
    for m in marked:
        ps, pe = pars[m.paragraph]
        before_start = max(ps, _last_boundary(text, ps, m.start))
        if previous is not None and previous[0].paragraph == m.paragraph:
            before_start = max(before_start, previous[0].end + 1)
        mention, cue = _attribution(text, m, before_start, pe)
        inherited = False
        if mention is None and previous is not None and previous[1].mention is not None and _continues(
                text, previous[0], m, before_start, ps):
            mention, cue, inherited = previous[1].mention, previous[1].cue, True
        if mention is None and m.paragraph and not text[ps:m.start - 1].strip():
            mention, cue = _introduced(text, pars[m.paragraph - 1])  # "Viguerie tells Breitbart News:\n\n“…”"
        if inherited and previous is not None:
            speaker = previous[1].speaker
        else:
            speaker = resolve(text, mention, m.start - 1, found) if mention else None
        quote = Quotation(m.start, m.end, speaker, mention, cue.lower() if cue else None, inherited)
        if mention is not None or previous is None or previous[0].paragraph != m.paragraph:
            previous = (m, quote)  # a short attributed passage still attributes what follows it
        words = len(text[m.start:m.end].split())
        if words >= MIN_WORDS and (mention is not None or words >= MIN_UNATTRIBUTED_WORDS):
            found.append(quote)
    return found


def _introduced(text: str, paragraph: tuple[int, int]) -> tuple[str | None, str | None]:
    """The speaker a paragraph with no quotation introduces in its last sentence, for the quotation after it."""
    ps, pe = paragraph
    if _MARK.search(text, ps, pe):
        return None, None
    return _before(text[_last_boundary(text, ps, pe):pe])


def _continues(text: str, earlier: Marked, later: Marked, before_start: int, paragraph_start: int) -> bool:
    """Does ``later`` go on from ``earlier`` (same paragraph, or it opens the next paragraph)?"""
    if earlier.paragraph == later.paragraph:  # he said “…” and “…” / “…,” he said. “…” (the news convention)
        return True
    return later.paragraph == earlier.paragraph + 1 and not text[paragraph_start:later.start - 1].strip()


def _last_boundary(text: str, start: int, end: int) -> int:
    """Where the sentence holding ``end`` starts (not before ``start``)."""
    at = start
    for m in _BOUNDARY.finditer(text, start, max(start, end)):
        at = m.end()
    return at


def _attribution(text: str, m: Marked, before_start: int, paragraph_end: int) -> tuple[str | None, str | None]:
    """``(mention, cue)`` of a quoted passage from the rest of its sentence, or ``(None, None)``."""
    after = text[m.end + 1:paragraph_end] if m.closed else ""
    dash = _DASH.match(after)
    spk = _np(dash.group("spk")) if dash else None
    if spk and is_name(spk) and valid_mention(spk):
        return spk, "—"
    if m.closed and not text[m.start:m.end].rstrip("’'\u00a0 ").endswith("."):  # “….” ends the sentence
        found = _after(after)
        if found[0]:
            return found
    return _before(text[before_start:max(before_start, m.start - 1)])


def _after(after: str) -> tuple[str | None, str | None]:
    """``“…,” X said`` / ``“…,” said X``."""
    if re.match(r"^\s*[.!?;:]|^\s*[“\"]", after) or not after.strip():
        return None, None  # the sentence (or the next quotation) starts here
    after = _first_sentence(after.lstrip(" ,\u00a0"))
    inverted = _INVERTED.match(after)  # "…" that X is Y, said Steve Elmendorf, a strategist
    if inverted and (spk := _np(inverted.group("spk"))) and is_name(spk) and valid_mention(spk):
        return spk, inverted.group("cue")
    first = _AFTER_SPEAKER_FIRST.match(after)
    if first and valid_mention(_appositive_head(first.group("spk"))):
        return _appositive_head(first.group("spk")), first.group("cue")
    cue_first = _AFTER_CUE_FIRST.match(after)
    if cue_first:
        spk = _np(cue_first.group("spk"))
        if spk and valid_mention(spk):
            return spk, cue_first.group("cue")
    return None, None


def _before(segment: str) -> tuple[str | None, str | None]:
    """``X said: “…”`` / ``X called it “…”`` / ``According to X, “…”`` / ``…, said X: “…”``."""
    cues = list(_CUE_RE.finditer(segment))
    for cue in reversed(cues):
        word = cue.group().lower()
        tail = segment[cue.end():]
        if word == "according to":
            spk = _np(tail)
            if spk and valid_mention(spk):
                return spk, "according to"
            continue
        spk = _np(tail)
        only_a_name = tail.rstrip().endswith((",", ":")) and tail.strip().rstrip(",:").strip() == spk
        if spk and only_a_name and word not in _LISTENER_CUES and spk[:1].isupper() and valid_mention(spk):
            return spk, cue.group()  # "…, said Sen. Graham: “…”"
        head = _np_before(segment[:cue.start()], participle=word.endswith("ing"))
        if head:
            return head, cue.group()
    if cues:  # "Clinton seemed ready to riff on it, telling the crowd, “…”": the sentence's subject
        subject = _SUBJECT_FIRST.match(segment.lstrip())
        if subject and valid_mention(subject.group(1)) and subject.group(1).split()[0] not in ("The", "A", "An"):
            return subject.group(1), cues[-1].group()
    return None, None


def _first_sentence(text: str) -> str:
    m = _BOUNDARY.search(text)
    return text[: m.start() + 1] if m else text


def _np(text: str) -> str | None:
    """The noun phrase at the start of ``text`` (up to a comma, a full stop, a relative clause, …)."""
    text = text.strip()
    m = _END_OF_NP.search(text, 1)
    phrase = text[: m.start()] if m else text
    phrase = phrase.strip(" \u00a0—–-")
    return phrase if 0 < len(phrase.split()) <= 10 else None


_SUBJECT_FIRST = re.compile(r"((?:[A-Z][\w’'-]*\s+|[A-Z][a-z]{0,2}\.\s+){0,3}[A-Z][\w’'-]+)(?=[\s,])")
_CLAUSE = re.compile(r"^(?:[A-Z][\w’'.-]*\s+)+(?!of\b|and\b|for\b|from\b|at\b|in\b|on\b|de\b|al\b)[a-z]+s\s+(.+)$")
_MARK = re.compile(r"[“”\"«»]")
_LISTENER_CUES = frozenset({"told", "tells", "telling", "asked", "asks", "asking", "called", "calls", "calling"})
_LEADING = re.compile(r"^(?:(?:and|but|so|yet|then|while|as|because|when|that|which|whom|where|though|although|"
                      r"if|after|before|also|even)\s+)+", re.IGNORECASE)
_TRAILING = re.compile(rf"\s+{_FILLER}$", re.IGNORECASE)


def _np_before(text: str, participle: bool = False) -> str | None:
    """The subject right before a cue verb: ``In a statement, the White House`` -> ``the White House``."""
    text = _TRAILING.sub("", " " + re.sub(r"\s*\([^)]*\)", "", text).rstrip()).strip()
    chunks = [_LEADING.sub("", c.strip()) for c in re.split(r"[,;:()—–]", text)]
    if participle and chunks and (obj := _CLAUSE.match(chunks[-1])) and valid_mention(obj.group(1)):
        return obj.group(1)  # "Reuters cites officials saying": the officials say it
    for k in range(len(chunks) - 1, -1, -1):
        chunk = chunks[k]
        if k and chunk.split()[:1] in (["a"], ["an"], ["the"]) and is_name(chunks[k - 1]) \
                and valid_mention(chunks[k - 1]):
            return chunks[k - 1]  # "Tad Devine, a senior strategist, argued": the name, not the description
        if chunk.lower().startswith(("who ", "whose ", "speaking", "in ", "on ", "at ", "during ")):
            continue  # "Trump, who leads in delegates, said" / "Trump, in Kentucky, said"
        if chunk and len(chunk.split()) <= 10 and valid_mention(chunk):
            return chunk
        clause = chunk and not chunk[:1].isupper() and chunk.split()[0].lower() not in ("the", "a", "an")
        if clause and (any(w[:1].isupper() for w in chunk.split()[1:]) or len(chunk.split()) > 3):
            return None  # a clause, not an appositive: no subject here
    return None


def _appositive_head(spk: str) -> str:
    """``Tad Devine, a senior strategist for Sanders`` -> ``Tad Devine``; a description is kept whole."""
    spk = _LEADING.sub("", spk.strip(" ,\u00a0"))
    head = spk.split(",")[0].strip()
    return head if head[:1].isupper() or "," not in spk else spk


# storing ----------------------------------------------------------------------------------------


def to_json(found: list[Quotation]) -> str:
    """The quotations as stored with an article (compact JSON with the rules' version)."""
    rows = [[q.start, q.end, q.speaker, q.mention, q.cue, int(q.inherited)] for q in found]
    return json.dumps({"v": VERSION, "q": rows}, ensure_ascii=False, separators=(",", ":"))


def from_json(value: str | None) -> list[Quotation] | None:
    """Stored quotations, or None when absent or made by older rules (then recompute them)."""
    if not value:
        return None
    try:
        data = json.loads(value)
        if data.get("v") != VERSION:
            return None
        return [Quotation(int(s), int(e), spk, men, cue, bool(inh)) for s, e, spk, men, cue, inh in data["q"]]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def at_span(found: Sequence[Quotation], start: int, end: int) -> Quotation | None:
    """The quotation that holds most of ``[start, end)``, if one holds at least half of it."""
    best, best_overlap = None, 0
    for q in found:
        overlap = min(end, q.end) - max(start, q.start)
        if overlap > best_overlap:
            best, best_overlap = q, overlap
    return best if best is not None and best_overlap * 2 >= max(end - start, 1) else None


__all__ = ["Quotation", "at_span", "from_json", "quotations", "to_json"]
