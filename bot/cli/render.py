"""Rendering engine results for the terminal (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from index.models import AddResult, Answer, ArticleInfo, ClaimCheck, SaidBy, Verdict, VerdictKind
from index.quotes.editorial import explain

VERDICT_STYLE = {
    VerdictKind.EXACT: "bold green",
    VerdictKind.ELIDED: "green",
    VerdictKind.NEAR_MISS: "bold yellow",
    VerdictKind.STITCHED: "bold red",
    VerdictKind.OTHER_ARTICLE: "yellow",
    VerdictKind.PARAPHRASE: "magenta",
    VerdictKind.UNSUPPORTED: "bold magenta",
    VerdictKind.NOT_FOUND: "bold red",
    VerdictKind.TOO_SHORT: "dim",
    VerdictKind.MISATTRIBUTED: "bold red",
}


def render_answer(console: Console, answer: Answer) -> None:
    """Quotes with their citation numbers, then the numbered sources."""
    console.print(Text(f"Q: {answer.question}", style="bold"))
    if answer.abstained:
        console.print(Text(answer.reason or "The stored articles do not answer this question.", style="yellow"))
        if answer.related is not None:
            source = next((s for s in answer.sources if s.number == answer.related.citation), None)
            console.print(Text("  Related, but it does not answer: ", style="dim"),
                          Text(answer.related.text, style="dim italic"),
                          Text(f"  ({source.label()})" if source else "", style="dim"))
        return
    if answer.prose:
        console.print(Text(answer.prose))
    for quote in answer.quotes:
        line = Text("  “", style="cyan")
        line.append(quote.text, style="cyan")
        line.append("” ", style="cyan")
        line.append("".join(f"[{n}]" for n in quote.citations), style="bold")
        line.append(f" ¶{quote.paragraph}", style="dim")
        if quote.corrected:
            line.append(" (quote corrected)", style="yellow")
        console.print(line)
    for notice in answer.notices:
        console.print(Text(f"  note: {notice}", style="yellow"))
    console.print(Text("Sources:", style="bold"))
    for source in answer.sources:
        console.print(Text(f"  [{source.number}] {source.label()}  (id {source.article_id})"))


def render_verdict(console: Console, verdict: Verdict) -> None:
    """The verdict, the cited source with paragraph, and the word diff."""
    style = VERDICT_STYLE.get(verdict.kind, "bold")
    console.print(Text(verdict.kind.value.replace("_", " ").upper(), style=style), Text(verdict.message))
    if verdict.spans:
        console.print(Text("Article says: ", style="bold"), Text(" … ".join(f"“{s.text}”" for s in verdict.spans)))
    for note in verdict.editorial:
        console.print(Text(f"  ✎ {explain(note)}", style="cyan"))
    if verdict.unsupported:
        console.print(Text("  ⚠ not in the source sentence: " + ", ".join(verdict.unsupported), style="bold magenta"))
    if verdict.diff and verdict.kind is not VerdictKind.EXACT:
        console.print(Text("Diff (quote → article): ", style="bold"), diff_text(verdict))
    for change in verdict.critical:
        console.print(Text(f"  ⚠ {change.kind} changed: “{change.quoted}” → “{change.actual}”", style="bold red"))
    if verdict.speaker or verdict.attributed_to:
        said = Text("Said by (the article): ", style="bold")
        said.append(verdict.speaker or "no one named (not a quotation in the article)")
        if verdict.attributed_to:
            said.append(f"   ·   you named: {verdict.attributed_to}")
        console.print(said)
    if verdict.context is not None:
        label = "Closest sentence (not a match): " if verdict.kind is VerdictKind.NOT_FOUND else "Context: "
        console.print(Text(label, style="bold"), Text(verdict.context.text, style="dim"))
    if verdict.source is not None:
        where = f", ¶{verdict.paragraph}" if verdict.paragraph else ""
        console.print(Text(f"Source: {verdict.source.label()}{where}  (id {verdict.source.article_id})"))


def render_claim(console: Console, claim: ClaimCheck) -> None:
    """A pasted claim: one verdict per quoted fragment (who it was attributed to), then the framing."""
    if len(claim.fragments) == 1 and not claim.framing:
        render_verdict(console, claim.fragments[0].verdict)
        return
    style = VERDICT_STYLE.get(claim.kind, "bold")
    console.print(Text(claim.kind.value.replace("_", " ").upper(), style=style), Text(claim.message))
    for n, fragment in enumerate(claim.fragments, 1):
        who = f" — attributed to {fragment.attributed_to}" if fragment.attributed_to else ""
        console.print(Text(f"[{n}] “{fragment.text}”{who}", style="bold"))
        render_verdict(console, fragment.verdict)
    if claim.framing:
        console.print(Text("Framing (the writer’s words, not checked word for word): ", style="bold"), Text(claim.framing))


def diff_text(verdict: Verdict) -> Text:
    """Word diff from the quote to the article: ``[-only in your quote-]`` ``{+only in the article+}``."""
    text = Text()
    for op in verdict.diff:
        if op.op == "equal":
            text.append(op.actual + " ")
            continue
        if op.quoted:
            text.append(f"[-{op.quoted}-]", style="red")
            text.append(" ")
        if op.actual:
            text.append(f"{{+{op.actual}+}}", style="green bold")
            text.append(" ")
    return text


def render_added(console: Console, result: AddResult, label: str = "") -> None:
    prefix = f"{label}: " if label else ""
    console.print(Text(f"{prefix}{result.message} [{result.status.value}, {result.chunks} chunks]"))


def sources_table(infos: list[ArticleInfo]) -> Table:
    table = Table("id", "title", "outlet", "published", "chunks", title=f"{len(infos)} article(s)")
    for info in infos:
        cells = (info.article_id, info.meta.title, info.meta.outlet or "", str(info.meta.published or ""), str(info.chunks))
        table.add_row(*(Text(cell) for cell in cells))  # Text: a title like "[/x]" is not markup
    return table


def render_said(console: Console, said: SaidBy) -> None:
    """What a person said: each quotation with its citation and paragraph, then the sources."""
    about = f" about “{said.topic}”" if said.topic else ""
    if not said.quotes:
        console.print(Text(f"No direct quotations attributed to {said.person}{about} in the articles.", style="yellow"))
        return
    shown = f"{len(said.quotes)} of {said.total}" if said.total > len(said.quotes) else str(said.total)
    console.print(Text(f"{said.person}{about}: {shown} quotation(s), newest first", style="bold"))
    for q in said.quotes:
        line = Text("  “", style="cyan")
        line.append(q.text, style="cyan")
        line.append("” ", style="cyan")
        line.append(f"[{q.citation}]", style="bold")
        line.append(f" ¶{q.paragraph} — {q.speaker}" + (f", {q.cue}" if q.cue else ""), style="dim")
        console.print(line)
    console.print(Text("Sources:", style="bold"))
    for source in said.sources:
        console.print(Text(f"  [{source.number}] {source.label()}  (id {source.article_id})"))
