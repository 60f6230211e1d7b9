"""What kind of bytes these are: content types, magic numbers, text encodings."""

from __future__ import annotations

import re

from index.errors import BadInput

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

SUPPORTED = "send the article as text, or as a .txt, .md, .html or .pdf file"


def refuse_binary(head: bytes, what: str = "file") -> None:
    for magic, kind in _MAGIC:
        if kind and head.startswith(magic):
            raise BadInput(f"The {what} is {kind}, not text: {SUPPORTED}.")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 with a byte-order mark
    if b"\x00" in head:
        raise BadInput(f"The {what} is binary, not text: {SUPPORTED}.")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > 0.05:
        raise BadInput(f"The {what} is binary, not text: {SUPPORTED}.")


def decode_text(data: bytes, charset: str | None = None, *, what: str = "file") -> str:
    """Bytes -> str: the declared charset, else UTF-8 (with or without BOM) / UTF-16 BOM, else Western
    (Windows-1252, a superset of Latin-1's text) when the result reads as Western text, else a detected
    encoding only when the detection is clear.

    Raises BadInput for binary data, bytes that are not text in any encoding, or an encoding that
    cannot be told for sure (rather than storing mojibake such as "Cafť" for "Café").
    """
    refuse_binary(data[:8192], what)
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
    western = _western(data)
    if western is not None:
        return western
    detected = _detected(data)
    if detected is not None:
        return detected
    raise BadInput(f"The {what} is not UTF-8 and its text encoding cannot be told for sure "
                   f"(or it is binary): save it as UTF-8 and {SUPPORTED}.")


_WESTERN_SIGNS = set("‘’‚“”„‹›–—…•†‡€£¥¢§©®°±·¿¡«»½¼¾ªº¹²³µ¶×÷™¨´¸¯¬¦¤\u00a0\u00ad")
_MULTIBYTE = {"cp932", "shift_jis", "euc_jp", "iso2022_jp", "gb2312", "gbk", "gb18030", "big5", "big5hkscs",
              "cp949", "euc_kr", "cp950", "johab"}


def _western(data: bytes) -> str | None:
    """The text as Windows-1252 if it reads as Western European text, else None.

    Its characters beyond ASCII must be Latin letters or the usual punctuation and signs, and a
    minority of its letters (Cyrillic or Greek bytes read this way give words made only of
    accented letters).
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = accented = 0
    for ch in text:
        if ch.isascii():
            letters += ch.isalpha()
            continue
        if ch.isalpha() and ("\u00c0" <= ch <= "\u00ff" or ch in "ŒœŠšŽžŸƒ"):
            letters += 1
            accented += 1
        elif ch not in _WESTERN_SIGNS:
            return None
    return text if letters and accented <= 0.25 * letters else None


def _detected(data: bytes) -> str | None:
    """The text in the encoding charset_normalizer detects, when the detection is clear (else None)."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:
        return None
    if best is None:
        return None
    text = str(best)
    if any(ord(ch) < 32 and ch not in "\t\n\f\r\x1b" for ch in text[:8192]):
        return None
    multibyte = best.encoding.lower().replace("-", "_") in _MULTIBYTE
    if multibyte or (best.chaos <= 0.1 and best.coherence >= 0.2):
        return text
    return None


def media_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    main, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("'\"")
    return main.strip().lower(), charset


HTML_TYPES = {"text/html", "application/xhtml+xml"}
MD_TYPES = {"text/markdown", "text/x-markdown"}
TEXT_TYPES = {"text/plain"}
PDF_TYPES = {"application/pdf", "application/x-pdf"}
ARTICLE_TYPES = HTML_TYPES | MD_TYPES | TEXT_TYPES | PDF_TYPES
"""Content types a fetched page may have (a page without one is sniffed)."""
FEED_TYPES = {
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
    "application/json", "application/xml", "text/xml",
}
"""Content types a fetched feed may have (feed fetches only; article fetches keep ARTICLE_TYPES)."""
EXT_KIND = {
    "html": "html", "htm": "html", "xhtml": "html",
    "md": "markdown", "markdown": "markdown", "mdown": "markdown",
    "txt": "text", "text": "text",
    "pdf": "pdf",
}
_HTML_SNIFF = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


def sniff(data: bytes) -> str | None:
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if _HTML_SNIFF.match(head):
        return "html"
    return None
