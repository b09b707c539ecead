"""What a file is, judged by its bytes: container type, text encoding, delimiter.

The decimal mark is not judged here, on a sample, but per column from all its values (salesdash.ingest.numbers).

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

__all__ = [
    "UTF8_SEQUENCE",
    "TextFormat",
    "common_hanzi",
    "detect_container",
    "detect_encoding",
    "detect_text_format",
    "line_of",
]

SAMPLE_BYTES = 256 * 1024
DELIMITERS = (",", ";", "\t", "|")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bytes of other file kinds that people rename (a screenshot saved as .xlsx): refused for what they are.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"SQLite format 3", "an SQLite database"),
)
# A multi-byte UTF-8 character: Windows-1252 text almost never holds one, so a line with one is UTF-8.
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass(frozen=True)
class TextFormat:
    """How a delimited text file is written."""

    encoding: str
    bom: bool
    delimiter: str
    skip: int = 0  # bytes before the text (a UTF-16 byte-order mark written before UTF-8 text)


def detect_container(head: bytes, name: str) -> str:
    """'parquet', 'xlsx', 'xls' or 'csv' from the first bytes; anything else is refused."""
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            workbook = name.lower().endswith((".xlsx", ".xlsm", ".xls"))
            raise IngestError(
                "ingest.error.not_workbook" if workbook else "ingest.error.not_table", file=name, kind=kind
            )
    if not head.strip(b"\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise IngestError("ingest.error.empty", file=name)
    return "csv"


def detect_encoding(sample: bytes, name: str) -> tuple[str, bool]:
    """(codec name, has BOM). UTF-8, UTF-16 LE/BE, GB18030 (GBK) or Windows-1252, in that order of trust."""
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec, True
    if b"\x00" in sample and sample.count(b"\x00") <= len(sample) // 4:
        raise IngestError("ingest.error.binary", file=name, row=line_of(sample, sample.index(b"\x00")))
    if sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: ASCII characters leave a NUL in every other byte.
        even_nuls = sample[0::2].count(b"\x00")
        return ("utf-16-be" if even_nuls > len(sample) // 4 else "utf-16-le"), False
    _check_mixed(sample, name)
    _check_mixed_gb18030(sample, name)
    for codec in ("utf-8", "gb18030"):
        if _decodes(sample, codec) and (codec == "utf-8" or _looks_chinese(sample)):
            return codec, False
    if _decodes(sample, "cp1252"):
        return "cp1252", False
    raise IngestError("ingest.error.encoding", file=name)


def line_of(data: bytes, offset: int, first: int = 1) -> int:
    """The line (1-based, counting from `first`) that holds byte `offset` of `data`."""
    return first + data.count(b"\n", 0, offset)


def _check_mixed(sample: bytes, name: str) -> None:
    """Refuse UTF-8 text with a line in another encoding (two exports pasted together), naming that line."""
    if _decodes(sample, "utf-8") or not UTF8_SEQUENCE.search(sample):
        return
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(sample, final=False)
    except UnicodeDecodeError as exc:
        start = sample.rfind(b"\n", 0, exc.start) + 1
        if _decodes(sample[:start], "utf-8") and UTF8_SEQUENCE.search(sample[:start]):
            raise IngestError(
                "ingest.error.mixed_encoding", file=name, row=line_of(sample, exc.start), encoding="UTF-8"
            ) from None


def _check_mixed_gb18030(sample: bytes, name: str) -> None:
    """Refuse GB18030 (GBK) text with a line in another encoding (a Windows-1252 `Müller` pasted among GBK
    lines), naming that line, instead of reading the whole file as Windows-1252: most lines with non-ASCII
    bytes are Chinese in GB18030, and some are not (docs/uploads.md#encodings)."""
    if _decodes(sample, "utf-8"):
        return
    lines = sample.split(b"\n")
    if len(lines) > 1:
        lines = lines[:-1]  # the sample may end inside a line
    chinese, other = 0, None
    for number, line in enumerate(lines, 1):
        if not any(b > 127 for b in line) or (_decodes(line, "utf-8") and UTF8_SEQUENCE.search(line)):
            continue  # ASCII, or UTF-8 text: the whole-file scan names a UTF-8 line
        common = _decodes(line, "gb18030") and any(common_hanzi(c) for c in line.decode("gb18030") if ord(c) > 127)
        if common:
            chinese += 1
        elif not _decodes(line, "gb18030") or _LATIN_WORD.search(line.decode("cp1252", errors="replace")):
            other = other or number  # an accented letter inside a Latin word (Müller, Café): Windows-1252
    if other is not None and chinese >= 2:
        raise IngestError("ingest.error.mixed_encoding", file=name, row=other, encoding="GB18030")


_LATIN_WORD = re.compile(r"[A-Za-z][\u00c0-\u00ff]")


def common_hanzi(char: str) -> bool:
    """A character of GB2312, the common hanzi every GBK text is mostly written in."""
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


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
    # Windows-1252 Latin words read as GB18030 put one rare hanzi between letters (Müller → M黮ler); a common
    # (GB2312) hanzi there is Chinese text such as "T恤XL" (an accented letter and an ASCII byte never make one).
    latin = any(not common_hanzi(m) for m in re.findall(r"[A-Za-z]([\u4e00-\u9fff])[A-Za-z]", text))
    return bool(non_ascii) and hanzi / len(non_ascii) > 0.9 and not latin


def detect_text_format(sample: bytes, name: str) -> TextFormat:
    """Encoding and delimiter of a delimited text sample."""
    encoding, bom = detect_encoding(sample, name)
    skip = 0
    if encoding.startswith("utf-16") and b"\x00" not in sample[2:] and _decodes(sample[2:], "utf-8"):
        encoding, skip = "utf-8", 2  # a UTF-16 byte-order mark written before UTF-8 text
        sample = sample[2:]
    text = codecs.getincrementaldecoder(encoding)("replace").decode(sample, final=False)
    lines = text.lstrip("\ufeff").splitlines()
    if len(sample) >= SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    lines = [line for line in lines[:200] if line.strip()]
    if not lines:
        raise IngestError("ingest.error.empty", file=name)
    delimiter = _delimiter(lines)
    return TextFormat(encoding, bom, delimiter, skip)


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
