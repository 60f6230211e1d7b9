"""Editorial conventions in a quoted fragment: accepted, shown as such, never counted as differences.

* ``[Iraqi officials] do not want …`` — bracketed words standing for the article's ("They"): a
  *substitution*; ``He [Biden] said`` where the article has "He said": a *clarification*.
* ``[T]he``, ``government[s]`` — a letter changed or added inside a word: an *alteration*.
* ``[sic]`` — the writer's "this is as in the original": dropped before matching.
* ``[…]`` / ``[...]`` — an ellipsis, left to the elided check.
* A quote that starts or ends mid-sentence, and trailing punctuation inside or outside the marks
  (``troops,"`` where the article has ``troops.``), are noted once the fragment is found.

:func:`check_fragment` wraps :func:`~index.quotes.checker.check_quote` with these rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from index.models import Article, Editorial, Source, Verdict, VerdictKind
from index.quotes.checker import check_quote
from index.quotes.found import Found
from index.quotes.locate import locate, sentence_around
from index.quotes.messages import finish
from index.quotes.misattribution import attribute
from index.quotes.words import is_name, is_negation, is_number

MAX_SUBSTITUTED_WORDS = 6  # article words one bracketed insertion may stand for
MAX_SUBSTITUTED_CHARS = 60
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_ELLIPSIS_INSIDE = re.compile(r"^\s*(?:\.\s?\.\s?\.|…)\s*$")
_SIC = re.compile(r"^\s*sic!?\s*$", re.I)
_TRAILING = ",.;:!?"
_OPENERS = "\"'“‘«‹„(["
_CLOSERS = "\"'”’»›)]"


@dataclass(frozen=True)
class Edited:
    """A fragment with its brackets read: literal ``pieces`` and, before/between/after them, the gaps."""

    text: str  # the fragment with alterations applied and [sic] dropped (gaps shown as their bracket text)
    pieces: tuple[str, ...]  # literal runs around the substitution gaps (one piece when there is no gap)
    gaps: tuple[str, ...]  # gaps[k]: the bracket between pieces[k] and pieces[k + 1] ("" for none; the last is "")
    notes: tuple[Editorial, ...]  # sic / alteration notes

    @property
    def has_gaps(self) -> bool:
        return any(self.gaps)


def read_brackets(fragment: str) -> Edited:
    """Read the square brackets of ``fragment`` (see the module doc)."""
    notes: list[Editorial] = []
    pieces: list[str] = []
    gaps: list[str] = [""]
    current: list[str] = []
    cursor = 0
    for m in _BRACKET.finditer(fragment):
        inner = m.group(1)
        before = fragment[m.start() - 1] if m.start() else " "
        after = fragment[m.end()] if m.end() < len(fragment) else " "
        current.append(fragment[cursor : m.start()])
        cursor = m.end()
        if _ELLIPSIS_INSIDE.match(inner):
            current.append(m.group())
        elif _SIC.match(inner):
            notes.append(Editorial("sic", m.group()))
        elif inner and (before.isalnum() or after.isalnum()):  # [T]he, government[s]
            current.append(inner)
            notes.append(Editorial("alteration", m.group()))
        elif inner.strip():
            pieces.append("".join(current))
            current = []
            gaps.append("")
            gaps[-2] = m.group()
        else:
            current.append(m.group())
    current.append(fragment[cursor:])
    pieces.append("".join(current))
    # edges: a gap before the first piece / after the last one is recorded on the empty edge piece
    clean = [re.sub(r"\s+", " ", p).strip() for p in pieces]
    text = ""
    for k, p in enumerate(clean):
        text += (" " if text and p else "") + p
        if k < len(clean) - 1:
            text += (" " if text else "") + gaps[k]
    return Edited(re.sub(r"\s+", " ", text).strip(), tuple(clean), tuple(gaps), tuple(notes))


def _with_alterations(found: Found, notes: tuple[Editorial, ...], fragment: str) -> tuple[Editorial, ...]:
    """Alteration notes with the article's word each one stands for."""
    out: list[Editorial] = []
    a = found.article
    s, e = found.spans[0][0], found.spans[-1][1]
    for n in notes:
        if n.kind != "alteration":
            out.append(n)
            continue
        m = re.search(r"\w*" + re.escape(n.written) + r"\w*", fragment)
        word = m.group() if m else n.written
        plain = word.replace("[", "").replace("]", "")
        hit = re.search(r"\b" + re.escape(plain) + r"\b", a.text[s:e], re.I)
        out.append(Editorial("alteration", word, hit.group() if hit else ""))
    return tuple(out)


