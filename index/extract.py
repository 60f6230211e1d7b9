"""Turn pasted text, Markdown, HTML and PDF into the exact text QuoteDesk stores.

Every ``extract_*`` function returns an :class:`~index.models.ExtractedDocument`
whose ``text`` is **exactly** what is stored, chunked and quoted. The rules are
the same for every format:

* newlines are ``\\n`` (``\\r\\n`` and ``\\r`` are converted);
* spaces and tabs at the end of a line are removed, and the whole text is
  stripped at both ends;
* paragraphs are separated by exactly one blank line (``"\\n\\n"``); lines
  inside a paragraph keep their single ``\\n``;
* everything else is kept as it is: curly quotes, dashes, non-breaking spaces
  inside a line, accents. Nothing is retyped.

Errors carry a message fit to show a user:

* :class:`~index.errors.BadInput` — empty text, a binary file, an unreadable
  PDF, an unsupported type;
* :class:`~index.errors.NotAnArticle` — a web page or file with no article
  body (navigation only, a paywall stub, too short, a scanned PDF).

Plain text (``extract_text``)
    If the first non-empty line is short (under 150 characters), does not end
    with a period and is followed by a blank line, it is the **title**: it goes
    into ``meta.title`` and is *not* part of the stored body. A paragraph right
    after it that is only a dateline — ``"Orinoco Tribune, November 1, 2023 —"``,
    ``"By Jane Doe, Reuters, 1 Nov 2023"``, ``"November 1, 2023"`` — fills
    ``outlet`` / ``author`` / ``published`` and is also left out of the body.
    A trailing comment form copied along with the article (``"Leave a Reply"``
    … ``"Your email address will not be published. Required fields are marked
    *"``) is dropped. Without a detectable title, the title is the first line
    (shortened) and the whole text is the body.

Markdown (``extract_markdown``)
    Parsed with markdown-it-py (CommonMark); the markup is removed, the text of
    paragraphs, headings, list items, quotes and code blocks is kept. The first
    ``# `` heading is the title (left out of the body). A simple YAML-like front
    matter block (``title:``, ``date:``, ``author:``, ``outlet:``/``source:``,
    ``url:``) fills the metadata and is left out.

HTML (``extract_html``)
    trafilatura (precision-oriented, comments off, tables on) finds the main
    text and the metadata: title, author, date, site name (-> outlet),
    canonical URL. Paragraph structure comes from trafilatura's XML tree, so
    each ``<p>``, heading, quote and list becomes its own paragraph; a leading
    headline equal to the title is left out of the body. Note that trafilatura
    collapses runs of whitespace (a non-breaking space becomes a plain space);
    curly quotes, dashes and all other characters are kept.

PDF (``extract_pdf``)
    pypdf's text layer, page by page; hard-wrapped lines are re-flowed into
    paragraphs. A PDF without a text layer (scanned) is refused.
"""

from __future__ import annotations

import io
import re
from datetime import date
from urllib.parse import urlsplit

from index.errors import BadInput, NotAnArticle
from index.models import ArticleMeta, ExtractedDocument

__all__ = [
    "extract_text",
    "extract_markdown",
    "extract_html",
    "extract_pdf",
    "extract_bytes",
    "decode_text",
    "normalize_text",
    "MIN_ARTICLE_CHARS",
    "MIN_ARTICLE_WORDS",
]

MIN_ARTICLE_CHARS = 300
"""A web page or PDF whose body is shorter than this is not an article."""
MIN_ARTICLE_WORDS = 50
"""… or has fewer words than this."""

TITLE_MAX_CHARS = 150
_UNTITLED = "Untitled"

# ---------------------------------------------------------------------------
# Normalisation shared by every format
# ---------------------------------------------------------------------------

_TRAILING_WS = re.compile(r"[ \t]+$", re.MULTILINE)


def _is_blank(line: str) -> bool:
    return not line.strip()


