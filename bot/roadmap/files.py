"""The sheet as a file: CSV, XLSX, Markdown or JSON out; CSV or XLSX back in.

A cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
return: `=cmd|' /C calc'!A0`) is written as text: CSV gets a leading apostrophe (taken off again
on import), XLSX a string cell with the quote-prefix style, so it shows exactly as typed.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from bot.roadmap.sheet import COLUMNS, HEADERS, Cell, text_of

Format = Literal["csv", "xlsx", "md", "json"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "md", "json")
MAX_ROWS = 100_000
"""Most rows an imported sheet may have (a roadmap has hundreds; this stops a runaway file)."""

_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_PRIORITY_FILLS = {"P1": "F8CBAD", "P2": "FFE699", "P3": "C6E0B4"}


class SheetError(ValueError):
    """Raised when a file cannot be read as a sheet (unknown format, not a workbook, too many
    rows); the CLI prints the sentence and applies nothing."""


def neutralise(text: str) -> str:
    """Text a spreadsheet will not run: a leading apostrophe before a would-be formula."""
    return f"'{text}" if _FORMULA.match(text) else text


def restore(text: str) -> str:
    """The text `neutralise` was given (for CSV import)."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text) else text


def write(rows: Sequence[Mapping[str, Cell]], fmt: Format) -> bytes:
    """The rows in one format, as bytes ready for a file or an upload."""
    if fmt == "csv":
        return _csv(rows)
    if fmt == "xlsx":
        return _xlsx(rows)
    if fmt == "md":
        return _markdown(rows).encode("utf-8")
    if fmt == "json":
        items = [{c.key: _json_cell(row[c.key]) for c in COLUMNS} for row in rows]
        return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    raise SheetError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")


def _csv(rows: Sequence[Mapping[str, Cell]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_csv_cell(row[c.key]) for c in COLUMNS])
    # The BOM tells Excel the file is UTF-8, so names with accents survive a double-click.
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(cell: Cell) -> str:
    return neutralise(cell) if isinstance(cell, str) else text_of(cell)


def _json_cell(cell: Cell) -> Any:
    return cell.isoformat() if isinstance(cell, date) else cell


def _markdown(rows: Sequence[Mapping[str, Cell]]) -> str:
    lines = [
        "| " + " | ".join(HEADERS) + " |",
        "|" + "|".join("---" for _ in HEADERS) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_md_cell(row[c.key]) for c in COLUMNS) + " |")
    if not rows:
        lines.append("\n_No roadmap candidates yet._")
    return "\n".join(lines) + "\n"


def _md_cell(cell: Cell) -> str:
    """A table cell: HTML and pipes escaped, line breaks as <br>."""
    text = html.escape(text_of(cell), quote=False).replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(line.strip() for line in text.splitlines()) or " "


def _xlsx(rows: Sequence[Mapping[str, Cell]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Roadmap")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = bold, header_fill
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    fills = {p: PatternFill("solid", fgColor=c) for p, c in _PRIORITY_FILLS.items()}
    for row in rows:
        cells = []
        for column in COLUMNS:
            value = row[column.key]
            stored = datetime.combine(value, time()) if isinstance(value, date) else value
            cell = WriteOnlyCell(sheet, value=stored)
            if isinstance(value, str):
                # Typed text: never a formula, whatever it starts with.
                cell.data_type = "s"
                cell.quotePrefix = bool(_FORMULA.match(value))
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = wrap if column.wrap else top
            if column.key == "priority" and isinstance(value, str) and value[:2] in fills:
                cell.fill = fills[value[:2]]
            cells.append(cell)
        sheet.append(cells)
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(path: Path) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a CSV or XLSX file, every cell as text; SheetError if unreadable."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path.read_bytes())
    if suffix == ".xlsx":
        return read_xlsx(path.read_bytes())
    raise SheetError(f"{path.name}: import reads .csv or .xlsx files")


def read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a CSV file (UTF-8, with or without a BOM)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SheetError(f"not UTF-8 text (byte {exc.start})") from None
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise SheetError(f"not a valid CSV file: {exc}") from None
    return _split(lines, restore, pad=False)


def read_xlsx(data: bytes) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the first sheet of a workbook; a formula cell is refused."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetError(f"not an .xlsx workbook ({type(exc).__name__})") from None
    try:
        sheet = book.worksheets[0]
        lines: list[list[str]] = []
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_ROWS + 1:
                raise SheetError(f"more than {MAX_ROWS} rows")
            line = []
            for cell in row:
                if cell.data_type == "f":
                    raise SheetError(
                        f"row {number} holds a formula ({cell.coordinate}); paste values instead"
                    )
                line.append(_xlsx_text(cell.value))
            lines.append(line)
    finally:
        book.close()
    return _split(lines, lambda t: t, pad=True)


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _split(
    lines: list[list[str]], unescape: Callable[[str], str], *, pad: bool
) -> tuple[list[str], list[list[str]]]:
    """The header and the rows; a workbook's short rows are padded (empty cells are not stored),
    a CSV's are left short so import names them."""
    if not lines:
        raise SheetError("the file is empty: expected a header row")
    if len(lines) > MAX_ROWS + 1:
        raise SheetError(f"more than {MAX_ROWS} rows")
    header, *rows = lines
    # Spreadsheets pad short rows and trailing columns with blanks; those are not columns.
    while header and not header[-1].strip():
        header = header[:-1]
    width = len(header)
    cleaned = []
    for row in rows:
        cells = [unescape(c) for c in row]
        while len(cells) > width and not cells[-1].strip():
            cells.pop()
        if pad and len(cells) < width:
            cells += [""] * (width - len(cells))
        cleaned.append(cells)
    return [h.strip() for h in header], cleaned
