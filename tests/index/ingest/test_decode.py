"""Text files in legacy encodings (issue 11, item 7): Western text read right, doubtful bytes refused."""

from __future__ import annotations

import pytest

from index.errors import BadInput
from index.ingest.convert import extract_bytes
from index.ingest.mediatype import decode_text

FRENCH = ("Le maire a déclaré mardi que les travaux du pont commenceront en été, après une longue "
          "négociation avec la région. « C'est un grand jour », a-t-il dit au Café de la Gare.")


@pytest.mark.parametrize("text", [
    "Café",
    "Café au lait. Le garçon a reçu un élève à Noël.",
    "Straße über München: Grüße aus Köln.",
    FRENCH,
    "Señor Muñoz, año 2024: ¿qué pasó?",
])
def test_latin1_text_is_read_as_latin1(text: str) -> None:
    assert decode_text(text.encode("latin-1")) == text


def test_windows_1252_punctuation_is_read_right() -> None:
    text = "He said “it’s over” – really… It cost €5."
    assert decode_text(text.encode("cp1252")) == text


def test_a_latin1_file_is_stored_without_mojibake() -> None:
    doc = extract_bytes(f"Le Café de la Gare ferme\n\n{FRENCH}\n".encode("latin-1"), filename="cafe.txt")
    assert doc.meta.title == "Le Café de la Gare ferme"
    assert "Café de la Gare." in doc.text and "déclaré" in doc.text


def test_other_clear_encodings_still_work() -> None:
    russian = "Мэр города заявил во вторник, что работы на мосту начнутся летом после долгих переговоров с регионом."
    assert decode_text(russian.encode("cp1251")) == russian
    assert decode_text(FRENCH.encode("utf-8")) == FRENCH


def test_doubtful_bytes_are_refused_with_a_reason() -> None:
    with pytest.raises(BadInput, match="encoding cannot be told for sure"):
        decode_text(bytes([0x41, 0x42, 0xA4, 0xB6, 0xFE, 0x8D, 0x90, 0x20, 0x41] * 5), what="file")