def normalize_text(text: str) -> str:
    """Apply the storage rules: ``\\n`` newlines, no trailing spaces, one blank line between paragraphs.

    Characters inside lines (curly quotes, NBSP, …) are left untouched. A line
    made only of whitespace (including NBSP) counts as blank.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "")  # a byte-order mark is never content
    text = _TRAILING_WS.sub("", text)
    paragraphs = _split_paragraphs(text)
    return "\n\n".join(paragraphs)


def _split_paragraphs(text: str) -> list[str]:
    """Paragraphs of already newline-normalised text (blank-line separated), each stripped of blank edges."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if _is_blank(line):
            if current:
                paragraphs.append("\n".join(current))
                current = []
        else:
            current.append(line.rstrip(" \t"))
    if current:
        paragraphs.append("\n".join(current))
    # Leading spaces of the very first line are not content (the text is stripped at its ends).
    if paragraphs:
        paragraphs[0] = paragraphs[0].lstrip()
        paragraphs[-1] = paragraphs[-1].rstrip()
    return [p for p in paragraphs if p]


def _require_text(text: str, what: str) -> None:
    if not text or not text.strip():
        raise BadInput(f"The {what} is empty: there is no text to add.")


def _short_title(line: str, limit: int = 100) -> str:
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut.rstrip(" ,;:") + "…"


def _word_count(text: str) -> int:
    return len(text.split())


def _check_article_length(body: str, what: str) -> None:
    chars = len(body)
    words = _word_count(body)
    if chars < MIN_ARTICLE_CHARS or words < MIN_ARTICLE_WORDS:
        raise NotAnArticle(
            f"No article found in the {what}: its main text is only {words} word{'s' if words != 1 else ''} "
            f"(an article needs at least {MIN_ARTICLE_WORDS} words and {MIN_ARTICLE_CHARS} characters)."
        )


# ---------------------------------------------------------------------------
# Dates and datelines
# ---------------------------------------------------------------------------

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d|21\d\d)\b")
_DASHES = " \t\u00a0-\u2010\u2011\u2012\u2013\u2014\u2015|:·•"


def parse_date(value: str | None) -> date | None:
    """A calendar date from ISO strings and common written forms, or None.

    Only strings that contain a four-digit year are accepted, so words such as
    an outlet's name never turn into a date.
    """
    if not value:
        return None
    value = value.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if not _YEAR.search(value):
        return None
    try:
        from dateutil import parser as date_parser

        parsed = date_parser.parse(value, fuzzy=False, default=None)
    except (ValueError, OverflowError, TypeError, ImportError):
        return None
    return parsed.date() if parsed else None


_BY = re.compile(r"^\s*(?:by|von|par|por)\s+(.+)$", re.IGNORECASE)
_PUBLISHED = re.compile(r"^\s*(?:published|posted|updated|date)\s*(?:on|:)?\s*", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?$", re.IGNORECASE
)


def parse_dateline(line: str) -> tuple[str | None, str | None, date | None] | None:
    """``(outlet, author, published)`` when ``line`` is only a dateline, else None.

    Recognised: ``"Orinoco Tribune, November 1, 2023 —"``, ``"By Jane Doe, Reuters, 1 Nov 2023"``,
    ``"Published: 2023-11-01"``, ``"Wednesday, November 1, 2023"``.
    """
    line = " ".join(line.split())
    if not line or len(line) > 160 or "\n" in line:
        return None
    core = line.strip(_DASHES)
    core = _PUBLISHED.sub("", core).strip(_DASHES)
    if not _YEAR.search(core):
        return None
    parts = [p.strip() for p in core.split(",")]
    for i in range(len(parts)):
        when = ", ".join(parts[i:]).strip(_DASHES)
        published = parse_date(when)
        if published is None:
            continue
        names = [p for p in parts[:i] if p and not _WEEKDAY.match(p)]
        author = None
        outlet = None
        if names:
            by = _BY.match(names[0])
            if by:
                author = by.group(1).strip()
                names = names[1:]
        if names:
            outlet = ", ".join(names)
        if outlet and (len(outlet) > 80 or outlet.endswith(".")):
            return None
        return outlet, author, published
    return None


# ---------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------

_COMMENT_HEAD = re.compile(
    r"^(leave a (reply|comment)|post a comment|add a comment|write a comment|\d+\s+comments?|comments?"
    r"|join the (conversation|discussion)|cancel reply)\s*[:.]?$",
    re.IGNORECASE,
)
_COMMENT_FORM_CUES = re.compile(
    r"(your email address will not be published|required fields are marked|save my name, email"
    r"|you must be logged in to post a comment|log in to (leave|post) a comment|comment\s*\*?\s*name\s*\*)",
    re.IGNORECASE,
)


