"""Published variants: one cell per line or per tab, pipe/markdown, flattened rows, split headers,
blank cells, extra rows, a missing table, a truncated file, label drift, .html with rowspan/colspan,
.docx with merged cells, and a round trip Report -> text -> Report."""
import random

import pytest

from generator.importer import ReportImportError, import_path, import_text
from generator.model import (T3_COLUMNS, T3_HEAD_APPLICANT, T3_HEAD_ORG, T3_NOTE, T4_COLUMNS, T4_GROUPS, T4_SUPER,
                             Kind, get_format)
from generator.report import Report
from truth import SEEDS

SEED0 = (SEEDS / "000_2625dda15ab019a2.txt").read_text(encoding="utf-8")


# -- a small text writer (the real report renderer comes later) ---------------------------------
def make_report(version="2021", seed=1, blanks=()):
    rnd = random.Random(seed)
    fmt = get_format(version)
    cells = {}
    for cid, c in fmt.cells.items():
        if c.kind is Kind.UNIT:
            cells[cid] = "万元"
        elif c.kind in (Kind.AMOUNT_WAN, Kind.AMOUNT):
            cells[cid] = round(rnd.uniform(0, 500), 2)
        elif c.kind is Kind.SIGNED:
            cells[cid] = rnd.randint(-50, 50)
        else:
            cells[cid] = rnd.randint(0, 99)
    for cid in blanks:
        cells[cid] = None if cid.endswith("natural") else "/"
    year = 2023 if version == "2021" else 2020
    text = {"s1.overview": "本年度工作概述。", "s1.active": "（一）主动公开\n主动公开信息120条。",
            "s5": "存在的问题是宣传不够。下一步将改进。", "s6": "本年度未收取信息处理费。"}
    return Report(version, {"agency": "某某市某某局", "year": year, "format": version}, text, cells)


def _fmt_value(v):
    return "" if v is None else str(v)


def _value(report, cid):
    """A cell as printed; the 2019 采购总金额 carries its unit in the cell, as reports print it."""
    text = _fmt_value(report.cells.get(cid))
    if cid == "t2.procurement.amount" and text and report.cells.get("t2.procurement.amount_unit"):
        text += report.cells["t2.procurement.amount_unit"]
    return text


def render_text(report, style="lines", split=False):
    fmt = report.fmt
    out = [f"{report.meta['agency']}{report.meta['year']}年政府信息公开工作年度报告",
           "如对本报告有疑问，请联系本局（地址：某市某路1号，邮编：100000，电话：010-12345678，电子邮箱：xx@example.cn）。",
           "一、总体情况"]
    for key in ("s1.overview", "s1.active"):
        out.append(report.text[key])
    v = lambda cid: _value(report, cid)  # noqa: E731

    def row(cells):
        if style == "lines":
            out.extend("\t" + c for c in cells)
            out.append("")
        elif style == "tabs":
            out.append("\t" + "\t".join(cells))
        elif style == "pipe":
            out.append("| " + " | ".join(cells) + " |")
        else:
            out.append(" ".join(c for c in cells if c))

    def head(label):
        return label[:3] + "\n" + label[3:] if split and style == "lines" and len(label) >= 5 else label

    out.append("二、主动公开政府信息情况")
    if style == "pipe":
        out.append("|---|---|")
    for st in fmt.t2:
        row([st.caption])
        row([st.header, *(head(c.label) for c in st.columns)])
        for r in st.rows:
            row([r.label, *(v(f"t2.{r.id}.{c.id}") for c in st.columns)])
    out.append("三、收到和处理政府信息公开申请情况")
    row([T3_NOTE, T3_HEAD_APPLICANT])
    row(["", T3_COLUMNS[0].label, T3_HEAD_ORG, T3_COLUMNS[-1].label])
    row(["", "", *(head(c.label) for c in T3_COLUMNS[1:6]), ""])
    pending = []
    for r in fmt.t3_rows:
        if r.id is None:
            pending.append(r.label)
            continue
        row([*pending, r.label, *(v(f"t3.{r.id}.{c.id}") for c in T3_COLUMNS)])
        pending = []
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    row(list(T4_SUPER))
    row([*(c.label for c in T4_COLUMNS), T4_GROUPS[1].label, T4_GROUPS[2].label])
    row(["", "", "", "", "", *(c.label for c in T4_COLUMNS), *(c.label for c in T4_COLUMNS)])
    row([v(f"t4.{g.id}.{c.id}") for g in T4_GROUPS for c in T4_COLUMNS])
    out += ["五、存在的主要问题及改进情况", report.text["s5"], "六、其他需要报告的事项", report.text["s6"], "",
            "2024年1月20日"]
    return "\n".join(out) + "\n"


