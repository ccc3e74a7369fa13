"""Build templates/report.docx, the docxtpl template of the Word report.

Run `python -m generator.render.build_docx_template` after changing it; the result is committed so
that a clerk can open templates/report.docx in Word or WPS and restyle it (fonts, spacing, table
borders) without touching Python. The jinja2 tags in it are docxtpl tags: `{%p ... %}` control a
paragraph, `{%tr ... %}` a table row (each sits in a row of its own, excel-notes.md).

Layout follows GB/T 9704-2012 党政机关公文格式: A4; margins top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm; title 2号 方正小标宋简体; body 3号 仿宋_GB2312, 22 lines a page; headings 黑体 and
楷体_GB2312; page number 4号 宋体 "— 1 —". Fonts that are not installed fall back through the
font table's alternate names (仿宋_GB2312 -> 仿宋 ...) in Word/WPS and through fontconfig aliases
(.ci/install-system) in LibreOffice.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .build_docx_tables import t2_table, t3_table, t4_table

OUT = Path(__file__).resolve().parents[2] / "templates" / "report.docx"

FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
LATIN = "Times New Roman"
# Alternate names Word/WPS use when the official font is missing (font table w:altName).
ALT_NAMES = {FANGSONG: "仿宋", XIAOBIAOSONG: "宋体", KAITI: "楷体", HEITI: "SimHei", SONGTI: "SimSun"}
SIZE_2, SIZE_3, SIZE_4, SIZE_5, SIZE_S5 = 22, 16, 14, 10.5, 9   # 2号, 3号, 4号, 五号, 小五 in pt
LINE = 28.95   # exact line pitch: 22 lines on the 225 mm text height


def _fonts(rpr_parent, east: str, latin: str | None = None) -> None:
    """Set the fonts of a style or run: eastAsia for Chinese, ascii/hAnsi for Latin and digits."""
    rpr = rpr_parent.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]  # drop theme fonts, which would override the names
    latin = latin or east
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:hint"), "eastAsia")


def _style(doc, name: str, east: str, size: float, latin: str | None = None, align=None, indent_chars: float = 0,
           line: float | None = LINE, outline: int | None = None, bold: bool = False, before: float = 0,
           after: float = 0):
    styles = doc.styles
    st = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        st.base_style = styles["Normal"]
        st.quick_style = True
    _fonts(st.element, east, latin)
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.color.rgb = RGBColor(0, 0, 0)
    pf = st.paragraph_format
    pf.alignment = align
    pf.first_line_indent = Pt(size * indent_chars) if indent_chars else Pt(0)
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if line:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        snap = OxmlElement("w:snapToGrid")  # table text does not snap to the 22-line page grid
        snap.set(qn("w:val"), "0")
        st.element.get_or_add_pPr().insert(0, snap)
    pf.widow_control = True
    if outline is not None:
        ppr = st.element.get_or_add_pPr()
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), str(outline))
        ppr.append(lvl)
        pf.keep_with_next = True
    return st


def _page(doc) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.header_distance, sec.footer_distance = Mm(15), Mm(35 - 7) - Pt(SIZE_4)
    # GB/T 9704 7.5: page numbers on odd pages at the right, on even pages at the left.
    doc.settings.odd_and_even_pages_header_footer = True
    for header in (sec.header, sec.even_page_header):
        _banner(header)
    _page_number(sec.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _banner(header) -> None:
    """Draft banner in the header: empty for a clean report."""
    hp = header.paragraphs[0]
    hp.text = "{{ draft_banner }}"
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hp.paragraph_format.first_line_indent = Pt(0)
    for run in hp.runs:
        run.font.color.rgb = RGBColor(0xC0, 0, 0)
        run.font.bold = True
        run.font.size = Pt(12)
        _fonts(run._r, HEITI)


def _page_number(footer, align) -> None:
    """4号 半角宋体 "— 1 —" (一字线 each side), one character in from the right edge of the text
    block on odd pages and from the left on even ones; its top 7 mm below the text block."""
    fp = footer.paragraphs[0]
    fp.alignment = align
    pf = fp.paragraph_format
    pf.first_line_indent = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        pf.right_indent = Pt(SIZE_4)
    else:
        pf.left_indent = Pt(SIZE_4)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(SIZE_4)
    snap = OxmlElement("w:snapToGrid")   # not on the body's 22-line grid
    snap.set(qn("w:val"), "0")
    fp._p.get_or_add_pPr().insert(0, snap)
    for text in ("— ", None, " —"):
        if text is None:
            fld = OxmlElement("w:fldSimple")
            fld.set(qn("w:instr"), "PAGE")
            run = fp.add_run("1")
            fld.append(run._r)   # moves the run into the field
            fp._p.append(fld)
        else:
            run = fp.add_run(text)
        run.font.size = Pt(SIZE_4)
        _fonts(run._r, SONGTI, LATIN)


def _defaults(doc) -> None:
    """Chinese language and the 22-line document grid in the document defaults."""
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    sect = doc.sections[0]._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(LINE * 20)))


def _font_table(doc) -> None:
    """Declare the official fonts with GB2312 charset and an alternate name (fallback) each."""
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE)
    from lxml import etree
    root = etree.fromstring(part.blob)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, alt in ALT_NAMES.items():
        font = etree.SubElement(root, f"{{{w}}}font")
        font.set(f"{{{w}}}name", name)
        etree.SubElement(font, f"{{{w}}}altName").set(f"{{{w}}}val", alt)
        etree.SubElement(font, f"{{{w}}}charset").set(f"{{{w}}}val", "86")
        family = "modern" if name == HEITI else "roman" if name != KAITI else "script"
        etree.SubElement(font, f"{{{w}}}family").set(f"{{{w}}}val", family)
        etree.SubElement(font, f"{{{w}}}pitch").set(f"{{{w}}}val", "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _para(doc, text: str, style: str):
    p = doc.add_paragraph(text, style=style)
    return p


def _sentence(doc, expr: str) -> None:
    """The data sentence of a section, as a paragraph only when there is one."""
    _para(doc, f"{{%p if {expr} %}}", "Normal")
    _para(doc, f"{{{{ {expr} }}}}", "Normal")
    _para(doc, "{%p endif %}", "Normal")


def _lead_paragraph(doc, item: str) -> None:
    """A paragraph of a sub-heading of 一: its inline heading (「（一）主动公开方面。」, `item`.lead)
    in 楷体 as GB/T 9704 sets the second level, the rest (`item`.rest) in the body face."""
    p = doc.add_paragraph(style="Normal")
    lead = p.add_run(f"{{{{ {item}.lead }}}}")
    _fonts(lead._r, KAITI)
    p.add_run(f"{{{{ {item}.rest }}}}")


def _paragraph_loop(doc, items: str, style: str = "Normal") -> None:
    _para(doc, f"{{%p for p in {items} %}}", style)
    _para(doc, "{{ p }}", style)
    _para(doc, "{%p endfor %}", style)


def build(out: Path = OUT) -> Path:
    doc = Document()
    _defaults(doc)
    _page(doc)
    _font_table(doc)
    _style(doc, "Normal", FANGSONG, SIZE_3, LATIN, WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars=2)
    _style(doc, "报告标题", XIAOBIAOSONG, SIZE_2, None, WD_ALIGN_PARAGRAPH.CENTER, line=35, outline=None,
           after=LINE)
    _style(doc, "一级标题", HEITI, SIZE_3, None, WD_ALIGN_PARAGRAPH.LEFT, indent_chars=2, outline=0)
    _style(doc, "二级标题", KAITI, SIZE_3, None, WD_ALIGN_PARAGRAPH.LEFT, indent_chars=2, outline=1)
    _style(doc, "表格文字", FANGSONG, SIZE_5, LATIN, WD_ALIGN_PARAGRAPH.CENTER, line=None)
    _style(doc, "表格小字", FANGSONG, SIZE_S5, LATIN, WD_ALIGN_PARAGRAPH.CENTER, line=None)
    _style(doc, "落款", FANGSONG, SIZE_3, LATIN, WD_ALIGN_PARAGRAPH.RIGHT)
    doc.styles["落款"].paragraph_format.right_indent = Pt(SIZE_3 * 4)
    doc.styles["落款"].paragraph_format.keep_with_next = True

    _para(doc, "{{ display_title }}", "报告标题")
    _paragraph_loop(doc, "opening")
    # 一、总体情况
    _para(doc, "{{ s.s1.heading }}", "一级标题")
    _paragraph_loop(doc, "s.s1.paragraphs")
    _para(doc, "{%p for sub in s.s1.subsections %}", "Normal")
    _para(doc, "{%p if not sub.inline %}", "Normal")
    _para(doc, "{{ sub.heading }}", "二级标题")
    _para(doc, "{%p endif %}", "Normal")
    _lead_paragraph(doc, "sub")
    _para(doc, "{%p for part in sub.more_parts %}", "Normal")
    _lead_paragraph(doc, "part")
    _para(doc, "{%p endfor %}", "Normal")
    _para(doc, "{%p endfor %}", "Normal")
    # 二、主动公开政府信息情况
    _para(doc, "{{ s.s2.heading }}", "一级标题")
    t2_table(doc)
    # 三、收到和处理政府信息公开申请情况
    _para(doc, "{{ s.s3.heading }}", "一级标题")
    _sentence(doc, "s.s3.sentence")
    t3_table(doc)
    # 四、政府信息公开行政复议、行政诉讼情况
    _para(doc, "{{ s.s4.heading }}", "一级标题")
    _sentence(doc, "s.s4.sentence")
    t4_table(doc)
    # 五、六
    _para(doc, "{{ s.s5.heading }}", "一级标题")
    _paragraph_loop(doc, "s.s5.paragraphs")
    _para(doc, "{{ s.s6.heading }}", "一级标题")
    _paragraph_loop(doc, "s.s6.paragraphs")
    _sentence(doc, "s.s6.sentence")
    # 落款: agency and date
    _para(doc, "", "Normal")
    _para(doc, "{{ closing.agency }}", "落款")
    _para(doc, "{{ closing.date }}", "落款")

    # render.render_docx sets title, author and dates from each report; the template's own say so
    core = doc.core_properties
    core.title, core.author, core.comments = "{{ title }}", "{{ agency }}", ""
    core.last_modified_by = "{{ agency }}"
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