def _drop_comment_form(paragraphs: list[str]) -> list[str]:
    """Remove a trailing comment form ("Leave a Reply … Required fields are marked *").

    Only a block at the very end is removed, and only when it carries a form's
    telltale lines, so an article that merely mentions comments is untouched.
    """
    n = len(paragraphs)
    for i in range(max(0, n - 8), n):
        head = paragraphs[i].strip()
        tail = paragraphs[i:]
        tail_text = "\n".join(tail)
        if _COMMENT_HEAD.match(head) and len(tail_text) < 1500 and (
            _COMMENT_FORM_CUES.search(tail_text) or len(tail) == 1
        ):
            return paragraphs[:i]
        if _COMMENT_FORM_CUES.match(head) and len(tail_text) < 600:
            return paragraphs[:i]
    return paragraphs


def _title_candidate(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line) < TITLE_MAX_CHARS and not line.endswith((".", ":", ";", ","))


def extract_text(text: str, *, title: str | None = None, url: str | None = None) -> ExtractedDocument:
    """Pasted text or a ``.txt`` file -> stored body + metadata (see the module doc for the rules).

    The title line and a dateline paragraph right after it are *not* kept in the
    stored text; a trailing comment form ("Leave a Reply … Required fields are
    marked *") is dropped. ``title`` overrides the detected title (and a first
    line equal to it is still removed from the body).
    """
    _require_text(text, "text")
    normalized = normalize_text(text)
    paragraphs = _split_paragraphs(normalized)

    detected_title: str | None = None
    outlet = author = None
    published: date | None = None

    first = paragraphs[0]
    if "\n" not in first and _title_candidate(first) and len(paragraphs) > 1:
        detected_title = first.strip()
        paragraphs = paragraphs[1:]
    elif title and first.strip() == title.strip() and len(paragraphs) > 1:
        paragraphs = paragraphs[1:]

    if paragraphs and (detected_title or title):
        dateline = parse_dateline(paragraphs[0])
        if dateline and len(paragraphs) > 1:
            outlet, author, published = dateline
            paragraphs = paragraphs[1:]

    paragraphs = _drop_comment_form(paragraphs)
    body = "\n\n".join(paragraphs).strip()
    if not body:
        raise BadInput("The text is empty: there is only a title, no article body.")

    final_title = (title or "").strip() or detected_title or _short_title(body.split("\n", 1)[0])
    meta = ArticleMeta(title=final_title, outlet=outlet, author=author, published=published, url=url)
    return ExtractedDocument(text=body, meta=meta)


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    fields: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields, text[m.end():]


def _inline_text(token) -> str:
    """The visible text of a markdown-it inline token (markup removed)."""
    out: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "image":
            out.append("".join(c.content for c in child.children or []) or child.content)
        elif kind == "html_inline":
            continue
    return "".join(out)


