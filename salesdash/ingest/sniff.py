"""What a file is, judged by its bytes: container type, text encoding, delimiter, decimal mark.

The extension is never trusted: a `.csv` that is really a zip, or binary junk renamed, is caught here.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

from salesdash.ingest.messages import IngestError

__all__ = ["TextFormat", "detect_container", "detect_encoding", "detect_text_format"]

SAMPLE_BYTES = 256 * 1024
DELIMITERS = (",", ";", "\t", "|")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECIMAL_COMMA = re.compile(r"^\s*-?(\d{1,3}(\.\d{3})+|\d+),\d+\s*$")
_DECIMAL_POINT = re.compile(r"^\s*-?(\d{1,3}(,\d{3})+|\d+)\.\d+\s*$")


@dataclass(frozen=True)
class TextFormat:
    """How a delimited text file is written."""

    encoding: str
    bom: bool
    delimiter: str
    decimal: str  # "." or ","


def detect_container(head: bytes, name: str) -> str:
    """'parquet', 'xlsx', 'xls' or 'csv' from the first bytes; anything else is refused."""
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if not head.strip(b"\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise IngestError("ingest.error.empty", file=name)
    return "csv"


def detect_encoding(sample: bytes, name: str) -> tuple[str, bool]:
    """(codec name, has BOM). UTF-8, UTF-16 LE/BE, GB18030 (GBK) or Windows-1252, in that order of trust."""
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec, True
    if sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: ASCII characters leave a NUL in every other byte.
        even_nuls = sample[0::2].count(b"\x00")
        return ("utf-16-be" if even_nuls > len(sample) // 4 else "utf-16-le"), False
    if b"\x00" in sample:
        raise IngestError("ingest.error.binary", file=name)
    for codec in ("utf-8", "gb18030"):
        if _decodes(sample, codec) and (codec == "utf-8" or _looks_chinese(sample)):
            return codec, False
    if _decodes(sample, "cp1252"):
        return "cp1252", False
    raise IngestError("ingest.error.encoding", file=name)


def _decodes(sample: bytes, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        decoder.decode(sample, final=False)  # a character cut at the sample's end is not an error
    except UnicodeDecodeError:
        return False
    return True


def _looks_chinese(sample: bytes) -> bool:
    """GB18030 decodes almost any byte soup; accept it only when most non-ASCII text is common hanzi."""
    text = sample.decode("gb18030", errors="ignore")
    non_ascii = [c for c in text if ord(c) > 127]
    hanzi = sum(1 for c in non_ascii if "\u4e00" <= c <= "\u9fff" or c in "，。：；（）、“”")
    return bool(non_ascii) and hanzi / len(non_ascii) > 0.9 and not re.search(r"[A-Za-z][\u4e00-\u9fff][A-Za-z]", text)


def detect_text_format(sample: bytes, name: str) -> TextFormat:
    """Encoding, delimiter and decimal mark of a delimited text sample."""
    encoding, bom = detect_encoding(sample, name)
    text = codecs.getincrementaldecoder(encoding)("replace").decode(sample, final=False)
    lines = text.lstrip("\ufeff").splitlines()
    if len(sample) >= SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    lines = [line for line in lines[:200] if line.strip()]
    if not lines:
        raise IngestError("ingest.error.empty", file=name)
    delimiter = _delimiter(lines)
    return TextFormat(encoding, bom, delimiter, _decimal(lines, delimiter))


def _delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1.0
    for candidate in DELIMITERS:
        widths = [len(row) for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=candidate)]
        if not widths or widths[0] < 2:
            continue
        mode, count = Counter(widths).most_common(1)[0]
        score = count / len(widths) * 1000 + mode
        if score > best_score:
            best, best_score = candidate, score
    return best


def _decimal(lines: list[str], delimiter: str) -> str:
    comma = point = 0
    for row in csv.reader(io.StringIO("\n".join(lines[1:])), delimiter=delimiter):
        for cell in row:
            comma += bool(_DECIMAL_COMMA.match(cell)) and not _DECIMAL_POINT.match(cell)
            point += bool(_DECIMAL_POINT.match(cell))
    return "," if comma > point else "."
