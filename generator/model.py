"""The one declared model of the official report format (format.md §a, §b).

Both versions are declared here as data: sections, tables 二/三/四, every row and column with
its verbatim label, a stable id per cell, the kind of each cell and which cells are derived.
Everything else (workbook layout, formulas, defined names, checks, import matching, JSON
schema, rendered tables) is derived from these declarations. No other module spells a label.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cache


class Kind(str, Enum):
    COUNT = "count"            # integer >= 0
    SIGNED = "signed"          # integer, may be negative (2019 本年增/减)
    AMOUNT_WAN = "amount_wan"  # amount >= 0 in 万元 (2021 本年收费金额)
    AMOUNT = "amount"          # amount >= 0 whose unit is declared in a sibling cell (2019 采购总金额)
    UNIT = "unit"              # the declared unit of an AMOUNT cell: 元 or 万元
    TEXT = "text"


NUMERIC_KINDS = (Kind.COUNT, Kind.SIGNED, Kind.AMOUNT_WAN, Kind.AMOUNT)
AMOUNT_UNITS = ("元", "万元")


@dataclass(frozen=True)
class Cell:
    id: str
    table: str                 # "t2" | "t3" | "t4"
    row: str                   # row id within the table
    col: str                   # column id within the table
    row_label: str             # verbatim leaf label of the row
    col_label: str             # verbatim label of the column
    kind: Kind
    parts: tuple[str, ...] = ()  # ids summed to derive this cell; empty for input cells
    row_path: tuple[str, ...] = ()  # group labels above the row label, outermost first

    @property
    def derived(self) -> bool:
        return bool(self.parts)


# ---------------------------------------------------------------------------------------------
# Sections (format.md a.2). Heading ids s1..s6; the narrative fields of the 正文 sheet.

@dataclass(frozen=True)
class Section:
    id: str
    numeral: str
    heading: str               # template heading, verbatim
    notice_heading: str        # heading in the body of the notice, verbatim
    keywords: tuple[str, ...]  # for detecting the section in a published text


SECTIONS = (
    Section("s1", "一", "一、总体情况", "（一）总体情况。", ("总体情况",)),
    Section("s2", "二", "二、主动公开政府信息情况", "（二）行政机关主动公开政府信息情况。", ("主动公开",)),
    Section("s3", "三", "三、收到和处理政府信息公开申请情况", "（三）行政机关收到和处理政府信息公开申请情况。",
            ("收到和处理", "申请情况")),
    Section("s4", "四", "四、政府信息公开行政复议、行政诉讼情况",
            "（四）因政府信息公开工作被申请行政复议、提起行政诉讼情况。", ("行政复议", "行政诉讼", "行政法复议")),
    Section("s5", "五", "五、存在的主要问题及改进情况", "（五）政府信息公开工作存在的主要问题及改进情况。",
            ("问题", "改进")),
    Section("s6", "六", "六、其他需要报告的事项", "（六）其他需要报告的事项。", ("其他需要报告",)),
)


@dataclass(frozen=True)
class TextField:
    id: str
    section: str               # section id; "" for the opening, which comes before 一、
    label: str                 # heading shown on the 正文 sheet (and as sub-heading in reports)
    hint: str                  # what to write, shown to the clerk


# The narrative fields. Sub-headings of 一 follow the list in the notice (a.6).
TEXT_FIELDS = (
    # Not in the official template, but most reports open with one (本报告根据《条例》……编制): kept so
    # that a report imported and rendered again says what its source said.
    TextField("opening", "", "开头说明", "正文前的说明段落（报告依据、内容、统计期限等），可不填：不填时生成年报按模板写一段。"),
    TextField("s1.overview", "s1", "概述", "本机关上一年度政府信息公开工作的总体情况，篇幅原则上不超过一千字（含以下各小节）。"),
    TextField("s1.active", "s1", "（一）主动公开", "主动公开政府信息的情况。"),
    TextField("s1.on_request", "s1", "（二）依申请公开", "收到和办理政府信息公开申请的情况。"),
    TextField("s1.management", "s1", "（三）政府信息管理", "政府信息管理、保密审查等情况。"),
    TextField("s1.platform", "s1", "（四）政府信息公开平台建设", "政府网站、政务新媒体等公开平台建设情况。"),
    TextField("s1.oversight", "s1", "（五）监督保障",
              "含《中华人民共和国政府信息公开条例》第五十条第四项规定的各级人民政府“工作考核、社会评议和责任追究结果情况”。"),
    TextField("s5", "s5", "五、存在的主要问题及改进情况", "实事求是、明确具体：写明存在的问题和改进举措，不得敷衍了事、年年雷同。"),
    TextField("s6", "s6", "六、其他需要报告的事项", "本机关认为需要报告的其他事项。"),
    TextField("s6.fees", "s6", "收取信息处理费情况",
              "依据《政府信息公开信息处理费管理办法》收取信息处理费的情况；未收取的，写明“本年度未收取信息处理费”。"),
)


# ---------------------------------------------------------------------------------------------
# Metadata (基本信息 sheet)

@dataclass(frozen=True)
class MetaField:
    id: str
    label: str
    hint: str
    required: bool = True


META_FIELDS = (
    MetaField("agency", "机关名称", "发布报告的行政机关全称，如“宁波市公安局鄞州分局”。"),
    MetaField("year", "报告年度", "报告所属的年度，四位数字，如 2024。"),
    MetaField("format", "格式版本", "2021（国办公开办函〔2021〕30号，2021年度起）或 2019（国办公开办函〔2019〕60号，2019、2020年度）。"),
    MetaField("address", "联系地址", "公众咨询本报告的联系地址。"),
    MetaField("postcode", "邮编", "六位邮政编码。", required=False),
    MetaField("phone", "联系电话", "含区号的联系电话。"),
    MetaField("email", "电子邮箱", "联系邮箱。", required=False),
    MetaField("website", "网址", "本报告电子版所在网站或政府信息公开专栏的网址。", required=False),
    MetaField("publish_date", "发布日期", "报告向社会公布的日期，如 2025-01-20。"),
)

FORMAT_NOTICES = {
    "2021": "国办公开办函〔2021〕30号",
    "2019": "国办公开办函〔2019〕60号",
}


# ---------------------------------------------------------------------------------------------
# Table declarations

@dataclass(frozen=True)
class Column:
    id: str
    label: str
    kind: Kind


@dataclass(frozen=True)
class Row:
    id: str
    label: str


@dataclass(frozen=True)
class SubTable:
    """One sub-table of table 二: a caption row, a header row, and its data rows."""
    caption: str
    header: str                # first header cell, "信息内容"
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class T3Row:
    id: str | None             # None for a group row that carries no numbers
    label: str
    level: int                 # 1: 一、…; 2: （一）…; 3: 1.…
    parent_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table4Group:
    id: str
    label: str
    super_label: str           # "行政复议" or "行政诉讼"


T2_TITLE = "主动公开政府信息情况"
T3_TITLE = "收到和处理政府信息公开申请情况"
T4_TITLE = "政府信息公开行政复议、行政诉讼情况"
TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_HEAD_APPLICANT = "申请人情况"
T3_HEAD_ORG = "法人或其他组织"
T3_COLUMNS = (
    Column("natural", "自然人", Kind.COUNT),
    Column("commercial", "商业企业", Kind.COUNT),
    Column("research", "科研机构", Kind.COUNT),
    Column("public_welfare", "社会公益组织", Kind.COUNT),
    Column("legal_service", "法律服务机构", Kind.COUNT),
    Column("other_org", "其他", Kind.COUNT),
    Column("total", "总计", Kind.COUNT),
)
T3_ENTITY_COLUMNS = T3_COLUMNS[:6]

_G3 = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"


def _t3_rows(version: str) -> tuple[T3Row, ...]:
    rows = [
        T3Row("new_received", "一、本年新收政府信息公开申请数量", 1),
        T3Row("carried_over", "二、上年结转政府信息公开申请数量", 1),
        T3Row(None, _G3, 1),
        T3Row("granted", "（一）予以公开", 2, (_G3,)),
        T3Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2, (_G3,)),
        T3Row(None, _DENIED, 2, (_G3,)),
    ]
    groups = (
        (_DENIED, (("denied_secret", "1.属于国家秘密"),
                   ("denied_law", "2.其他法律行政法规禁止公开"),
                   ("denied_safety", "3.危及“三安全一稳定”"),
                   ("denied_third_party", "4.保护第三方合法权益"),
                   ("denied_internal", "5.属于三类内部事务信息"),
                   ("denied_process", "6.属于四类过程性信息"),
                   ("denied_enforcement", "7.属于行政执法案卷"),
                   ("denied_query", "8.属于行政查询事项"))),
        (_UNABLE, (("unable_no_info", "1.本机关不掌握相关政府信息"),
                   ("unable_need_create", "2.没有现成信息需要另行制作"),
                   ("unable_unclear", "3.补正后申请内容仍不明确"))),
        (_REJECTED, (("rejected_petition", "1.信访举报投诉类申请"),
                     ("rejected_duplicate", "2.重复申请"),
                     ("rejected_publication", "3.要求提供公开出版物"),
                     ("rejected_massive", "4.无正当理由大量反复申请"),
                     ("rejected_confirm", "5.要求行政机关确认或重新出具已获取信息"))),
    )
    for i, (group, items) in enumerate(groups):
        if i:
            rows.append(T3Row(None, group, 2, (_G3,)))
        rows.extend(T3Row(rid, label, 3, (_G3, group)) for rid, label in items)
    if version == "2021":
        rows.append(T3Row(None, _OTHER, 2, (_G3,)))
        rows.extend(T3Row(rid, label, 3, (_G3, _OTHER)) for rid, label in (
            ("other_overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("other_overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other_misc", "3.其他"),
        ))
    else:
        rows.append(T3Row("other", _OTHER, 2, (_G3,)))
    rows.append(T3Row("total_processed", "（七）总计", 2, (_G3,)))
    rows.append(T3Row("carried_forward", "四、结转下年度继续办理", 1))
    return tuple(rows)


T4_SUPER = ("行政复议", "行政诉讼")
T4_GROUPS = (
    Table4Group("review", "行政复议", "行政复议"),
    Table4Group("lit_direct", "未经复议直接起诉", "行政诉讼"),
    Table4Group("lit_after_review", "复议后起诉", "行政诉讼"),
)
T4_COLUMNS = (
    Column("upheld", "结果维持", Kind.COUNT),
    Column("corrected", "结果纠正", Kind.COUNT),
    Column("other", "其他结果", Kind.COUNT),
    Column("pending", "尚未审结", Kind.COUNT),
    Column("total", "总计", Kind.COUNT),
)

_INFO = "信息内容"


def _t2_subtables(version: str) -> tuple[SubTable, ...]:
    if version == "2021":
        return (
            SubTable("第二十条第（一）项", _INFO,
                     (Column("issued", "本年制发件数", Kind.COUNT),
                      Column("repealed", "本年废止件数", Kind.COUNT),
                      Column("in_force", "现行有效件数", Kind.COUNT)),
                     (Row("regulations", "规章"), Row("normative_docs", "行政规范性文件"))),
            SubTable("第二十条第（五）项", _INFO,
                     (Column("decisions", "本年处理决定数量", Kind.COUNT),),
                     (Row("licensing", "行政许可"),)),
            SubTable("第二十条第（六）项", _INFO,
                     (Column("decisions", "本年处理决定数量", Kind.COUNT),),
                     (Row("penalty", "行政处罚"), Row("enforcement", "行政强制"))),
            SubTable("第二十条第（八）项", _INFO,
                     (Column("amount_wan_yuan", "本年收费金额（单位：万元）", Kind.AMOUNT_WAN),),
                     (Row("fees", "行政事业性收费"),)),
        )
    items = (Column("prev_items", "上一年项目数量", Kind.COUNT),
             Column("change", "本年增/减", Kind.SIGNED),
             Column("decisions", "处理决定数量", Kind.COUNT))
    return (
        SubTable("第二十条第（一）项", _INFO,
                 (Column("new_made", "本年新制作数量", Kind.COUNT),
                  Column("new_published", "本年新公开数量", Kind.COUNT),
                  Column("total_published", "对外公开总数量", Kind.COUNT)),
                 (Row("regulations", "规章"), Row("normative_docs", "规范性文件"))),
        SubTable("第二十条第（五）项", _INFO, items,
                 (Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项"))),
        SubTable("第二十条第（六）项", _INFO, items,
                 (Row("penalty", "行政处罚"), Row("enforcement", "行政强制"))),
        SubTable("第二十条第（八）项", _INFO, items[:2],
                 (Row("fees", "行政事业性收费"),)),
        SubTable("第二十条第（九）项", _INFO,
                 (Column("items", "采购项目数量", Kind.COUNT),
                  Column("amount", "采购总金额", Kind.AMOUNT)),
                 (Row("procurement", "政府集中采购"),)),
    )


# The 2019 template gives no unit for 采购总金额 (V5): the workbook asks for it in this cell.
PROCUREMENT_UNIT_ID = "t2.procurement.amount_unit"
PROCUREMENT_UNIT_LABEL = "采购总金额单位"


# ---------------------------------------------------------------------------------------------
# The assembled format

@dataclass(frozen=True)
class Format:
    version: str
    notice: str
    t2: tuple[SubTable, ...]
    t3_rows: tuple[T3Row, ...]
    cells: dict[str, Cell] = field(repr=False)

    @property
    def t3_data_rows(self) -> tuple[T3Row, ...]:
        return tuple(r for r in self.t3_rows if r.id)

    @property
    def t3_outcome_rows(self) -> tuple[T3Row, ...]:
        """The rows that （七）总计 sums: every data row under 三、 except （七） itself."""
        return tuple(r for r in self.t3_data_rows if _G3 in r.parent_labels and r.id != "total_processed")

    def input_ids(self) -> list[str]:
        return [c.id for c in self.cells.values() if not c.derived]

    def derived_ids(self) -> list[str]:
        return [c.id for c in self.cells.values() if c.derived]

    def table_cells(self, table: str) -> list[Cell]:
        return [c for c in self.cells.values() if c.table == table]


def _build(version: str) -> Format:
    cells: dict[str, Cell] = {}
    subtables = _t2_subtables(version)
    for st in subtables:
        for row in st.rows:
            for col in st.columns:
                cid = f"t2.{row.id}.{col.id}"
                cells[cid] = Cell(cid, "t2", row.id, col.id, row.label, col.label, col.kind,
                                  row_path=(st.caption,))
    if version == "2019":
        cells[PROCUREMENT_UNIT_ID] = Cell(PROCUREMENT_UNIT_ID, "t2", "procurement", "amount_unit",
                                          "政府集中采购", PROCUREMENT_UNIT_LABEL, Kind.UNIT,
                                          row_path=("第二十条第（九）项",))
    t3_rows = _t3_rows(version)
    data_rows = [r for r in t3_rows if r.id]
    outcome_rows = [r for r in data_rows if _G3 in r.parent_labels and r.id != "total_processed"]
    for r in data_rows:
        for col in T3_COLUMNS:
            cid = f"t3.{r.id}.{col.id}"
            if col.id == "total":
                parts = tuple(f"t3.{r.id}.{c.id}" for c in T3_ENTITY_COLUMNS)
            elif r.id == "total_processed":
                parts = tuple(f"t3.{o.id}.{col.id}" for o in outcome_rows)
            else:
                parts = ()
            cells[cid] = Cell(cid, "t3", r.id, col.id, r.label, col.label, col.kind, parts, r.parent_labels)
    for g in T4_GROUPS:
        for col in T4_COLUMNS:
            cid = f"t4.{g.id}.{col.id}"
            parts = tuple(f"t4.{g.id}.{c.id}" for c in T4_COLUMNS[:4]) if col.id == "total" else ()
            path = (g.super_label,) if g.super_label != g.label else ()
            cells[cid] = Cell(cid, "t4", g.id, col.id, g.label, col.label, col.kind, parts, path)
    return Format(version, FORMAT_NOTICES[version], subtables, t3_rows, cells)


VERSIONS = ("2021", "2019")


@cache
def get_format(version: str) -> Format:
    if version not in VERSIONS:
        raise ValueError(f"未知的格式版本“{version}”：应为 2021 或 2019")
    return _build(version)


def expected_version(year: int) -> str:
    """format.md b.6: report years up to 2020 use the 2019 (试行) format."""
    return "2019" if year <= 2020 else "2021"


@cache
def cell_titles(version: str) -> dict[str, str]:
    """cell_title of every cell of a version, by id (built once)."""
    return {cid: cell_title(c) for cid, c in get_format(version).cells.items()}


def cell_title(cell: Cell) -> str:
    """Official words for a cell: table, row and column, e.g. 表三“（七）总计”行“自然人”列."""
    row = cell.row_label
    if cell.table == "t3" and cell.row_path and cell.row_path[-1] != _G3:
        row = f"{cell.row_path[-1]}{row}"
    col = cell.col_label
    if cell.table == "t4" and cell.row_path:
        row = f"{cell.row_path[0]}·{row}"
    return f"{TABLE_NAMES[cell.table]}“{row}”{'' if cell.table == 't4' else '行'}“{col}”{'' if cell.table == 't4' else '列'}"