def extract_markdown(text: str, *, title: str | None = None, url: str | None = None) -> ExtractedDocument:
    """A Markdown document -> stored body + metadata.

    Markup is removed with markdown-it-py (headings, emphasis, links -> their
    text, images -> alt text, inline HTML dropped); each paragraph, heading,
    block quote paragraph and code block is one stored paragraph, and a list is
    one paragraph with one ``- item`` line per item. The first level-1 heading
    is the title and is not part of the body.
    """
    _require_text(text, "Markdown text")
    from markdown_it import MarkdownIt

    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    fields, text = _front_matter(text)
    tokens = MarkdownIt("commonmark").parse(text)

    blocks: list[str] = []
    list_lines: list[str] = []
    list_depth = 0
    ordered_counters: list[int | None] = []
    heading_level = 0
    md_title: str | None = None
    pending_marker: str | None = None

    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            start = tok.attrGet("start") if kind == "ordered_list_open" else None
            ordered_counters.append(int(start or 1) if kind == "ordered_list_open" else None)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            ordered_counters.pop()
            if list_depth == 0 and list_lines:
                blocks.append("\n".join(list_lines))
                list_lines = []
        elif kind == "list_item_open":
            counter = ordered_counters[-1] if ordered_counters else None
            pending_marker = "-" if counter is None else f"{counter}."
            if counter is not None:
                ordered_counters[-1] = counter + 1
        elif kind == "heading_open":
            heading_level = int(tok.tag[1])
        elif kind == "inline":
            content = _inline_text(tok).strip()
            if heading_level == 1 and md_title is None and not blocks and not list_lines:
                md_title = " ".join(content.split())
            elif list_depth:
                indent = "  " * (list_depth - 1)
                if pending_marker:
                    list_lines.append(f"{indent}{pending_marker} {content}")
                    pending_marker = None
                elif content:
                    list_lines.append(f"{indent}  {content}")
            elif content:
                blocks.append(content)
        elif kind == "heading_close":
            heading_level = 0
        elif kind in ("fence", "code_block"):
            code = tok.content.rstrip("\n")
            if list_depth:
                list_lines.append(code)
            elif code.strip():
                blocks.append(code)
        elif kind == "html_block":
            continue

    body = normalize_text("\n\n".join(blocks))
    if not body:
        raise BadInput("The Markdown text is empty: there is no article body.")
    final_title = (title or "").strip() or fields.get("title") or md_title or _short_title(body.split("\n", 1)[0])
    meta = ArticleMeta(
        title=final_title,
        outlet=fields.get("outlet") or fields.get("source") or fields.get("publisher") or fields.get("site") or None,
        author=fields.get("author") or None,
        published=parse_date(fields.get("date") or fields.get("published")),
        url=url or fields.get("url") or None,
    )
    return ExtractedDocument(text=body, meta=meta)


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

_PAYWALL = re.compile(
    r"(subscribe (now )?to (continue|keep) reading|to continue reading,? (please )?(subscribe|log ?in|sign ?in)"
    r"|this (article|content|story) is (only )?(available )?(for|to) (subscribers|members)"
    r"|already a subscriber\?|subscribers only|create a free account to (continue|read))",
    re.IGNORECASE,
)


