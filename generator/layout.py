"""Where each cell of the model sits in the workbook: sheet, address and defined name.

Derived from the format model only. The workbook writer draws the tables at these positions;
everything else (reader, findings, the xlwings macros) addresses cells through the defined
names, so a layout change here is the only edit a layout change needs.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .model import (META_FIELDS, PROCUREMENT_UNIT_ID, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TEXT_FIELDS,
                    Format, get_format)

SHEET_GUIDE = "说明"
SHEET_META = "基本信息"
SHEET_TEXT = "正文"
SHEET_T2 = "表二"
SHEET_T3 = "表三"
SHEET_T4 = "表四"
SHEET_CHECKS = "校验"
SHEETS = (SHEET_GUIDE, SHEET_META, SHEET_TEXT, SHEET_T2, SHEET_T3, SHEET_T4, SHEET_CHECKS)
TABLE_SHEETS = {"t2": SHEET_T2, "t3": SHEET_T3, "t4": SHEET_T4}

NAME_PREFIX = "XXGK_"

# Table 三: label columns A-C, value columns D-J; header rows 2-4, data from row 5.
T3_FIRST_ROW = 5
T3_FIRST_COL = 4
# Table 四: header rows 2-4, the one data row is row 5, columns A-O.
T4_DATA_ROW = 5
# 基本信息 and 正文: label in column A, value in column B, first field in row 3.
FIELD_FIRST_ROW = 3


def col_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def col_number(letters: str) -> int:
    """'A' -> 1, 'AA' -> 27: the inverse of col_letter."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def meta_id(field_id: str) -> str:
    return f"meta.{field_id}"


def defined_name(item_id: str) -> str:
    """Defined name of a cell, meta field or text field: 't3.granted.natural' -> 'XXGK_t3_granted_natural'."""
    return NAME_PREFIX + item_id.replace(".", "_")


@dataclass(frozen=True)
class Place:
    sheet: str
    row: int                   # 1-based
    col: int                   # 1-based

    @property
    def address(self) -> str:
        return f"{col_letter(self.col)}{self.row}"

    @property
    def absolute(self) -> str:
        return f"${col_letter(self.col)}${self.row}"

    @property
    def ref(self) -> str:
        """Sheet-qualified reference, e.g. 表三!$D$5 (CJK sheet names need no quotes)."""
        return f"{self.sheet}!{self.absolute}"

    def __str__(self) -> str:
        return f"{self.sheet}!{self.address}"


@dataclass(frozen=True)
class T2Block:
    """Rows of one table 二 sub-table in the sheet."""
    caption_row: int
    header_row: int
    first_data_row: int


@dataclass(frozen=True)
class Layout:
    version: str
    places: dict[str, Place]   # every cell id, 'meta.*' and text field id
    t2_blocks: tuple[T2Block, ...]
    t3_row_of: dict[str, int]  # table 三 row id -> sheet row
    t3_last_row: int

    def place(self, item_id: str) -> Place:
        return self.places[item_id]

    def names(self) -> dict[str, str]:
        """Defined name -> item id."""
        return {defined_name(i): i for i in self.places}


def _t2_places(fmt: Format, places: dict[str, Place]) -> tuple[T2Block, ...]:
    blocks = []
    row = 3  # row 1 title, row 2 blank
    for st in fmt.t2:
        blocks.append(T2Block(row, row + 1, row + 2))
        for i, r in enumerate(st.rows):
            for j, c in enumerate(st.columns):
                places[f"t2.{r.id}.{c.id}"] = Place(SHEET_T2, row + 2 + i, 2 + j)
        row += 2 + len(st.rows) + 1  # caption, header, rows, one blank row
    if PROCUREMENT_UNIT_ID in fmt.cells:
        amount = places["t2.procurement.amount"]
        places[PROCUREMENT_UNIT_ID] = Place(SHEET_T2, amount.row, amount.col + 1)
    return tuple(blocks)


@cache
def get_layout(version: str) -> Layout:
    fmt = get_format(version)
    places: dict[str, Place] = {}
    for i, f in enumerate(META_FIELDS):
        places[meta_id(f.id)] = Place(SHEET_META, FIELD_FIRST_ROW + i, 2)
    for i, f in enumerate(TEXT_FIELDS):
        places[f.id] = Place(SHEET_TEXT, FIELD_FIRST_ROW + i, 2)
    blocks = _t2_places(fmt, places)
    row_of = {}
    for i, r in enumerate(fmt.t3_data_rows):
        row_of[r.id] = T3_FIRST_ROW + i
        for j, c in enumerate(T3_COLUMNS):
            places[f"t3.{r.id}.{c.id}"] = Place(SHEET_T3, T3_FIRST_ROW + i, T3_FIRST_COL + j)
    for gi, g in enumerate(T4_GROUPS):
        for ci, c in enumerate(T4_COLUMNS):
            places[f"t4.{g.id}.{c.id}"] = Place(SHEET_T4, T4_DATA_ROW, 1 + gi * len(T4_COLUMNS) + ci)
    return Layout(version, places, blocks, row_of, T3_FIRST_ROW + len(fmt.t3_data_rows) - 1)