def _same_cells(a: Report, b: Report):
    return {k: (a.cells.get(k), b.cells.get(k)) for k in a.fmt.cells if a.cells.get(k) != b.cells.get(k)}


@pytest.mark.parametrize("style", ["lines", "tabs", "pipe", "flat"])
@pytest.mark.parametrize("version", ["2021", "2019"])
def test_round_trip_report_to_text_and_back_gives_identical_cells(style, version):
    original = make_report(version, seed=7)
    result = import_text(render_text(original, style))
    assert result.report.format == version
    assert _same_cells(original, result.report) == {}
    assert result.report.meta["agency"] == "某某市某某局"
    assert result.report.meta["publish_date"] == "2024-01-20"
    assert result.report.meta["phone"] == "010-12345678"
    assert not [f for f in result.findings if f.rule in ("S2", "S3")]


def test_headers_split_over_lines_are_joined():
    original = make_report("2019", seed=3)
    text = render_text(original, "lines", split=True)
    assert "\t本年新\n制作数量" in text
    assert _same_cells(original, import_text(text).report) == {}


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028"])
def test_other_line_breaks_give_the_same_cells_and_line_numbers(newline):
    # Windows Notepad saves "\r\n"; the cells are read in blocks between blank lines, which must
    # count lines exactly as str.splitlines() does.
    text = render_text(make_report("2021", seed=4), "lines")
    plain, other = import_text(text).report, import_text(text.replace("\n", newline)).report
    assert other.cells == plain.cells
    assert other.provenance == plain.provenance
    line, cell = plain.provenance["t3.new_received.natural"]
    assert text.splitlines()[line - 1] == "\t" + cell

def test_table_two_columns_in_another_order_are_read_by_their_headers():
    original = make_report("2021", seed=1)
    text = render_text(original, "tabs")
    lines = text.splitlines()
    head = lines.index("\t信息内容\t本年制发件数\t本年废止件数\t现行有效件数")
    lines[head] = "\t信息内容\t现行有效件数\t本年制发件数\t本年废止件数"      # 现行有效 moved first
    for k in (head + 1, head + 2):
        label, *values = lines[k].lstrip("\t").split("\t")
        lines[k] = "\t" + "\t".join([label, values[2], values[0], values[1]])
    result = import_text("\n".join(lines))
    assert _same_cells(original, result.report) == {}
    assert not [f for f in result.findings if f.rule == "S3"]


def test_blank_and_slash_cells_stay_blank_and_slash_never_zero():
    blanks = ("t3.granted.natural", "t3.granted.commercial", "t4.review.other")
    original = make_report("2021", seed=2, blanks=blanks)
    for style in ("lines", "tabs", "pipe"):
        report = import_text(render_text(original, style)).report
        assert report.cells["t3.granted.natural"] is None
        assert report.cells["t3.granted.commercial"] == "/"
        assert report.cells["t4.review.other"] == "/"
        assert _same_cells(original, report) == {}


def test_a_row_added_by_a_province_is_reported_not_dropped_silently():
    text = SEED0.replace("\t规范性文件\n\t0\n\t0\n\t3\n",
                         "\t规范性文件\n\t0\n\t0\n\t3\n\n\t其他主动公开文件\n\t5\n\t6\n\t7\n")
    result = import_text(text)
    [f] = [f for f in result.findings if f.rule == "S3"]
    assert "其他主动公开文件" in f.message and "5 6 7" in f.message and f.severity == "警告"
    assert "第37行" in f.message
    assert result.report.cells["t2.normative_docs.in_force"] == 3


def test_a_missing_table_is_named_and_everything_else_is_imported():
    start = SEED0.index("\t行政复议\n")
    end = SEED0.index("五、存在的主要问题")
    result = import_text(SEED0[:start] + SEED0[end:])
    s2 = [f for f in result.findings if f.rule == "S2"]
    assert len(s2) == 1 and "表四" in s2[0].message and s2[0].severity == "错误"
    assert not [f for f in result.findings if f.rule == "V6"]   # not 15 "blank cell" warnings on top
    assert result.report.cells["t3.new_received.total"] == 24
    assert result.report.cells["t2.licensing.decisions"] == 128396
    assert "t4.review.total" not in result.report.cells
    assert result.report.text["s6"].startswith("本年度未发出")


