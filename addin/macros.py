"""The Python behind the workbook's buttons and ribbon: 校验, 导入文本年报, 生成年报.

One body per macro, `@xw.script def validate(book)`: a plain function for desktop Excel (called by
the thin `*_classic()` wrappers that VBA's RunPython runs with `xw.Book.caller()`), and the
registered script under xlwings Server / xlwings Lite. The macros only read and write the book:
cells are found through the workbook's defined names (generator.layout), the rules are
generator.checker's, the text import is generator.importer's and the report is generator.render's.
Anything that goes wrong is shown as a Chinese message in Excel, never as a traceback.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import re
from pathlib import Path

import xlwings as xw

from generator.layout import col_letter, col_number, defined_name, get_layout, meta_id
from generator.macros import (IMPORT_FIRST_ROW, IMPORT_HINT, IMPORT_OPTION_LABEL, OVERWRITE, RESULT_HEADER,
                              SHEET_IMPORT, SHEET_RESULTS)
from generator.model import META_FIELDS, TEXT_FIELDS, VERSIONS, get_format
from generator.report import Report, ReportError

TITLE = "政府信息公开年报"
# Fill of input cells as the workbook writer leaves them, and of cells with findings.
DEFAULT_INPUT_FILL = "#FFF2CC"
FILLS = {"错误": "#FFC7CE", "警告": "#FFEB9C"}
MAX_LISTED = 12


class MacroError(Exception):
    """A problem to tell the user (Chinese message), not a bug."""


def input_fill() -> str | None:
    """The fill the workbook writer gives input cells (restored before colouring findings)."""
    try:
        from generator import workbook_write
    except ImportError:
        return DEFAULT_INPUT_FILL
    for attr in ("INPUT_FILL", "INPUT_COLOR", "INPUT_COLOUR"):
        value = getattr(workbook_write, attr, None)
        if isinstance(value, str):
            return value if value.startswith("#") else "#" + value
    return DEFAULT_INPUT_FILL


def _alert(book, message: str, title: str = TITLE) -> None:
    try:
        book.app.alert(message, title)
    except Exception:  # an engine without alerts: the status is on the sheets anyway
        pass


def _guard(action: str):
    """Run a macro body; any exception becomes a Chinese alert instead of a traceback."""
    def wrap(fn):
        @functools.wraps(fn)
        def run(book, *args, **kwargs):
            try:
                return fn(book, *args, **kwargs)
            except (MacroError, ReportError) as e:
                _alert(book, str(e), f"{action}未完成")
            except Exception as e:  # noqa: BLE001 - the user must never see a traceback
                _alert(book, f"{action}时出现意外错误：{type(e).__name__}：{e}\n"
                             "请把本工作簿和这条信息发给技术支持人员。", f"{action}未完成")
        return run
    return wrap


# ---------------------------------------------------------------------------------------------
# Reading the book through its defined names

_REF = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?(\d+)$")


class BookCells:
    """The model's cells of an xlwings book: defined name -> (sheet, row, col), values by sheet."""

    def __init__(self, book):
        self.book = book
        self.where: dict[str, tuple[str, int, int]] = {}
        for name in book.names:
            nm = name.name
            if "!" in nm:  # sheet-scoped names are not ours
                nm = nm.split("!", 1)[1]
            if not nm.startswith("XXGK_"):
                continue
            m = _REF.match(str(name.refers_to).replace(" ", ""))
            if m:
                sheet = (m.group(1) or m.group(2)).replace("''", "'")
                self.where[nm] = (sheet, int(m.group(4)), col_number(m.group(3)))
            else:
                rng = name.refers_to_range
                self.where[nm] = (rng.sheet.name, rng.row, rng.column)
        self.version = self._version()
        self.layout = get_layout(self.version)
        self.fmt = get_format(self.version)
        self._values: dict[str, list[list]] = {}

    def _version(self) -> str:
        best, score = None, -1
        for v in VERSIONS:
            names = get_layout(v).names()
            hits = sum(1 for n in names if n in self.where)
            if hits == len(names):
                return v
            if hits > score:
                best, score = v, hits
        if score <= 0:
            raise MacroError("本工作簿中找不到年报的单元格名称（XXGK_…）：请使用 xxgk template 生成的填报模板。")
        return best

    def sheet_values(self, sheet: str) -> list[list]:
        if sheet not in self._values:
            sht = self.book.sheets[sheet]
            last = sht.used_range.last_cell
            values = sht.range((1, 1), (last.row, last.column)).options(ndim=2).value
            self._values[sheet] = values
        return self._values[sheet]

    def place(self, item_id: str) -> tuple[str, int, int] | None:
        return self.where.get(defined_name(item_id))

    def get(self, item_id: str):
        p = self.place(item_id)
        if p is None:
            return None
        values = self.sheet_values(p[0])
        try:
            value = values[p[1] - 1][p[2] - 1]
        except IndexError:
            return None
        if isinstance(value, str) and value.strip() == "":
            return None
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    def range(self, item_id: str):
        sheet, row, col = self.place(item_id)
        return self.book.sheets[sheet].range((row, col))

    def address(self, item_id: str) -> str | None:
        p = self.place(item_id)
        return f"{p[0]}!{col_letter(p[2])}{p[1]}" if p else None

    def input_ids(self) -> list[str]:
        """Cells the user fills (not formulas): table inputs, metadata and narrative fields."""
        ids = self.fmt.input_ids() + [meta_id(f.id) for f in META_FIELDS] + [f.id for f in TEXT_FIELDS]
        return [i for i in ids if self.place(i) is not None]

    def report(self) -> Report:
        meta = {}
        for f in META_FIELDS:
            v = self.get(meta_id(f.id))
            if isinstance(v, (dt.datetime, dt.date)):
                v = v.date().isoformat() if isinstance(v, dt.datetime) else v.isoformat()
            if v is not None:
                meta[f.id] = v
        meta.setdefault("format", self.version)
        text = {f.id: str(self.get(f.id)) for f in TEXT_FIELDS if self.get(f.id) is not None}
        cells = {cid: self.get(cid) for cid in self.fmt.cells}
        return Report(self.version, meta, text, cells)


