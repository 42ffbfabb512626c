"""Bytes of a fetched body to text: charset from BOM, header, <meta>, else detection.

Servers lie about charsets. The commonest lie is a Latin-1 (or no) header on a UTF-8 page, which
decodes "without error" into mojibake, so a declared single-byte charset loses to UTF-8 when the
bytes are valid, non-ASCII UTF-8 (a coincidence in real Latin-1 text is vanishingly rare).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_SINGLE_BYTE_LATIN = frozenset({"latin_1", "iso8859_1", "cp1252", "ascii", "iso8859_15"})
# WHATWG: browsers decode these labels as windows-1252, a superset
_AS_CP1252 = frozenset({"latin_1", "iso8859_1", "ascii"})
_BINARY_MAGIC = ((b"%PDF", "application/pdf"), (b"\x89PNG", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
                 (b"GIF8", "image/gif"), (b"PK\x03\x04", "application/zip"), (b"\x1f\x8b", "application/gzip"))
_SNIFF_BYTES = 8192
_NOT_CHARSETS = frozenset({"punycode", "idna", "raw-unicode-escape", "unicode-escape", "raw_unicode_escape",
                           "unicode_escape", "undefined", "mbcs", "oem"})


def _codec(label: str | None) -> str | None:
    """Python's codec name for a charset label, or None when unknown."""
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    # only text encodings: a page may declare punycode, idna, rot13 or base64 (bytes-to-bytes) codecs
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name.replace("-", "_")


def header_charset(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def meta_charset(raw: bytes) -> str | None:
    """Charset declared by ``<meta charset>`` or ``http-equiv`` in the first 8 KiB."""
    match = _META_CHARSET.search(raw[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", "ignore") if match else None


def sniff_binary(raw: bytes) -> str | None:
    """Media type of a body that is plainly not text (PDF, image, archive), whatever its header says."""
    head = raw.lstrip()[:16]
    for magic, kind in _BINARY_MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in raw[:_SNIFF_BYTES] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "application/octet-stream"
    return None


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_body(raw: bytes, content_type: str | None = None) -> tuple[str, str]:
    """``(text, codec)`` for a body; never raises (undecodable bytes become U+FFFD as a last resort)."""
    for bom, bom_codec in _BOMS:
        if raw.startswith(bom):
            return raw.decode(bom_codec, errors="replace"), bom_codec
    non_ascii = not raw.isascii()
    for label in (header_charset(content_type), meta_charset(raw)):
        codec = _codec(label)
        if codec is None:
            continue
        if codec in _SINGLE_BYTE_LATIN and non_ascii and _is_utf8(raw):
            return raw.decode("utf-8"), "utf_8"
        codec = "cp1252" if codec in _AS_CP1252 else codec
        try:
            return raw.decode(codec), codec
        except (UnicodeError, LookupError, ValueError):
            continue  # the declaration is wrong: try the next one, then detect
    if not non_ascii or _is_utf8(raw):
        return raw.decode("utf-8"), "utf_8"
    best = from_bytes(raw[: 256 * 1024]).best()
    codec = _codec(best.encoding) if best is not None else None
    if codec is not None:
        try:
            return raw.decode(codec), codec
        except (UnicodeError, LookupError, ValueError):
            pass
    return raw.decode("utf-8", errors="replace"), "utf_8"
