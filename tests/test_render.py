"""The generated report: every format parses, tables carry the report's values and the verbatim
labels, totals are computed, refusal and 草稿 marking, escaping, the template sandbox, round trip."""
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.model import get_format
from generator.render import RenderError, RenderRefused, render_report
from generator.report import Report
from truth import TRUTH_FILES, truth_report

SAMPLE = Path(__file__).parents[1] / "samples" / "sample-2023.json"
SEED_2021, SEED_2019 = TRUTH_FILES[0], TRUTH_FILES[1]   # 000 (2021 format), 001 (2019 format)
FORMATS = ("docx", "html", "md", "txt")
EVIL = '<script>alert("x")</script> {{ 7*7 }} {% if 1 %}是{% endif %} & <b>粗</b>'

META = {"address": "某市某区人民路1号", "postcode": "315000", "phone": "0574-12345678",
        "email": "gk@example.gov.cn", "website": "http://www.example.gov.cn/xxgk", "publish_date": "2024-01-20"}
TEXT = {"s1.overview": "本年度政府信息公开工作总体情况。", "s1.active": "主动公开情况。",
        "s5": "存在的主要问题：答复不够规范。改进情况：下一步加强培训。", "s6": "无。",
        "s6.fees": "本年度未收取信息处理费。"}


def seed_report(path: Path, **text) -> Report:
    r = truth_report(path)
    r.meta.update(META)
    r.meta["publish_date"] = f"{r.year + 1}-01-20"
    r.text.update(TEXT, **text)
    r.sections_present = None
    return r


# --- expected values, computed here from the truth file (independently of the renderer) ---------

def expected_cells(path: Path) -> dict[str, str]:
    d = json.loads(path.read_text(encoding="utf-8"))
    fmt = get_format(d["format"])

    def text(v):
        return "" if v is None else str(v).strip()

    out = {}
    for row, cols in d["table2"].items():
        for col, v in cols.items():
            out[f"t2.{row}.{col}"] = text(v)
    rows = {k: list(v) for k, v in d["table3"].items()}
    names = list(rows)
    outcome = names[names.index("carried_over") + 1:names.index("total_processed")]
    for c in range(6):
        parts = [rows[o][c] for o in outcome]
        rows["total_processed"][c] = None if None in parts else sum(parts)
    for vals in rows.values():
        vals[6] = None if None in vals[:6] else sum(vals[:6])
    cols = ["natural", "commercial", "research", "public_welfare", "legal_service", "other_org", "total"]
    for row, vals in rows.items():
        for col, v in zip(cols, vals):
            out[f"t3.{row}.{col}"] = text(v)
    t4 = list(d["table4"])
    for g in range(3):
        part = t4[5 * g:5 * g + 4]
        t4[5 * g + 4] = None if None in part else sum(part)
    ids = [f"t4.{g}.{c}" for g in ("review", "lit_direct", "lit_after_review")
           for c in ("upheld", "corrected", "other", "pending", "total")]
    out.update(zip(ids, map(text, t4)))
    assert set(out) == {c for c in fmt.cells if not c.endswith("amount_unit")}
    return out


# --- readers: each output's tables as grids of strings -----------------------------------------

class _HtmlTables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.text, self.tags = [], [], []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = {"text": "", "colspan": int(a.get("colspan", 1)), "rowspan": int(a.get("rowspan", 1))}

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data
        self.text.append(data)