def hyperlink(address: str) -> str:
    sheet, cell = address.split("!")
    return f'=HYPERLINK("#\'{sheet}\'!{cell}","{address}")'


def _sheet(book, name: str, create: bool = True):
    for s in book.sheets:
        if s.name == name:
            return s
    if not create:
        return None
    return book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])


def _safe_text(value):
    """Text that Excel would take for a formula is written as text (leading apostrophe)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


# ---------------------------------------------------------------------------------------------
# 校验

def findings_rows(cells: BookCells, findings) -> list[list]:
    rows = []
    for f in findings:
        links = [hyperlink(a) for a in (cells.address(c) for c in f.cells) if a]
        rows.append([f.rule, f.severity, f.message] + (links or [""]))
    return rows


@xw.script
@_guard("校验")
def validate(book: xw.Book):
    from generator.checker import check, summary
    cells = BookCells(book)
    findings = check(cells.report())
    # colours: restore every input cell, then mark the cells of errors and warnings
    inputs = cells.input_ids()
    marked: dict[str, str] = {}
    for f in findings:
        if f.severity in FILLS:
            for c in f.cells:
                if c in marked and marked[c] == FILLS["错误"]:
                    continue
                marked[c] = FILLS[f.severity]
    base = input_fill()
    for cid in inputs:
        cells.range(cid).color = marked.get(cid, base)
    # the 校验结果 sheet
    counts = summary(findings)
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    head = (f"校验时间 {stamp}：{counts['错误']} 个错误，{counts['警告']} 个警告，{counts['提示']} 个提示"
            if findings else f"校验时间 {stamp}：全部规则通过")
    rows = findings_rows(cells, findings)
    width = max([len(RESULT_HEADER)] + [len(r) for r in rows])
    table = [[head] + [""] * (width - 1), list(RESULT_HEADER) + [""] * (width - len(RESULT_HEADER))]
    table += [r + [""] * (width - len(r)) for r in rows]
    sheet = _sheet(book, SHEET_RESULTS)
    sheet.clear_contents()
    sheet.range((1, 1)).value = table
    summary_text = head.split("：", 1)[1]
    coloured = sum(1 for c in inputs if c in marked)
    _alert(book, f"校验完成：{summary_text}。\n详细结果见“{SHEET_RESULTS}”工作表（点击单元格链接可跳转），"
                 f"有问题的 {coloured} 个填报单元格已标色。", "校验")
    return findings


def validate_classic():
    validate(xw.Book.caller())


# ---------------------------------------------------------------------------------------------
# 导入文本年报

def pasted_text(book) -> tuple[str, bool]:
    """The text pasted into the 导入 sheet (every non-empty cell is one line, row by row) and
    whether the user allowed overwriting filled cells."""
    sheet = _sheet(book, SHEET_IMPORT, create=False)
    if sheet is None:
        raise MacroError(f"本工作簿没有“{SHEET_IMPORT}”工作表：请新建名为“{SHEET_IMPORT}”的工作表，"
                         "把年报全文粘贴到 A 列后再点击“导入文本年报”。")
    last = sheet.used_range.last_cell
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    first, overwrite = 0, False
    if values and values[0] and values[0][0] == IMPORT_HINT:
        first = IMPORT_FIRST_ROW - 1
        if len(values) > 1 and values[1][0] == IMPORT_OPTION_LABEL:
            overwrite = len(values[1]) > 1 and str(values[1][1] or "").strip() == OVERWRITE
    lines = []
    for row in values[first:]:
        items = [_cell_text(v) for v in row if v is not None and str(v).strip() != ""]
        lines.extend(items if items else [""])
    return "\n".join(lines).strip("\n"), overwrite


def _cell_text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date)):
        return f"{v.year}年{v.month}月{v.day}日"
    return str(v)


def run_importer(text: str | None = None, path: str | None = None):
    """The imported Report and the importer's findings (generator.importer)."""
    try:
        from generator.importer import import_path, import_text
    except ImportError:
        raise MacroError("本安装中没有年报导入功能（generator.importer）：请升级 xxgk。") from None
    result = import_text(text) if text is not None else import_path(path)
    return result.report, list(result.findings)