def test_a_truncated_file_imports_what_is_there_and_lists_what_is_missing():
    text = "\n".join(SEED0.splitlines()[:194])      # stops after 4 of the 7 cells of row 7.属于行政执法案卷
    result = import_text(text)
    r = result.report
    assert r.cells["t3.denied_process.natural"] == 0 and r.cells["t2.fees.amount_wan_yuan"] == 1177.669
    # a row with fewer values than columns is not imported: which cell a value belongs to is a guess
    assert not any(k.startswith("t3.denied_enforcement.") for k in r.cells)
    assert any(f.rule == "S3" and "有 4 个值" in f.message and "该行未导入" in f.message and f.severity == "错误"
               for f in result.findings)
    missing_rows = [f for f in result.findings if f.rule == "S3" and "缺失" in f.message]
    assert any("（七）总计" in f.message for f in missing_rows)
    assert any(f.rule == "S2" and "表四" in f.message for f in result.findings)
    assert any(f.rule == "S1" and "五、存在的主要问题及改进情况" in f.message for f in result.findings)


def test_label_drift_is_normalised():
    original = make_report("2021", seed=11)
    text = render_text(original, "lines")
    text = (text.replace("（一）予以公开", "(一)予以公开").replace("1.属于国家秘密", "1、属于国家秘密")
            .replace("行政规范性文件", "规范性文件").replace("逾期未按收费通知", "逾期未接收费用通知")
            .replace("四、政府信息公开行政复议", "四、政府信息公开行政法复议").replace("科研机构", "科研 机构"))
    result = import_text(text)
    assert _same_cells(original, result.report) == {}
    assert "四" in result.report.sections_present


def test_numbers_without_a_row_label_are_never_placed_by_position():
    text = SEED0.replace("\t（一）予以公开\n", "\t\n")
    result = import_text(text)
    assert "t3.granted.natural" not in result.report.cells
    assert any(f.rule == "S3" and "没有行标签" in f.message and "第102行" in f.message and "未导入" in f.message
               for f in result.findings)
    assert result.report.cells["t3.partial.natural"] == 3


def test_format_2019_tables_in_a_2023_report_give_one_s4():
    original = make_report("2019", seed=5)
    original.meta["year"] = 2023
    result = import_text(render_text(original, "tabs"))
    assert result.report.format == "2019"
    assert [f.rule for f in result.findings].count("S4") == 1


def test_not_a_report_raises_the_importers_own_error(tmp_path):
    with pytest.raises(ReportImportError, match="不像政府信息公开工作年度报告"):
        import_text("今天天气很好。\n明天也很好。\n")
    with pytest.raises(ReportImportError, match="找不到文件"):
        import_path(tmp_path / "none.txt")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ReportImportError, match="不是有效的 .docx"):
        import_path(bad)
    (tmp_path / "r.pdf").write_bytes(b"%PDF")
    with pytest.raises(ReportImportError, match="PDF 文件已损坏或不完整"):
        import_path(tmp_path / "r.pdf")
    (tmp_path / "r.ppt").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReportImportError, match=r"不支持的文件类型“\.ppt”。支持的文件：.*\.pdf（PDF）"):
        import_path(tmp_path / "r.ppt")
    (tmp_path / "r.xlsx").write_bytes(b"PK")
    with pytest.raises(ReportImportError, match="这是填报工作簿.*xxgk validate r.xlsx"):
        import_path(tmp_path / "r.xlsx")


