"""The CLI reads an article file as the fetcher reads a page: pipeline/decoding.py, not a decoding of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from newscheck.cli import read_input

QUOTED = "The minister said \u201cwe will rebuild the bridge\u201d \u2014 by spring."


def _read(path: Path, **force: bool):
    return read_input(str(path), force_html=force.get("html", False), force_text=force.get("text", False),
                      published=None, sources=None)


def test_a_page_declaring_windows_1252_is_decoded_as_such(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_bytes(f'<html><head><meta charset="windows-1252"></head><body><p>{QUOTED}</p></body></html>'
                     .encode("cp1252"))
    inp = _read(page)
    assert inp.html is not None and QUOTED in inp.html  # Latin-1 made the quotes C1 control characters


def test_utf16_text_with_its_bom_is_text_not_binary(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(QUOTED.encode("utf-16"))
    assert _read(story).text == QUOTED


def test_undeclared_utf8_and_a_declared_legacy_charset_of_plain_html(tmp_path: Path) -> None:
    utf8, legacy = tmp_path / "a.txt", tmp_path / "b.html"
    utf8.write_bytes(QUOTED.encode("utf-8"))
    legacy.write_bytes('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'
                       '<p>Starosta \u0159ekl, \u017ee most bude zav\u0159en.</p>'.encode("iso-8859-2"))
    assert _read(utf8).text == QUOTED
    assert "Starosta \u0159ekl, \u017ee most bude zav\u0159en." in (_read(legacy).html or "")


def test_a_pdf_is_refused_as_binary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "story.txt"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n")
    with pytest.raises(typer.Exit):
        _read(pdf)
    assert "looks binary" in capsys.readouterr().err