def _expand(rows):
    width = sum(c["colspan"] for c in rows[0])
    grid = [[None] * width for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while grid[r][c] is not None:
                c += 1
            for dr in range(cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    grid[r + dr][c + dc] = cell["text"].strip()
            c += cell["colspan"]
    return grid


def width(text: str) -> int:
    """Display width on a monospaced screen (written here independently of the renderer)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def tokens(line: str) -> list[tuple[int, int, str]]:
    """(first display column, display column after the last, text) of each run of non-spaces."""
    return [(width(line[:m.start()]), width(line[:m.end()]), m.group()) for m in re.finditer(r"\S+", line)]


def aligned_table(lines: list[str], head: int, values: int) -> list[list[str]]:
    """An aligned text table: `head` heading lines (their words in order, one list), then rows of
    [labels..., value per column]. Values are right-aligned: every value of one column must end
    at the same display column, so the table has exactly `values` such columns."""
    body = [tokens(line) for line in lines[head:]]
    edges = sorted({end for row in body for _, end, _ in row[-values:] if row})
    label_end = max(end for row in body for _, end, _ in row[:-values] or [(0, 0, "")])
    edges = [e for e in edges if e > label_end]
    assert len(edges) == values, (edges, lines)
    out = [[t for line in lines[:head] for _, _, t in tokens(line)]]
    for row in body:
        labels = [t for _, end, t in row if end <= label_end]
        by_edge = {end: t for _, end, t in row if end > label_end}
        out.append(labels + [by_edge.get(e, "") for e in edges])
    return out


def read_txt_tables(text: str, version: str) -> list[list[list[str]]]:
    """Tables 二, 三, 四 of the .txt output under the headings 二, 三, 四, 五, read by display column."""
    heads = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
             "五、存在的主要问题及改进情况"]
    blocks = []
    for start, end in zip(heads, heads[1:]):
        block = text.split("\n" + start, 1)[1].split("\n" + end, 1)[0].split("\n")[1:]
        blocks.append([line for line in block if line.strip() and not line.startswith("　　")])
    t2 = []
    subtables = {st.caption: st for st in get_format(version).t2}
    i = 0
    while i < len(blocks[0]):
        st = subtables[blocks[0][i].strip()]
        n = len(st.rows) + 1
        piece = aligned_table(blocks[0][i + 1:i + 1 + n], 1, len(st.columns))
        t2 += [[st.caption], piece[0]] + piece[1:]
        i += 1 + n
    t3 = aligned_table(blocks[1], 3, 7)
    t4 = aligned_table(blocks[2], 3, 15)
    return [t2, [[], [], t3[0]] + t3[1:], [[], [], t4[0]] + t4[1:]]


def read_md_tables(text: str) -> list[list[list[str]]]:
    """Markdown tables; the sub-tables of 二 (each under its bold caption) make one table, their
    captions as rows. Every row of a table must have as many cells as its header."""
    tables, cur, caption, t2 = [], [], None, []
    for line in text.split("\n") + [""]:
        if line.startswith("|"):
            if not re.fullmatch(r"\|( --- \|)+", line):
                cur.append([re.sub(r"\\(.)", r"\1", c.strip()) for c in line.strip()[1:-1].split(" | ")])
            continue
        if cur:
            assert {len(r) for r in cur} == {len(cur[0])}, cur
            if caption:
                t2 += [[caption]] + cur
            else:
                tables.append(cur)
            cur, caption = [], None
        m = re.fullmatch(r"\*\*(第.+项)\*\*", line)
        if m:
            caption = re.sub(r"\\(.)", r"\1", m.group(1))
    return [t2] + tables


def read_tables(path: Path, version: str = "2021") -> list[list[list[str]]]:
    kind = path.suffix[1:]
    if kind == "docx":
        return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables]
    text = path.read_text(encoding="utf-8")
    if kind == "html":
        p = _HtmlTables()
        p.feed(text)
        return [_expand(t) for t in p.tables]
    if kind == "txt":
        return read_txt_tables(text, version)
    return read_md_tables(text)


def table_cells(tables, version: str) -> dict[str, str]:
    """Cell id -> text, found by the model's row labels and the header positions."""
    fmt = get_format(version)
    t2, t3, t4 = tables
    out = {}
    subtables = {st.caption: st for st in fmt.t2}
    st = pos = None
    for row in t2:
        if row[0] in subtables:
            st = subtables[row[0]]
        elif row[0] == st.header:
            pos = [row.index(c.label) for c in st.columns]
        else:
            r = next(r for r in st.rows if r.label == row[0])
            for c, i in zip(st.columns, pos):
                out[f"t2.{r.id}.{c.id}"] = row[i]
    labels = {r.label: r.id for r in fmt.t3_data_rows}
    for row in t3[3:]:
        label = [x for x in row[:-7] if x][-1]
        for j, c in enumerate(("natural", "commercial", "research", "public_welfare", "legal_service",
                               "other_org", "total")):
            out[f"t3.{labels[label]}.{c}"] = row[-7 + j]
    ids = [f"t4.{g}.{c}" for g in ("review", "lit_direct", "lit_after_review")
           for c in ("upheld", "corrected", "other", "pending", "total")]
    out.update(zip(ids, t4[3]))
    return out


NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_HEAD_REPEAT = [
    [NOTE] * 3 + ["申请人情况"] * 7,
    [NOTE] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
    [NOTE] * 3 + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
]
T4_HEAD_REPEAT = [
    ["行政复议"] * 5 + ["行政诉讼"] * 10,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    d = tmp_path_factory.mktemp("render")
    out = {}
    for seed in (SEED_2021, SEED_2019):
        r = seed_report(seed)
        for f in FORMATS:
            p = d / f"{seed.stem[:3]}.{f}"
            assert render_report(r, p) == [p]
            out[seed.stem[:3], f] = p
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", [SEED_2021, SEED_2019], ids=["2021", "2019"])
def test_tables_carry_exactly_the_values_and_labels(rendered, seed, fmt):
    path = rendered[seed.stem[:3], fmt]
    version = json.loads(seed.read_text(encoding="utf-8"))["format"]
    tables = read_tables(path, version)
    assert len(tables) == 3
    assert table_cells(tables, version) == expected_cells(seed)
    t3_head, t4_head = tables[1][:3], tables[2][:3]
    if fmt in ("docx", "html"):
        assert t3_head == T3_HEAD_REPEAT and t4_head == T4_HEAD_REPEAT
    else:
        flat3 = [x for row in t3_head for x in row if x]
        assert flat3 == [NOTE, "申请人情况", "自然人", "法人或其他组织", "总计",
                         "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
        flat4 = [x for row in t4_head for x in row if x]
        assert flat4 == ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                         "未经复议直接起诉", "复议后起诉"] + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    # every table 二 caption and column header of the version, verbatim
    captions = [row[0] for row in tables[0]]
    for st in get_format(version).t2:
        assert st.caption in captions
        for c in st.columns:
            assert any(c.label in row for row in tables[0])


@pytest.mark.parametrize("fmt", FORMATS)
def test_title_sections_opening_and_closing(rendered, fmt):
    path = rendered["000", fmt]
    text = _all_text(path)
    assert "宁波市公安局鄞州分局2023年政府信息公开工作年度报告" in text
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in text
    order = [text.index(h) for h in ("一、总体情况", "二、主动公开", "三、收到和处理", "四、政府信息公开行政复议",
                                     "五、存在的主要问题", "六、其他需要报告")]
    assert order == sorted(order)
    assert "《中华人民共和国政府信息公开条例》" in text and "2023年1月1日起至2023年12月31日止" in text
    assert "http://www.example.gov.cn/xxgk" in text and "0574-12345678" in text
    assert "（一）主动公开" in text and "草稿" not in text
    assert text.rstrip().endswith("2024年1月20日") or "2024年1月20日" in text[-200:]
    # data sentence from the cells (seed 000: 24 received, 17 processed, 7 carried forward)
    assert "本年度共收到政府信息公开申请24件，上年结转0件；办结17件，其中予以公开4件、部分公开3件" in text
    assert "结转下年度继续办理7件" in text


def _all_text(path: Path) -> str:
    if path.suffix == ".docx":
        d = docx.Document(str(path))
        parts = [p.text for p in d.sections[0].header.paragraphs] + [p.text for p in d.paragraphs]
        return "\n".join(parts)
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        p = _HtmlTables()
        p.feed(raw)
        return "".join(p.text)
    if path.suffix == ".md":
        return re.sub(r"\\(.)", r"\1", raw)
    return raw


def test_stated_totals_are_recomputed_and_blank_is_not_zero(tmp_path):
    r = seed_report(SEED_2021)
    r.cells["t3.new_received.total"] = 999          # a stale stated total
    r.cells["t3.granted.natural"] = None             # a blank part
    r.cells["t3.carried_over.natural"] = 4           # keeps table 三's identity decidable elsewhere
    written = render_report(r, tmp_path / "r.html")
    assert not written.draft
    cells = table_cells(read_tables(tmp_path / "r.html"), "2021")
    assert cells["t3.new_received.total"] == "24"
    assert cells["t3.granted.natural"] == "" and cells["t3.granted.total"] == ""
    assert cells["t3.total_processed.natural"] == ""
    text = _all_text(tmp_path / "r.html")
    # a report to publish leaves the blank figures out of the sentence, and says so
    assert "本年度共收到政府信息公开申请24件，上年结转4件；办结的申请中，部分公开3件" in text
    assert "予以公开0件" not in text and "数据未填写" not in text
    assert any("予以公开" in n and "办结" in n for n in written.notes)
    # a draft marks them where they would be
    r.cells["t4.review.upheld"] = -1                 # T4-2, 错误
    written = render_report(r, tmp_path / "d.html", force=True)
    text = _all_text(tmp_path / "d.html")
    assert written.draft and "予以公开（数据未填写）" in text and "办结（数据未填写）" in text


def test_refuses_errors_and_marks_forced_output_as_draft(tmp_path):
    r = seed_report(SEED_2021)
    r.cells["t3.granted.natural"] = 40               # breaks 一+二 = 三+四 (T3-1, 错误)
    with pytest.raises(RenderRefused) as e:
        render_report(r, tmp_path / "r.docx")
    assert any(f.rule == "T3-1" for f in e.value.findings)
    assert not (tmp_path / "r.docx").exists()
    for f in FORMATS:
        p = tmp_path / f"r.{f}"
        render_report(r, p, force=True)
        text = _all_text(p)
        assert "【草稿】宁波市公安局鄞州分局2023年" in text
        assert "草稿——本报告未通过校验" in text


def test_cli_exit_codes_and_messages(tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.json"
    d = json.loads(SAMPLE.read_text(encoding="utf-8"))
    d["cells"]["t3.granted.natural"] = 40
    bad.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    res = runner.invoke(main, ["render", str(bad), "-o", str(tmp_path / "a.docx")])
    assert res.exit_code == 1 and "T3-1" in res.output and not (tmp_path / "a.docx").exists()
    res = runner.invoke(main, ["render", str(bad), "-o", str(tmp_path / "a.docx"), "--draft"])
    assert res.exit_code == 0 and "草稿" in res.output
    res = runner.invoke(main, ["render", str(SAMPLE), "-o", str(tmp_path / "a.docx")])
    assert res.exit_code == 2 and "已存在" in res.output and "--force" in res.output
    res = runner.invoke(main, ["render", str(SAMPLE), "-o", str(tmp_path / "a.docx"), "--force"])
    assert res.exit_code == 0 and "已替换原有文件" in res.output
    res = runner.invoke(main, ["render", str(bad), "-o", str(bad)])
    assert res.exit_code == 2 and "不支持的输出格式" in res.output
    copy = tmp_path / "in.html"
    copy.write_text("x", encoding="utf-8")
    res = runner.invoke(main, ["render", str(copy), "-o", str(copy)])
    assert res.exit_code == 2 and "不会覆盖输入" in res.output and copy.read_text(encoding="utf-8") == "x"
    res = runner.invoke(main, ["render", str(tmp_path / "missing.json"), "-o", str(tmp_path / "b.html")])
    assert res.exit_code == 2 and "找不到文件" in res.output
    res = runner.invoke(main, ["render", str(SAMPLE), "-o", str(tmp_path / "b.html"), "--pdf"])
    assert res.exit_code == 2 and "--pdf" in res.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_narrative_markup_stays_literal_text(tmp_path, fmt):
    r = seed_report(SEED_2021, s5="存在的主要问题和改进：" + EVIL)
    p = tmp_path / f"e.{fmt}"
    render_report(r, p)
    raw = p.read_bytes().decode("utf-8", "replace") if fmt != "docx" else ""
    text = _all_text(p)
    assert "存在的主要问题和改进：" + EVIL in text
    assert "49" not in text.split("存在的主要问题和改进：", 1)[1][:60]
    if fmt == "html":
        parser = _HtmlTables()
        parser.feed(raw)
        assert "script" not in parser.tags and "b" not in parser.tags
    if fmt == "md":
        assert "<script>" not in raw and "<b>" not in raw
    if fmt == "docx":
        assert any(para.text == "存在的主要问题和改进：" + EVIL for para in docx.Document(str(p)).paragraphs)


def test_user_template_renders_in_a_sandbox(tmp_path):
    r = seed_report(SEED_2021)
    good = tmp_path / "mine.txt.j2"
    good.write_text("{{ title }}|{{ t3.rows[0].v[6] }}|{{ s.s3.sentence[:9] }}", encoding="utf-8")
    render_report(r, tmp_path / "mine.txt", template=good)
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == \
        "宁波市公安局鄞州分局2023年政府信息公开工作年度报告|24|本年度共收到政府信"
    cases = {
        "{{ ''.__class__.__mro__ }}": "不允许的内部属性",
        "{{ title.__class__.__mro__[1].__subclasses__() }}": "不允许的内部属性",
        "{{ cycler.__init__.__globals__ }}": "不允许的内部属性",
        "{% include '/etc/passwd' %}": "不能使用 include",
        "{% extends '/etc/passwd' %}": "不能使用 include",
        "{% for x in %}": "语法错误",
    }
    for i, (source, message) in enumerate(cases.items()):
        t = tmp_path / f"evil{i}.html.j2"
        t.write_text(source, encoding="utf-8")
        with pytest.raises(RenderError) as e:
            render_report(r, tmp_path / f"evil{i}.html", template=t)
        assert message in str(e.value), (source, str(e.value))
        assert "root:" not in str(e.value)
        assert not (tmp_path / f"evil{i}.html").exists()


def test_user_docx_template_is_sandboxed_too(tmp_path):
    r = seed_report(SEED_2021)
    for i, source in enumerate(("{{ title }}", "{{ ''.__class__.__mro__ }}", "{% include '/etc/passwd' %}")):
        d = docx.Document()
        d.add_paragraph(source)
        t = tmp_path / f"t{i}.docx"
        d.save(str(t))
        out = tmp_path / f"o{i}.docx"
        if i == 0:
            render_report(r, out, template=t)
            assert docx.Document(str(out)).paragraphs[0].text.startswith("宁波市公安局鄞州分局2023年")
        else:
            with pytest.raises(RenderError, match="不允许的内部属性|不能使用 include"):
                render_report(r, out, template=t)
    res = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(tmp_path / "x.html"),
                                    "--template", str(tmp_path / "t2.docx")])
    assert res.exit_code == 2 and "文本模板" in res.output


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
def test_output_imports_back_to_identical_cells(rendered, fmt):
    from generator.importer import import_path
    from generator.render.context import rendered_cells
    for seed in (SEED_2021, SEED_2019):
        back = import_path(rendered[seed.stem[:3], fmt]).report
        want = rendered_cells(seed_report(seed))
        assert back.format == seed_report(seed).format
        from generator.values import parse
        fmt_ = get_format(back.format)
        got = {k: parse(back.cells.get(k), c.kind).number for k, c in fmt_.cells.items() if c.kind.value != "unit"}
        exp = {k: parse(want.get(k), c.kind).number for k, c in fmt_.cells.items() if c.kind.value != "unit"}
        assert got == exp


def test_builtin_templates_are_package_resources():
    from importlib.resources import files
    names = {p.name for p in files("generator.templates").iterdir()}
    assert {"report.docx", "report.html.j2", "report.md.j2", "report.txt.j2"} <= names


def test_docx_page_setup_is_gbt_9704(rendered):
    d = docx.Document(str(rendered["000", "docx"]))
    s = d.sections[0]
    mm = [round(x.mm) for x in (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin,
                                s.right_margin)]
    assert mm == [210, 297, 37, 35, 28, 26]
    normal = d.styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") \
        == "仿宋_GB2312"
    title = d.paragraphs[0]
    assert title.style.name == "报告标题" and title.style.font.size.pt == 22