def test_gbk_text_files_are_read(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(SEED0.encode("gb18030"))
    assert import_path(p).report.cells["t3.new_received.total"] == 24


# -- html ----------------------------------------------------------------------------------------
def render_html(report):
    """Tables as published on portals: one 4-column grid for 二 (captions colspan=4, one-value cells
    colspan=3), table 三 with rowspan group labels and a colspan header, table 四 with spans."""
    import html
    fmt = report.fmt
    e = html.escape
    v = lambda cid: e(_value(report, cid))  # noqa: E731
    p = ["<html><head><style>td{border:1px}</style><script>var x='<td>9</td>';</script></head><body>",
         f"<h1>{report.meta['agency']}{report.meta['year']}年政府信息公开工作年度报告</h1>",
         "<p>一、总体情况</p>", f"<p>{e(report.text['s1.overview'])}</p>", "<p>二、主动公开政府信息情况</p>",
         "<table>"]
    for st in fmt.t2:
        span = 4 - len(st.columns)
        p.append(f'<tr><td colspan="4">{e(st.caption)}</td></tr>')
        p.append(f"<tr><td>{st.header}</td>" + "".join(
            f'<td colspan="{span if i == 0 else 1}">{e(c.label)}</td>' if i == 0 and span > 1 else f"<td>{e(c.label)}</td>"
            for i, c in enumerate(st.columns)) + "</tr>")
        for r in st.rows:
            tds = "".join((f'<td colspan="{span}">' if i == 0 and span > 1 else "<td>") + v(f"t2.{r.id}.{c.id}") + "</td>"
                          for i, c in enumerate(st.columns))
            p.append(f"<tr><td>{e(r.label)}</td>{tds}</tr>")
    p += ["</table>", "<p>三、收到和处理政府信息公开申请情况</p>", "<table>",
          f'<tr><td colspan="3" rowspan="3">{e(T3_NOTE)}</td><td colspan="7">{T3_HEAD_APPLICANT}</td></tr>',
          f'<tr><td rowspan="2">自然人</td><td colspan="5">{T3_HEAD_ORG}</td><td rowspan="2">总计</td></tr>',
          "<tr>" + "".join(f"<td>{c.label[:2]}<br>{c.label[2:]}</td>" for c in T3_COLUMNS[1:6]) + "</tr>"]
    rows = [r for r in fmt.t3_rows]
    for i, r in enumerate(rows):
        if r.id is None:
            continue
        tds = "".join(f"<td>{v(f't3.{r.id}.{c.id}')}</td>" for c in T3_COLUMNS)
        if r.level == 1:
            p.append(f'<tr><td colspan="3">{e(r.label)}</td>{tds}</tr>')
        elif r.level == 2:
            p.append(f'<tr><td></td><td colspan="2">{e(r.label)}</td>{tds}</tr>')
        else:
            first = rows[i - 1].id is None
            n = 0
            for rr in rows[i:]:
                if rr.level != 3:
                    break
                n += 1
            group = f'<td rowspan="{n}">{e(r.parent_labels[-1])}</td>' if first else ""
            lead = "<td></td>" if first else "<td></td>"
            p.append(f"<tr>{lead}{group}<td>{e(r.label)}</td>{tds}</tr>")
    p += ["</table>", "<p>四、政府信息公开行政复议、行政诉讼情况</p>", "<table>",
          f'<tr><th colspan="5">{T4_SUPER[0]}</th><th colspan="10">{T4_SUPER[1]}</th></tr>',
          "<tr>" + "".join(f'<th rowspan="2">{c.label}</th>' for c in T4_COLUMNS)
          + f'<th colspan="5">{T4_GROUPS[1].label}</th><th colspan="5">{T4_GROUPS[2].label}</th></tr>',
          "<tr>" + "".join(f"<th>{c.label}</th>" for c in T4_COLUMNS) * 2 + "</tr>",
          "<tr>" + "".join(f"<td>{v(f't4.{g.id}.{c.id}')}</td>" for g in T4_GROUPS for c in T4_COLUMNS) + "</tr>",
          "</table>", f"<p>五、存在的主要问题及改进情况</p><p>{e(report.text['s5'])}</p>",
          f"<p>六、其他需要报告的事项</p><p>{e(report.text['s6'])}</p>", "<p>2024年1月20日</p></body></html>"]
    return "\n".join(p)


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_html_tables_with_rowspan_and_colspan(tmp_path, version):
    original = make_report(version, seed=13, blanks=("t3.granted.natural",))
    path = tmp_path / "report.html"
    path.write_text(render_html(original), encoding="utf-8")
    result = import_path(path)
    assert result.report.format == version
    assert _same_cells(original, result.report) == {}
    assert result.report.cells["t3.granted.natural"] is None
    assert result.report.meta["year"] == original.meta["year"]
    assert not [f for f in result.findings if f.rule in ("S2", "S3")]
    line, _ = result.report.provenance["t3.new_received.natural"]
    assert str(original.cells["t3.new_received.natural"]) in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_html_fixture_file_with_merged_cells(fixtures):
    result = import_path(fixtures / "import" / "merged_2021.html")
    assert result.report.meta["agency"] == "某某市某某局"
    assert _same_cells(make_report("2021", seed=21), result.report) == {}


def test_only_tables_with_merged_cells_are_marked_merged():
    from generator.importer.blocks import is_copy
    from generator.importer.readers.html import read
    page = "<table><tr><td{}>规章</td><td>1</td></tr><tr><td>a</td><td>2</td></tr></table>"
    plain, spanned = (read(page.format(span).encode("utf-8"))[0] for span in ("", ' rowspan="2"'))
    assert not plain.merged and not any(is_copy(c) for r in plain.rows for c in r)
    assert spanned.merged and is_copy(spanned.rows[1][0])


# -- docx ----------------------------------------------------------------------------------------
def render_docx(report, path):
    import docx
    fmt = report.fmt
    d = docx.Document()
    d.add_paragraph(f"{report.meta['agency']}{report.meta['year']}年政府信息公开工作年度报告")
    d.add_paragraph("联系电话：010-12345678")
    d.add_paragraph("一、总体情况")
    d.add_paragraph(report.text["s1.overview"])
    d.add_paragraph("二、主动公开政府信息情况")
    rows = sum(2 + len(st.rows) for st in fmt.t2)
    t = d.add_table(rows=rows, cols=4)
    i = 0
    for st in fmt.t2:
        t.cell(i, 0).merge(t.cell(i, 3)).text = st.caption
        t.cell(i + 1, 0).text = st.header
        last = len(st.columns)
        for j, c in enumerate(st.columns):
            t.cell(i + 1, 1 + j).text = c.label
        if last < 3:
            t.cell(i + 1, last).merge(t.cell(i + 1, 3))
        for k, r in enumerate(st.rows):
            t.cell(i + 2 + k, 0).text = r.label
            for j, c in enumerate(st.columns):
                t.cell(i + 2 + k, 1 + j).text = _value(report, f"t2.{r.id}.{c.id}")
            if last < 3:
                t.cell(i + 2 + k, last).merge(t.cell(i + 2 + k, 3))
        i += 2 + len(st.rows)
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    data = [r for r in fmt.t3_rows]
    t = d.add_table(rows=3 + len([r for r in data if r.id]), cols=10)
    t.cell(0, 0).merge(t.cell(2, 2)).text = T3_NOTE
    t.cell(0, 3).merge(t.cell(0, 9)).text = T3_HEAD_APPLICANT
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = T3_HEAD_ORG
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for j, c in enumerate(T3_COLUMNS[1:6]):
        t.cell(2, 4 + j).text = c.label
    i = 3
    groups: dict[str, list[int]] = {}
    for r in data:
        if r.id is None:
            continue
        if r.level == 1:
            t.cell(i, 0).merge(t.cell(i, 2)).text = r.label
        elif r.level == 2:
            t.cell(i, 1).merge(t.cell(i, 2)).text = r.label
        else:
            t.cell(i, 2).text = r.label
            groups.setdefault(r.parent_labels[-1], []).append(i)
        for j, c in enumerate(T3_COLUMNS):
            t.cell(i, 3 + j).text = _fmt_value(report.cells.get(f"t3.{r.id}.{c.id}"))
        i += 1
    for label, idx in groups.items():
        t.cell(idx[0], 1).merge(t.cell(idx[-1], 1)).text = label
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t = d.add_table(rows=4, cols=15)
    t.cell(0, 0).merge(t.cell(0, 4)).text = T4_SUPER[0]
    t.cell(0, 5).merge(t.cell(0, 14)).text = T4_SUPER[1]
    for j, c in enumerate(T4_COLUMNS):
        t.cell(1, j).merge(t.cell(2, j)).text = c.label
        t.cell(2, 5 + j).text = c.label
        t.cell(2, 10 + j).text = c.label
    t.cell(1, 5).merge(t.cell(1, 9)).text = T4_GROUPS[1].label
    t.cell(1, 10).merge(t.cell(1, 14)).text = T4_GROUPS[2].label
    for j, cid in enumerate(f"t4.{g.id}.{c.id}" for g in T4_GROUPS for c in T4_COLUMNS):
        t.cell(3, j).text = _fmt_value(report.cells.get(cid))
    d.add_paragraph("五、存在的主要问题及改进情况")
    d.add_paragraph(report.text["s5"])
    d.add_paragraph("六、其他需要报告的事项")
    d.add_paragraph(report.text["s6"])
    d.add_paragraph("2024年1月20日")
    d.save(path)


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_docx_tables_with_merged_cells(tmp_path, version):
    original = make_report(version, seed=17, blanks=("t4.review.other",))
    path = tmp_path / "report.docx"
    render_docx(original, path)
    result = import_path(path)
    assert result.report.format == version
    assert _same_cells(original, result.report) == {}
    assert result.report.meta["phone"] == "010-12345678" and result.report.meta["publish_date"] == "2024-01-20"
    assert not [f for f in result.findings if f.rule in ("S2", "S3")]
    assert result.report.sections_present == ("一", "二", "三", "四", "五", "六")


def test_docx_with_an_entity_declaration_is_refused(tmp_path):
    import zipfile
    path = tmp_path / "evil.docx"
    render_docx(make_report("2021"), path)
    evil = tmp_path / "evil2.docx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(evil, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
            zout.writestr(item, data)
    with pytest.raises(ReportImportError, match="不是安全、完整的 XML"):
        import_path(evil)