def _substituted(article: Article, pieces: Sequence[str], gaps: Sequence[str]) -> tuple[Found, list[Editorial]] | None:
    """Place the literal pieces in order, each bracket standing for the (few) article words around them."""
    text = article.text
    literal = [(k, p) for k, p in enumerate(pieces) if p]
    if not literal:
        return None
    occ = [locate(p, text) for _, p in literal]
    if not all(occ):
        return None
    for first in occ[0]:
        chain = [first]
        for hits in occ[1:]:
            nxt = next((h for h in hits if h[0] >= chain[-1][1]), None)
            if nxt is None or not _small_gap(text[chain[-1][1] : nxt[0]]):
                break
            chain.append(nxt)
        if len(chain) != len(occ):
            continue
        notes: list[Editorial] = []
        start, end = chain[0][0], chain[-1][1]
        chain_of = {idx: c for c, (idx, _) in enumerate(literal)}
        for g, gap in enumerate(gaps):  # gap g sits between piece g and piece g + 1
            if not gap:
                continue
            if g == 0 and not pieces[0]:  # before the first words: the article's words back to the clause start
                lo = _clause_start(text, start)
                words = text[lo:start].strip()
                start = lo if words else start
            elif g + 1 == len(pieces) - 1 and not pieces[-1]:  # after the last words
                hi = _clause_end(text, end)
                words = text[end:hi].strip()
                end = hi if words else end
            elif g in chain_of and g + 1 in chain_of:
                words = text[chain[chain_of[g]][1] : chain[chain_of[g + 1]][0]].strip()
            else:
                return None
            if not _may_stand_for(words, gap):
                return None
            notes.append(Editorial("substitution" if words else "clarification", gap, words))
        return Found(VerdictKind.EXACT, article, [(start, end)], similarity=1.0), notes
    return None


def _may_stand_for(words: str, bracket: str) -> bool:
    """Brackets may stand for a pronoun or a vague phrase, never for a different name, number or a negation."""
    said = {w.casefold() for w in re.findall(r"\w+", bracket)}
    for word in words.split():
        key = re.sub(r"^\W+|\W+$", "", word).casefold()
        if not key or key in said:
            continue
        if is_name(word, key) or is_number(key) or is_negation(key):
            return False
    return True


def _small_gap(between: str) -> bool:
    return len(between) <= MAX_SUBSTITUTED_CHARS and len(between.split()) <= MAX_SUBSTITUTED_WORDS and "\n" not in between


_CLAUSE_MARK = re.compile(r"[.!?;:,“”\"«»()\n—–]")


def _clause_start(text: str, start: int) -> int:
    """Start of the words the article has right before ``start`` in the same clause (a few at most)."""
    lo = max(0, start - MAX_SUBSTITUTED_CHARS)
    chunk = text[lo:start]
    marks = list(_CLAUSE_MARK.finditer(chunk))
    s = lo + marks[-1].end() if marks else lo
    words = text[s:start].split()
    if not marks or len(words) > MAX_SUBSTITUTED_WORDS:
        m = re.search(r"(\S+)\s*$", text[lo:start])
        return lo + m.start(1) if m else start
    return s + len(text[s:start]) - len(text[s:start].lstrip())


def _clause_end(text: str, end: int) -> int:
    """End of the few words the article has right after ``end`` in the same clause."""
    chunk = text[end : end + MAX_SUBSTITUTED_CHARS]
    m = _CLAUSE_MARK.search(chunk)
    stop = end + (m.start() if m else len(chunk))
    words = text[end:stop].split()
    if not m or len(words) > MAX_SUBSTITUTED_WORDS:
        w = re.match(r"\s*\S+", text[end:])
        return end + w.end() if w else end
    return end + len(text[end:stop].rstrip())


def _placement_notes(fragment: str, verdict: Verdict, articles: Sequence[Article]) -> tuple[Editorial, ...]:
    """Mid-sentence start / end and trailing punctuation moved inside or outside the marks."""
    if verdict.kind not in (VerdictKind.EXACT, VerdictKind.ELIDED) or not verdict.spans:
        return ()
    first, last = verdict.spans[0], verdict.spans[-1]
    text = next((a.text for a in articles if a.id == first.article_id), None)
    if text is None or last.article_id != first.article_id:
        return ()
    s, e = sentence_around(text, first.start, last.end)
    lead = text[s : first.start].rstrip()
    tail = text[last.end : e].lstrip().lstrip(",;:").lstrip()
    notes: list[Editorial] = []
    if lead and lead[-1] not in _OPENERS and lead[-1] not in ".!?:":
        notes.append(Editorial("starts_mid_sentence", "", _last_words(lead)))
    if tail and tail[0] not in _CLOSERS and tail[0] not in ".!?" and last.text.rstrip()[-1:] not in ".!?":
        notes.append(Editorial("ends_mid_sentence", "", _first_words(tail)))
    typed = fragment.rstrip()[-1:] if fragment.rstrip()[-1:] in _TRAILING else ""
    after = text[last.end : last.end + 1]
    actual = after if after in _TRAILING else ""
    if typed and typed != last.text[-1:] and typed != actual:
        notes.append(Editorial("punctuation", typed, actual))
    return tuple(notes)