def _same(old, new) -> bool:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return abs(old - new) < 1e-9
    return str(old).strip() == str(new).strip()


def planned_writes(cells: BookCells, report: Report) -> dict[str, object]:
    """id -> value the import writes: input cells, metadata and narrative fields only."""
    out: dict[str, object] = {}
    for cid, value in report.cells.items():
        cell = cells.fmt.cells.get(cid)
        if cell is None or cell.derived or value is None or value == "":
            continue
        out[cid] = value
    for key, value in report.meta.items():
        if value not in (None, "") and key != "format":
            out[meta_id(key)] = value
    for key, value in report.text.items():
        if value not in (None, ""):
            out[key] = value
    return {k: v for k, v in out.items() if cells.place(k) is not None}


def _check_fits(version: str, writes: dict) -> None:
    """Excel cuts text past 32,767 characters without a word: refuse before writing anything.
    (Control characters are Excel's to keep: it escapes them when it saves.)"""
    from generator.cell_text import check_fits
    try:
        check_fits(version, writes, xml=False)
    except ReportError as e:
        raise MacroError(str(e)) from None


def _ask_overwrite(book, message: str) -> bool:
    """Desktop Excel can ask; server and Lite alerts do not return the answer."""
    if getattr(getattr(book.app, "engine", None), "name", "") in ("remote", "officejs", "calamine"):
        return False
    try:
        return book.app.alert(message, "导入文本年报", buttons="yes_no") == "yes"
    except Exception:
        return False


def _import(book, cells: BookCells, report: Report, importer_findings, overwrite: bool, source: str):
    if report.format != cells.version:
        raise MacroError(f"{source}是 {report.format} 格式的年报，本工作簿是 {cells.version} 格式："
                         f"请用“xxgk template --format {report.format} -o 新工作簿.xlsm --macros”生成对应的工作簿后再导入。")
    writes = planned_writes(cells, report)
    if not writes:
        raise MacroError(f"{source}中没有找到可以导入的数据：请确认粘贴的是年报全文（含表格）。")
    _check_fits(cells.version, writes)
    conflicts = [k for k, v in writes.items() if cells.get(k) is not None and not _same(cells.get(k), v)]
    if conflicts and not overwrite:
        listed = "\n".join(f"{cells.address(k)}：现为“{cells.get(k)}”，导入值为“{writes[k]}”"
                           for k in conflicts[:MAX_LISTED])
        more = f"\n……共 {len(conflicts)} 个单元格" if len(conflicts) > MAX_LISTED else ""
        question = f"下列 {len(conflicts)} 个已填写的单元格与导入的数据不同：\n{listed}{more}\n\n"
        if not _ask_overwrite(book, question + "是否用导入的数据覆盖？"):
            raise MacroError(question + "未导入任何数据。若要覆盖，请在“导入”工作表 B2 选择“覆盖”后重新点击"
                                        "“导入文本年报”，或先清空这些单元格。")
    for k, v in writes.items():
        if cells.get(k) is None or k in conflicts:
            cells.range(k).value = _safe_text(v)
    skipped = len(writes) - sum(1 for k in writes if cells.get(k) is None or k in conflicts)
    note = f"；{skipped} 个单元格原已填写相同的值" if skipped else ""
    extra = f"\n导入时发现 {len(importer_findings)} 个问题，点击“校验”查看全部校验结果。" if importer_findings else \
        "\n请点击“校验”检查导入的数据。"
    _alert(book, f"已从{source}导入 {len(writes) - skipped} 个单元格{note}。{extra}", "导入文本年报")
    return writes