def _element_text(el) -> str:
    """Text of a trafilatura XML element, ``<lb/>`` as a line break."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        if node.tag != "lb":
            for child in node:
                walk(child)
                if child.tail:
                    parts.append(child.tail)

    walk(el)
    text = "".join(parts)
    lines = [" ".join(line.split(" ")).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _html_paragraphs(body) -> list[str]:
    paragraphs: list[str] = []
    for el in body:
        tag = el.tag
        if tag == "list":
            items = []
            for item in el.iter("item"):
                t = " ".join(_element_text(item).split("\n")).strip()
                if t:
                    items.append("- " + t)
            if items:
                paragraphs.append("\n".join(items))
        elif tag == "table":
            rows = []
            for row in el.iter("row"):
                cells = [" ".join(_element_text(c).split()) for c in row if c.tag == "cell"]
                cells = [c for c in cells if c]
                if cells:
                    rows.append(" | ".join(cells))
            if rows:
                paragraphs.append("\n".join(rows))
        elif tag in ("graphic", "ref"):
            continue
        else:
            t = _element_text(el)
            if t:
                paragraphs.append(t)
    return paragraphs


def _http_url(value: str | None) -> str | None:
    if not value:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def extract_html(html: str | bytes, *, url: str | None = None) -> ExtractedDocument:
    """A web page -> its main text and metadata, via trafilatura.

    Raises NotAnArticle for a page without main text (navigation, search
    results), a paywall stub, or a body under ~50 words / 300 characters.
    ``meta.url`` is the URL the page came from (or, without one, its canonical
    URL); ``meta.canonical_url`` is the page's declared canonical URL.
    """
    if isinstance(html, bytes):
        if not html.strip():
            raise BadInput("The web page is empty.")
        _refuse_binary(html[:4096], "web page")
    elif not html.strip():
        raise BadInput("The web page is empty.")

    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            favor_precision=True,
            deduplicate=False,
            output_format="python",
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise NotAnArticle("No article found: the page could not be parsed as HTML.") from exc
    if doc is None or getattr(doc, "body", None) is None:
        raise NotAnArticle("No article found on the page: it has no main text (navigation, a list or an app page?).")

    paragraphs = _html_paragraphs(doc.body)
    page_title = " ".join((doc.title or "").split())
    if page_title and len(paragraphs) > 1 and " ".join(paragraphs[0].split()) == page_title:
        paragraphs = paragraphs[1:]  # the headline is metadata, as for plain text
    body = normalize_text("\n\n".join(paragraphs))
    if not body:
        raise NotAnArticle("No article found on the page: it has no main text.")
    if _PAYWALL.search(body) and _word_count(body) < 250:
        raise NotAnArticle("The page looks like a paywall or sign-in stub: only a teaser is visible to QuoteDesk.")
    _check_article_length(body, "page")

    canonical = _http_url(getattr(doc, "url", None))
    page_title = page_title or _short_title(body.split("\n", 1)[0])
    meta = ArticleMeta(
        title=page_title or _UNTITLED,
        outlet=(" ".join(doc.sitename.split()) if doc.sitename else None),
        author=(" ".join(doc.author.split()) if doc.author else None),
        published=parse_date(doc.date),
        url=url or canonical,
        license=doc.license or None,
        canonical_url=canonical,
    )
    return ExtractedDocument(text=body, meta=meta)


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------

_SENTENCE_END = ('.', '!', '?', '"', '\u201d', '\u2019', "'", ')', ':')


def _reflow(page_text: str) -> list[str]:
    """Re-join the hard-wrapped lines of one PDF page into paragraphs.

    A blank line always ends a paragraph. Otherwise a line ends one when it
    finishes a sentence and is clearly shorter than the page's usual line
    (the last line of a paragraph rarely fills the column), or when it is much
    shorter than the usual line (a heading or title).
    """
    text = normalize_text(page_text)
    paragraphs: list[str] = []
    for block in _split_paragraphs(text):
        lines = [" ".join(line.split(" ")).strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        width = max(len(line) for line in lines)
        current = lines[0]
        for prev, line in zip(lines, lines[1:]):
            ends_para = width > 40 and (
                (prev.endswith(_SENTENCE_END) and len(prev) < 0.8 * width)
                or (len(prev) < 0.6 * width and not prev.endswith((",", ";", "-")))
            )
            if ends_para:
                paragraphs.append(current)
                current = line
            elif current.endswith("-") and not current.endswith(" -"):
                current += line
            else:
                current += " " + line
        paragraphs.append(current)
    return paragraphs


def extract_pdf(data: bytes, *, url: str | None = None) -> ExtractedDocument:
    """A PDF's text layer -> stored body + metadata (title from the document info, else the first line).

    A first line equal to the document-info title is left out of the body.

    Raises BadInput when the file is not a readable PDF (or is password
    protected) and NotAnArticle when it has no text layer (a scan) or too little text.
    """
    if not data or not data.strip():
        raise BadInput("The PDF is empty.")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise BadInput("The PDF is password protected; send an unprotected copy.")
        pages = list(reader.pages)
        page_texts = []
        for page in pages:
            try:
                page_texts.append(page.extract_text() or "")
            except Exception:
                page_texts.append("")
        info = None
        try:
            info = reader.metadata
        except Exception:
            info = None
    except BadInput:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise BadInput("The file could not be read as a PDF (damaged or not a PDF).") from exc
    except Exception as exc:  # pypdf can raise assorted errors on hostile files
        raise BadInput("The file could not be read as a PDF (damaged or not a PDF).") from exc

    if not pages:
        raise BadInput("The PDF has no pages.")
    pdf_title = None
    author = None
    if info is not None:
        pdf_title = " ".join((info.title or "").split()) or None
        author = " ".join((info.author or "").split()) or None
    paragraphs: list[str] = []
    for text in page_texts:
        paragraphs.extend(_reflow(text))
    if pdf_title and len(paragraphs) > 1 and " ".join(paragraphs[0].split()) == pdf_title:
        paragraphs = paragraphs[1:]  # the title line is metadata, as for plain text
    body = normalize_text("\n\n".join(paragraphs))
    visible = sum(1 for ch in body if not ch.isspace())
    if visible < 20 * len(pages) and visible < MIN_ARTICLE_CHARS:
        raise NotAnArticle(
            "The PDF has no text layer (a scanned document?): QuoteDesk can only quote PDFs with selectable text."
        )
    _check_article_length(body, "PDF")

    first_line = body.split("\n", 1)[0]
    meta = ArticleMeta(title=pdf_title or _short_title(first_line), author=author, url=url)
    return ExtractedDocument(text=body, meta=meta)


# ---------------------------------------------------------------------------
# Bytes: decoding, sniffing and dispatch
# ---------------------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a media file"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/ODF document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"OggS", "an audio file"),
    (b"ID3", "an MP3 file"),
    (b"fLaC", "an audio file"),
)

_SUPPORTED = "send the article as text, or as a .txt, .md, .html or .pdf file"


def _refuse_binary(head: bytes, what: str = "file") -> None:
    for magic, kind in _MAGIC:
        if kind and head.startswith(magic):
            raise BadInput(f"The {what} is {kind}, not text: {_SUPPORTED}.")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 with a byte-order mark
    if b"\x00" in head:
        raise BadInput(f"The {what} is binary, not text: {_SUPPORTED}.")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > 0.05:
        raise BadInput(f"The {what} is binary, not text: {_SUPPORTED}.")


def decode_text(data: bytes, charset: str | None = None, *, what: str = "file") -> str:
    """Bytes -> str: the declared charset, else UTF-8 (with or without BOM) / UTF-16 BOM, else a detected one.

    Raises BadInput for binary data or bytes that are not text in any encoding.
    """
    _refuse_binary(data[:8192], what)
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:
        best = None
    if best is not None:
        text = str(best)
        controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\f\r\x1b")
        if not controls:
            return text
    raise BadInput(f"The {what} is not readable text (unknown encoding or binary): {_SUPPORTED}.")


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    main, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("'\"")
    return main.strip().lower(), charset


_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_MD_TYPES = {"text/markdown", "text/x-markdown"}
_TEXT_TYPES = {"text/plain"}
_PDF_TYPES = {"application/pdf", "application/x-pdf"}
_EXT_KIND = {
    "html": "html", "htm": "html", "xhtml": "html",
    "md": "markdown", "markdown": "markdown", "mdown": "markdown",
    "txt": "text", "text": "text",
    "pdf": "pdf",
}
_HTML_SNIFF = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


def _sniff(data: bytes) -> str | None:
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if _HTML_SNIFF.match(head):
        return "html"
    return None


def extract_bytes(
    data: bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    url: str | None = None,
) -> ExtractedDocument:
    """Any supported file's bytes -> ExtractedDocument.

    The kind is decided by, in order: the bytes themselves when they are
    unmistakably a PDF or an HTML document; the content type (``text/html``,
    ``application/xhtml+xml``, ``application/pdf``, ``text/markdown``,
    ``text/plain``); the file name's extension; otherwise plain text if the
    bytes decode as text. Binary files (images, archives, programs, unknown
    binary) raise BadInput with a message saying what is accepted.
    """
    if not data or not data.strip():
        raise BadInput("The file is empty: there is no text to add.")
    media, charset = _media_type(content_type)
    sniffed = _sniff(data)
    ext = ""
    if filename and "." in filename:
        ext = filename.rsplit(".", 1)[1].lower()

    kind = sniffed
    if kind is None:
        if media in _HTML_TYPES:
            kind = "html"
        elif media in _PDF_TYPES:
            kind = "pdf"
        elif media in _MD_TYPES:
            kind = "markdown"
        elif media in _TEXT_TYPES:
            kind = "markdown" if _EXT_KIND.get(ext) == "markdown" else "text"
        elif ext in _EXT_KIND:
            kind = _EXT_KIND[ext]
        elif media.startswith(("image/", "audio/", "video/", "font/")) or media in (
            "application/zip", "application/gzip", "application/x-tar", "application/msword",
        ):
            raise BadInput(f"That is {media} content, not an article: {_SUPPORTED}.")
        else:
            kind = "text"  # decided below: must decode as text

    source_url = url
    if kind == "pdf":
        if not data.lstrip()[:5] == b"%PDF-":
            raise BadInput("The file is not a PDF (it does not start with %PDF-).")
        return extract_pdf(data, url=source_url)
    if kind == "html":
        _refuse_binary(data[:8192], "web page")
        if charset:
            try:
                return extract_html(data.decode(charset), url=source_url)
            except (LookupError, UnicodeDecodeError):
                pass
        return extract_html(data, url=source_url)
    text = decode_text(data, charset)
    if kind == "markdown":
        return extract_markdown(text, url=source_url)
    return extract_text(text, url=source_url)
