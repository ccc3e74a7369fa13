"""The final report is clean (issue 13.4): sub-headings once, the source's opening kept, no
placeholder in a report to publish (a draft marks the gaps), the document's properties and page
numbers, plain-text tables aligned by display width, Markdown 表二 with the table's columns."""
import re
import subprocess
import unicodedata
import zipfile

import docx
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.importer import import_path
from generator.model import get_format
from generator.render import RenderRefused, render_report
from test_render import FORMATS, SEED_2021, _all_text, seed_report
from truth import SEEDS

SEED_003 = sorted(SEEDS.glob("003_*.txt"))[0]   # 一's sub-headings written inline: 「（一）主动公开方面。…」
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def imported():
    r = import_path(SEED_003).report
    r.meta.update({"address": "兴宁市某路1号", "phone": "0753-1234567", "publish_date": "2024-01-20"})
    return r


@pytest.mark.parametrize("fmt", FORMATS)
def test_inline_sub_headings_are_printed_once(imported, tmp_path, fmt):
    p = tmp_path / f"r.{fmt}"
    render_report(imported, p, force=True)
    text = _all_text(p)
    for numbering, words in (("（一）", "主动公开"), ("（二）", "依申请公开"), ("（三）", "政府信息管理"),
                             ("（四）", "平台建设"), ("（五）", "监督保障")):
        assert text.count(numbering + words) == 1, (numbering, words)
        assert numbering + words + "方面。" in text
    assert "（四）政府信息公开平台建设" not in text      # the model's label is not added above the clerk's


def test_the_inline_heading_is_in_kaiti_in_word(imported, tmp_path):
    p = tmp_path / "r.docx"
    render_report(imported, p, force=True)
    paras = docx.Document(str(p)).paragraphs
    for start, rest in (("（一）主动公开方面。", "积极发挥网站服务"), ("（六）解读回应方面。", "加强政府网站")):
        para = next(q for q in paras if q.text.startswith(start))   # （六）: a sixth one the clerk wrote
        lead = para.runs[0]
        assert lead.text == start and lead._r.rPr.rFonts.get(f"{W}eastAsia") == "楷体_GB2312"
        assert para.runs[1].text.startswith(rest)


def test_a_text_without_numbering_keeps_the_model_heading_on_its_own_line(tmp_path):
    r = seed_report(SEED_2021, **{"s1.management": "明确政府信息公开工作职责。"})
    p = tmp_path / "r.txt"
    render_report(r, p)
    text = p.read_text(encoding="utf-8")
    assert "　　（三）政府信息管理\n　　明确政府信息公开工作职责。" in text
    assert "（一）主动公开情况。" in text        # 「主动公开情况。」 opens with the label's words


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_reports_own_opening_is_kept(tmp_path, fmt):
    r = seed_report(SEED_2021)
    own = "2023年，鄞州分局认真贯彻落实《中华人民共和国政府信息公开条例》，现将本年度工作情况报告如下。"
    r.text["opening"] = own
    p = tmp_path / f"o.{fmt}"
    render_report(r, p)
    text = _all_text(p)
    assert own in text and "以下简称《条例》" not in text
    del r.text["opening"]                     # none: the generated opening
    render_report(r, p)
    assert "以下简称《条例》" in _all_text(p)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_report_to_publish_has_no_placeholder_and_says_what_it_left_out(tmp_path, fmt):
    r = seed_report(SEED_2021)
    r.text["s6.fees"] = ""
    r.text["s6"] = "无其他需要报告的事项。"
    r.meta["publish_date"] = ""
    p = tmp_path / f"p.{fmt}"
    written = render_report(r, p)
    text = _all_text(p)
    assert not written.draft and "未填写" not in text and "草稿" not in text
    assert any("收取信息处理费情况" in n for n in written.notes)
    assert any("发布日期" in n for n in written.notes)
    r.cells["t4.review.upheld"] = -1           # an error: the draft marks the gap where it is
    draft = render_report(r, tmp_path / f"d.{fmt}", force=True)
    assert draft.draft and "收取信息处理费情况：未填写。" in _all_text(tmp_path / f"d.{fmt}")


