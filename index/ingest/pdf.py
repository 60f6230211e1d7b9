"""A PDF's text layer -> the stored body and its metadata (pypdf).

pypdf's text layer, page by page; hard-wrapped lines are re-flowed into
paragraphs. A PDF without a text layer (scanned) is refused.
"""

from __future__ import annotations

import io
import itertools

from index.errors import BadInput, NotAnArticle
from index.ingest.textrules import (
    MIN_ARTICLE_CHARS,
    check_article_length,
    normalize_text,
    short_title,
    split_paragraphs,
)
from index.models import ArticleMeta, ExtractedDocument

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
    for block in split_paragraphs(text):
        lines = [" ".join(line.split(" ")).strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        width = max(len(line) for line in lines)
        current = lines[0]
        for prev, line in itertools.pairwise(lines):
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
                unlocked = bool(reader.decrypt(""))
            except Exception:
                unlocked = False
            if not unlocked:
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
    check_article_length(body, "PDF")

    first_line = body.split("\n", 1)[0]
    meta = ArticleMeta(title=pdf_title or short_title(first_line), author=author, url=url)
    return ExtractedDocument(text=body, meta=meta)
