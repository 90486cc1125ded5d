"""Turn raw bytes into article text, rejecting what is not text."""

from __future__ import annotations

import codecs
import re

from sitrep.errors import InputError

# C0 and C1 control characters other than \t \n \v \f \r.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Above this share of C0/C1 control characters a "text" is really a binary file.
_MAX_CONTROL_RATIO = 0.05
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 (a leading BOM is dropped); raise InputError naming the first bad byte."""
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})") from None
    check_text(text)
    return text


def decode_html(data: bytes) -> str:
    """Decode an HTML page: UTF-8 first, else the charset its <meta> tag declares."""
    try:
        return decode_utf8(data)
    except InputError as utf8_error:
        match = _META_CHARSET.search(data[:4096])
        if b"\x00" in data or not match:
            raise
        name = match.group(1).decode("ascii")
        try:
            codecs.lookup(name)
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            raise utf8_error from None
    check_text(text)
    return text


def check_text(text: str) -> None:
    """Raise InputError if ``text`` looks binary (NUL or many control characters)."""
    if "\x00" in text:
        raise InputError("binary content (contains NUL characters)")
    if not text:
        return
    controls = len(_CONTROL.findall(text))
    if controls / len(text) > _MAX_CONTROL_RATIO:
        raise InputError(f"binary content ({controls} control characters in {len(text)})")


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets do not depend on the platform that wrote the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