def test_the_command_line_says_what_was_left_out(tmp_path):
    r = seed_report(SEED_2021)
    r.text["s6.fees"] = ""
    r.text["s6"] = "无。"
    src = tmp_path / "r.json"
    src.write_text(r.to_json(), encoding="utf-8")
    res = CliRunner().invoke(main, ["render", str(src), "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 0, res.output
    assert "未写入报告" in res.output and "收取信息处理费情况" in res.output


def test_a_blank_agency_makes_only_a_draft(tmp_path):
    r = seed_report(SEED_2021)
    r.meta["agency"] = ""
    with pytest.raises(RenderRefused) as e:
        render_report(r, tmp_path / "a.html")
    assert any("机关名称" in f.message for f in e.value.findings)
    assert render_report(r, tmp_path / "a.html", force=True).draft


def test_postcode_kept_as_a_number_prints_with_its_zero(tmp_path):
    r = seed_report(SEED_2021)
    r.meta["postcode"] = 10010
    render_report(r, tmp_path / "z.txt")
    assert "邮编：010010" in (tmp_path / "z.txt").read_text(encoding="utf-8")


def test_word_properties_are_the_reports(tmp_path):
    r = seed_report(SEED_2021)
    render_report(r, tmp_path / "r.docx")
    core = docx.Document(str(tmp_path / "r.docx")).core_properties
    assert core.title == "宁波市公安局鄞州分局2023年政府信息公开工作年度报告"
    assert core.author == core.last_modified_by == "宁波市公安局鄞州分局"
    assert core.created.date().isoformat() == "2024-01-20" == core.modified.date().isoformat()
    assert "模板" not in (core.title + core.comments + core.subject) and core.keywords.endswith("2023")


def test_pdf_properties_are_the_reports(tmp_path):
    render_report(seed_report(SEED_2021), tmp_path / "r.pdf")
    info = subprocess.run(["pdfinfo", str(tmp_path / "r.pdf")], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == "宁波市公安局鄞州分局2023年政府信息公开工作年度报告"
    assert fields["Author"].strip() == "宁波市公安局鄞州分局"
    assert "2013" not in fields.get("CreationDate", "")


def test_page_numbers_odd_right_even_left_with_dashes(tmp_path):
    render_report(seed_report(SEED_2021), tmp_path / "r.docx")
    with zipfile.ZipFile(tmp_path / "r.docx") as z:
        settings = z.read("word/settings.xml").decode()
    assert "evenAndOddHeaders" in settings
    s = docx.Document(str(tmp_path / "r.docx")).sections[0]
    for footer, side in ((s.footer, "right"), (s.even_page_footer, "left")):
        p = footer.paragraphs[0]._p
        xml = p.xml
        assert f'<w:jc w:val="{side}"/>' in xml and 'w:instr="PAGE"' in xml
        texts = "".join(t.text for t in p.iter(f"{W}t"))
        assert texts == "— 1 —"
        assert 'w:sz w:val="28"' in xml          # 4号: 14 pt
    # and the PDF: the numbers alternate sides
    render_report(seed_report(SEED_2021), tmp_path / "r.pdf")
    out = subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    marks = [(int(m.group(2)), len(m.group(1))) for m in re.finditer(r"(?m)^( *)—\s*(\d+)\s*—\s*$", out)]
    assert len(marks) >= 3
    odd = [indent for n, indent in marks if n % 2]
    even = [indent for n, indent in marks if not n % 2]
    assert min(odd) > max(even)


def _width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_text_tables_line_up_on_screen(tmp_path):
    render_report(seed_report(SEED_2021), tmp_path / "r.txt")
    lines = (tmp_path / "r.txt").read_text(encoding="utf-8").split("\n")
    start, end = lines.index("三、收到和处理政府信息公开申请情况"), lines.index("四、政府信息公开行政复议、行政诉讼情况")
    rows = [ln for ln in lines[start:end] if re.search(r"\d$", ln) and not ln.startswith("　　")]
    ends = {tuple(_width(ln[:m.end()]) for m in re.finditer(r"\S+", ln))[-7:] for ln in rows}
    assert len(rows) >= 20 and len(ends) == 1           # every row's seven numbers end in the same columns
    assert "\t" not in "\n".join(lines)


@pytest.mark.parametrize("version_seed", [0, 1])
def test_markdown_table_two_has_the_tables_columns(tmp_path, version_seed):
    from truth import TRUTH_FILES
    r = seed_report(TRUTH_FILES[version_seed])
    render_report(r, tmp_path / "r.md")
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    part = md.split("## 二、主动公开政府信息情况", 1)[1].split("## 三、", 1)[0]
    tables = re.findall(r"((?:^\|.*\|\n)+)", part, re.M)
    fmt = get_format(r.format)
    assert len(tables) == len(fmt.t2)
    for st, table in zip(fmt.t2, tables):
        rows = [ln for ln in table.strip().split("\n") if not re.fullmatch(r"\|( --- \|)+", ln)]
        assert {ln.count(" | ") + 1 for ln in rows} == {1 + len(st.columns)}, (st.caption, rows)


def test_blank_figures_leave_the_sentences_readable_and_are_named():
    from generator.render.context import build_context
    r = seed_report(SEED_2021)
    for cid in ("t4.review.upheld", "t4.lit_direct.upheld", "t3.new_received.natural"):
        r.cells[cid] = None
    c = build_context(r)
    s3, s4 = c["s"]["s3"]["sentence"], c["s"]["s4"]["sentence"]
    assert s3.startswith("上年结转政府信息公开申请0件；办结17件，其中予以公开4件")
    assert s4.startswith("本年度因政府信息公开工作被申请的行政复议中，结果纠正0件")
    assert "；被提起的行政诉讼中，结果纠正0件" in s4 and "数据未填写" not in s3 + s4
    [note] = c["notes"]
    for name in ("收到申请数", "行政复议总计", "行政复议结果维持", "行政诉讼总计", "行政诉讼结果维持"):
        assert name in note
    draft = build_context(r, draft=True)["s"]["s4"]["sentence"]
    assert draft.startswith("本年度因政府信息公开工作被申请行政复议（数据未填写），其中结果维持（数据未填写）")
