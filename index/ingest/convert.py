"""Any supported file's bytes -> an :class:`~index.models.ExtractedDocument`, by kind."""

from __future__ import annotations

from index.errors import BadInput
from index.ingest.html import extract_html
from index.ingest.markdown import extract_markdown
from index.ingest.mediatype import (
    EXT_KIND,
    HTML_TYPES,
    MD_TYPES,
    PDF_TYPES,
    SUPPORTED,
    TEXT_TYPES,
    decode_text,
    media_type,
    refuse_binary,
    sniff,
)
from index.ingest.pdf import extract_pdf
from index.ingest.plaintext import extract_text
from index.models import ExtractedDocument


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
    media, charset = media_type(content_type)
    sniffed = sniff(data)
    ext = ""
    if filename and "." in filename:
        ext = filename.rsplit(".", 1)[1].lower()

    kind = sniffed
    if kind is None:
        if media in HTML_TYPES:
            kind = "html"
        elif media in PDF_TYPES:
            kind = "pdf"
        elif media in MD_TYPES:
            kind = "markdown"
        elif media in TEXT_TYPES:
            kind = "markdown" if EXT_KIND.get(ext) == "markdown" else "text"
        elif ext in EXT_KIND:
            kind = EXT_KIND[ext]
        elif media.startswith(("image/", "audio/", "video/", "font/")) or media in (
            "application/zip", "application/gzip", "application/x-tar", "application/msword",
        ):
            raise BadInput(f"That is {media} content, not an article: {SUPPORTED}.")
        else:
            kind = "text"  # decided below: must decode as text

    source_url = url
    if kind == "pdf":
        if not data.lstrip()[:5] == b"%PDF-":
            raise BadInput("The file is not a PDF (it does not start with %PDF-).")
        return extract_pdf(data, url=source_url)
    if kind == "html":
        refuse_binary(data[:8192], "web page")
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