@xw.script
@_guard("导入文本年报")
def import_report(book: xw.Book):
    text, overwrite = pasted_text(book)
    if not text.strip():
        raise MacroError(f"“{SHEET_IMPORT}”工作表是空的：请把已发布年报的全文粘贴到第 {IMPORT_FIRST_ROW} 行起的 A 列。")
    cells = BookCells(book)
    report, found = run_importer(text=text)
    return _import(book, cells, report, found, overwrite, f"“{SHEET_IMPORT}”工作表")


def import_report_classic():
    import_report(xw.Book.caller())


@_guard("导入文本年报")
def import_file(book, path: str):
    cells = BookCells(book)
    p = Path(path)
    if not p.exists():
        raise MacroError(f"找不到文件：{p}")
    report, found = run_importer(path=str(p))
    return _import(book, cells, report, found, False, f"文件“{p.name}”")


def import_file_classic(hex_path: str):
    path = "".join(chr(int(hex_path[i:i + 4], 16)) for i in range(0, len(hex_path), 4))
    import_file(xw.Book.caller(), path)


# ---------------------------------------------------------------------------------------------
# 生成年报

def output_folder(book) -> Path | None:
    """The workbook's folder, or None where there is no file system (xlwings Server, Lite)."""
    full = str(book.fullname or "")
    if "://" in full or not os.path.isabs(full):
        return None
    folder = Path(full).parent
    return folder if folder.is_dir() else None


def write_report(report: Report, folder: Path, stem: str) -> tuple[list[Path], int]:
    """Render the .docx (and a .pdf where LibreOffice is installed) into `folder`; a report with
    errors is written as a draft (marked 草稿 by the renderer). Returns the files and the error count."""
    try:
        from generator.render import RenderError, RenderRefused, render_report
    except ImportError:
        raise MacroError("本安装中没有年报生成功能（generator.render）：请升级 xxgk。") from None
    from generator.office import find_soffice
    target = folder / f"{stem}_年报.docx"
    errors, force, pdf = 0, False, bool(find_soffice())
    for _ in range(3):
        try:
            written = render_report(report, target, force=force, pdf=pdf)
            break
        except RenderRefused as e:
            errors, force = len(e.findings), True
        except RenderError as e:
            if not pdf:
                raise MacroError(f"无法生成年报：{e}") from None
            pdf = False            # the .docx matters; the PDF is a bonus
    else:
        raise MacroError("无法生成年报。")
    return [Path(p) for p in written], errors


@xw.script
@_guard("生成年报")
def generate_report(book: xw.Book):
    cells = BookCells(book)
    report = cells.report()
    folder = output_folder(book)
    if folder is None:
        raise MacroError("当前运行环境（xlwings Server 或 xlwings Lite）不能在电脑上保存文件，无法生成年报文件。"
                         "请在桌面版 Excel 中打开本工作簿后点击“生成年报”，或在命令行运行“xxgk render 工作簿 -o 年报.docx”。")
    written, errors = write_report(report, folder, Path(str(book.fullname)).stem)
    warn = (f"\n注意：校验发现 {errors} 个错误，年报已标为“草稿”。请点击“校验”查看并改正后重新生成。"
            if errors else "")
    _alert(book, "年报已生成，保存在：\n" + "\n".join(str(p) for p in written) + warn, "生成年报")
    return written


def generate_report_classic():
    generate_report(xw.Book.caller())