def _last_words(text: str, n: int = 4) -> str:
    words = re.split(r"[.!?]\s", text)[-1].split()
    return ("… " if len(words) > n else "") + " ".join(words[-n:])


def _first_words(text: str, n: int = 4) -> str:
    words = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def describe(notes: Sequence[Editorial]) -> str:
    """One phrase for the notes that change how a quote reads: "with an editorial insertion: …"."""
    parts: list[str] = []
    for n in notes:
        if n.kind == "substitution":
            parts.append(f"{n.written} stands for ‘{n.actual}’")
        elif n.kind == "clarification":
            parts.append(f"{n.written} is the writer’s clarification (not in the article)")
        elif n.kind == "alteration":
            parts.append(f"{n.written} for ‘{n.actual}’" if n.actual else f"{n.written} (letters changed by the writer)")
        elif n.kind == "sic":
            parts.append("[sic] marks the original’s wording")
    if not parts:
        return ""
    return "with an editorial insertion: " + "; ".join(parts)


def explain(note: Editorial) -> str:
    """One line for an editorial convention found in a quote."""
    if note.kind == "substitution":
        return f"{note.written} stands for “{note.actual}” (editorial substitution)"
    if note.kind == "clarification":
        return f"{note.written} is the writer’s clarification; the article has nothing there"
    if note.kind == "alteration":
        return f"{note.written} for “{note.actual}” (letters changed by the writer)"
    if note.kind == "sic":
        return "[sic]: the writer marks the original’s wording"
    if note.kind == "starts_mid_sentence":
        return f"starts mid-sentence (the article has “{note.actual}” before it)"
    if note.kind == "ends_mid_sentence":
        return f"ends mid-sentence (the article goes on “{note.actual}”)"
    if note.kind == "punctuation":
        return f"“{note.written}” at the end is the writer’s punctuation" + (f" (the article has “{note.actual}”)" if note.actual else "")
    return note.kind


def check_fragment(
    fragment: str,
    articles: Sequence[Article],
    *,
    named_article_id: str | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    cite: Callable[[Article], Source] | None = None,
    **checker_kw: Any,
) -> Verdict:
    """Check one quoted fragment verbatim, accepting the writer's editorial conventions (module doc).

    ``checker_kw`` is passed on to :func:`~index.quotes.checker.check_quote` (e.g. ``attributed_to``
    once the checker judges attribution).
    """
    cite = cite or (lambda a: Source(number=1, article_id=a.id, meta=a.meta))
    kw: dict[str, Any] = {"named_article_id": named_article_id, "embed": embed, "cite": cite, **checker_kw}
    edited = read_brackets(fragment)
    if not edited.notes and not edited.has_gaps:
        result = check_quote(fragment, articles, **kw)
        return replace(result, editorial=_placement_notes(fragment, result, articles))
    # the brackets may be the article's own ("People's Army [KPA]"): the literal text first
    literal = check_quote(fragment, articles, **kw)
    if literal.kind is VerdictKind.EXACT:
        return replace(literal, editorial=_placement_notes(fragment, literal, articles))
    ordered = sorted(articles, key=lambda a: a.id != named_article_id)
    if edited.has_gaps:
        for a in ordered:
            placed = _substituted(a, edited.pieces, edited.gaps)
            if placed:
                found, gap_notes = placed
                notes = _with_alterations(found, edited.notes, fragment) + tuple(gap_notes)
                result = _editorial_verdict(fragment, found, notes, named_article_id, cite, articles)
                return attribute(result, articles, kw.get("attributed_to"), kw.get("quotations_of"))
        plain = re.sub(r"\s+", " ", " ".join(_BRACKET.sub(lambda m: m.group(1), edited.text).split()))
    else:
        plain = edited.text
    result = check_quote(plain, articles, **kw)
    result = replace(result, quote=fragment)
    if result.kind in (VerdictKind.EXACT, VerdictKind.ELIDED) and result.spans:
        art = next(a for a in articles if a.id == result.spans[0].article_id)
        found = Found(result.kind, art, [(s.start, s.end) for s in result.spans])
        notes = _with_alterations(found, edited.notes, fragment)
        return _editorial_verdict(fragment, found, notes, named_article_id, cite, articles, base=result)
    if literal.kind is not VerdictKind.NOT_FOUND:  # brackets as typed explain it best (they may be the article's)
        return replace(literal, editorial=edited.notes)
    return replace(result, editorial=edited.notes)


def _editorial_verdict(fragment: str, found: Found, notes: tuple[Editorial, ...], named: str | None,
                       cite: Callable[[Article], Source], articles: Sequence[Article],
                       base: Verdict | None = None) -> Verdict:
    result = base or finish(fragment, found, named, cite)
    said = describe(notes)
    message = result.message
    if said and message.startswith("Exact — "):
        message = f"Exact, {said} — " + message[len("Exact — "):]
    elif said:
        message = f"{message} ({said})"
    result = replace(result, quote=fragment, message=message)
    return replace(result, editorial=notes + _placement_notes(fragment, result, articles))
