"""The web-page reader: encodings, the page title block, the article apart from the site's
navigation, merged cells, nested tables, line numbers, limits, MHTML, and bad input."""
import quopri
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.importer.blocks import PAGE_TITLE, Para, Table, is_copy
from generator.importer.errors import ReportImportError
from generator.importer.readers.html import read
from truth import CORPUS

RAW = CORPUS / "raw"
PAGES = sorted(RAW.glob("*.page.html"))
MENU = ("首页", "政务公开", "解读回应", "办事服务", "互动交流", "走进平潭", "友情链接", "人民网", "新华网",
        "福建省人民政府", "微信", "全真版", "文字版", "文件下载", "附件下载", "扫一扫在手机上查看当前页面", "关闭")


def paras(blocks):
    return [b for b in blocks if isinstance(b, Para) and b.role != PAGE_TITLE]


def tables(blocks):
    return [b for b in blocks if isinstance(b, Table)]


def texts(blocks):
    """Blocks without their line numbers: paragraph texts and tables' cell texts."""
    return [b.text if isinstance(b, Para) else [[c[1] for c in r] for r in b.rows] for b in blocks]


def page(body: str, head: str = "<title>某局2023年政府信息公开工作年度报告_某市政府</title>") -> bytes:
    return f"<!DOCTYPE html><html><head><meta charset=\"utf-8\">{head}</head><body>{body}</body></html>".encode()


ARTICLE = ("<h1>某某市某某局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>本年度工作概述，成效明显。</p>"
           "<p>二、主动公开政府信息情况</p><table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td></tr>"
           "<tr><td>规章</td><td>2</td><td>3</td></tr><tr><td>行政规范性文件</td><td>4</td><td>5</td></tr></table>"
           "<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p><p>2024年1月20日</p>")
NAV = ("<div class='header'><ul>" + "".join(f"<li><a href='/{i}'>栏目{i}</a></li>" for i in range(40)) + "</ul>"
       "<div class='crumb'>当前位置：<a href='/'>首页</a> &gt; <a href='/x'>年报</a></div></div>")
FOOTER = ("<div class='links'>" + "".join(f"<a href='http://s{i}.gov.cn'>友情链接网站{i}</a>" for i in range(30)) +
          "</div><div class='footer'>版权所有：某市人民政府 主办：某市政府办公室</div>")


# -- encodings -----------------------------------------------------------------------------------
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_page_in_gbk_imports_like_its_utf8_twin(path):
    data = path.read_bytes()
    text = data.decode("utf-8")
    gbk = re.sub(r'charset="?utf-8"?', 'charset="gbk"', text, count=1, flags=re.I)
    assert gbk != text
    assert read(gbk.encode("gbk"), path.name) == read(data, path.name)


def test_the_declared_charset_of_http_equiv_is_used_and_gb2312_is_read_as_gb18030():
    body = "<p>一、总体情况</p><p>䶮字与€符号</p>"     # 䶮 is in GB18030 but not in GB2312
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>标题</title>'
    data = f"<html><head>{head}</head><body>{body}</body></html>".encode("gb18030")
    assert [b.text for b in paras(read(data))] == ["一、总体情况", "䶮字与€符号"]


def test_the_byte_order_mark_wins_and_utf8_is_read_under_a_stale_gbk_meta_tag():
    utf8 = page("<p>二、主动公开政府信息情况</p>", head='<meta charset="gbk"><title>标题</title>')
    assert [b.text for b in paras(read(utf8))] == ["二、主动公开政府信息情况"]
    utf16 = "\ufeff<html><body><p>三、收到和处理</p></body></html>".encode("utf-16-le")
    assert [b.text for b in paras(read(utf16))] == ["三、收到和处理"]


def test_bytes_in_no_known_encoding_are_refused_with_the_line():
    data = b"<html><body><p>ok</p>\n<p>\x80\x80\x80\xff</p></body></html>"
    with pytest.raises(ReportImportError, match="无法识别文字编码.*第 2 行"):
        read(data, "坏.html")


# -- the page title and the article --------------------------------------------------------------
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_saved_page_gives_its_title_then_the_article_without_the_site_menu(path):
    blocks = read(path.read_bytes(), path.name)
    first = blocks[0]
    assert first.role == PAGE_TITLE and first.line == 0 and first.text.endswith("_平潭综合实验区党工委管委会")
    got = paras(blocks)
    assert got[0].text == first.text.split("_")[0]                 # the article's heading, outside the article
    assert got[1].text.startswith("来源：") and "时间：" in got[1].text   # its byline
    assert not [p.text for p in got if p.text.strip() in MENU or "版权所有" in p.text or "ICP" in p.text]
    headings = [p.text for p in got if re.match(r"[一二三四五六]、", p.text)]
    assert [h[0] for h in headings] == list("一二三四五六")
    assert len(tables(blocks)) == 3


def test_a_bare_article_gives_all_its_blocks_and_the_same_when_wrapped_in_navigation():
    bare = read(page(ARTICLE))
    assert bare[0] == Para(0, "某局2023年政府信息公开工作年度报告_某市政府", PAGE_TITLE)
    assert len(paras(bare)) == 7 and len(tables(bare)) == 1
    wrapped = read(page(NAV + f"<div class='main'><div class='content'>{ARTICLE}</div></div>" + FOOTER))
    assert texts(wrapped) == texts(bare)


def test_an_article_in_a_layout_table_gives_its_own_tables():
    menu = "".join(f"<p><a href='/{i}'>栏目{i}</a></p>" for i in range(40))
    layout = f"<table><tr><td>{menu}</td><td>{ARTICLE}</td></tr><tr><td colspan=2>{FOOTER}</td></tr></table>"
    assert texts(read(page(layout))) == texts(read(page(ARTICLE)))


def test_the_fixture_report_keeps_every_block():
    blocks = read((Path(__file__).parent / "fixtures" / "import" / "merged_2021.html").read_bytes())
    assert paras(blocks)[0].text == "某某市某某局2023年政府信息公开工作年度报告"
    assert paras(blocks)[-1].text == "2024年1月20日" and len(tables(blocks)) == 3


def test_when_what_lies_outside_is_not_navigation_every_block_is_kept():
    # the first half of the report in one div, the rest in another: no article to tell apart
    first = "<div>" + "".join(f"<p>第{i}段，正文的内容足够长，是报告本身。</p>" for i in range(12)) + "</div>"
    rest = "<div><p>六、其他需要报告的事项</p><p>无。</p><p>2024年1月20日</p></div>"
    blocks = read(page(first + rest))
    assert len(paras(blocks)) == 15


def test_the_heading_inside_the_article_is_not_repeated():
    blocks = read(page(NAV + f"<div class='content'>{ARTICLE}</div>" + FOOTER))
    assert [b.text for b in paras(blocks)].count("某某市某某局2023年政府信息公开工作年度报告") == 1


# -- text, tables and lines ----------------------------------------------------------------------
def test_rowspan_and_colspan_fill_every_slot_with_marked_copies():
    t, = tables(read(page("<table><tr><td rowspan=2 colspan=2>甲</td><td>1</td></tr><tr><td>2</td></tr>"
                          "<tr><td>乙</td><td colspan=2>3</td></tr></table>")))
    assert [[(c[1], is_copy(c)) for c in r] for r in t.rows] == [
        [("甲", False), ("甲", True), ("1", False)],
        [("甲", True), ("甲", True), ("2", False)],
        [("乙", False), ("3", False), ("3", True)]]
    assert t.merged


def test_a_rowspan_past_the_last_cell_of_a_row_still_fills_its_column():
    t, = tables(read(page("<table><tr><td>a</td><td>b</td><td rowspan=2>c</td></tr><tr><td>d</td></tr></table>")))
    assert [[c[1] for c in r] for r in t.rows] == [["a", "b", "c"], ["d", "", "c"]]


def test_one_cells_text_over_several_paragraphs_and_spans_nbsp_kept_scripts_skipped():
    html = ("<script>document.write('<p>脚本</p>')</script><style>p{}</style><noscript><p>无脚本</p></noscript>"
            "<template><p>模板</p></template><table><tr><td><p><span>本年</span><span>新收</span></p>"
            "<p>&nbsp;申请</p></td></tr></table>")
    blocks = read(page(html))
    assert paras(blocks) == []
    assert tables(blocks)[0].rows[0][0][1] == "本年新收\n\xa0申请"


def test_a_nested_tables_text_goes_into_its_cell_and_only_the_outer_table_is_a_table():
    html = "<table><tr><td>外<table><tr><td>内1</td><td>内2</td></tr></table></td><td>9</td></tr></table>"
    t, = tables(read(page(html)))
    assert [c[1] for c in t.rows[0]] == ["外内1内2", "9"]


def test_a_table_split_by_a_page_break_gives_two_tables():
    part = "<table><tr><td>规章</td><td>1</td></tr></table>"
    blocks = read(page(part + '<br style="page-break-before:always">' + part))
    assert len(tables(blocks)) == 2


def test_line_numbers_are_the_lines_of_the_source():
    source = ("<html><body>\n<p>第一段</p>\n<div class='a'\n id='b'>第二段</div>\n<span>第</span>三段<br>\n"
              "<table>\n<tr><td>格</td>\n<td>\n5</td></tr></table>")
    blocks = read(source.encode())
    lines = source.split("\n")
    assert [(p.line, p.text) for p in paras(blocks)] == [(2, "第一段"), (4, "第二段"), (5, "第三段")]
    t, = tables(blocks)
    assert [c[0] for c in t.rows[0]] == [7, 8] and "格" in lines[6] and "<td>" in lines[7]


def test_spans_are_capped_and_a_huge_grid_is_refused_naming_the_limit():
    t, = tables(read(page("<table><tr><td colspan=100000>宽</td></tr></table>")))
    assert len(t.rows[0]) == 200
    huge = "<table>" + "<tr><td colspan=200 rowspan=200>x</td></tr>" * 600 + "</table>"
    with pytest.raises(ReportImportError, match="100000"):
        read(page(huge), "大.html")


def test_an_empty_page_gives_no_blocks():
    assert read(b"") == [] and read(b"   ") == []
    assert read(b"<html><head><title> </title></head></html>") == []


def test_an_mhtml_archive_gives_the_blocks_of_its_page():
    html = page(ARTICLE)
    body = quopri.encodestring(html).decode("ascii")
    mhtml = ("From: <Saved by Blink>\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
             'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----B"\r\n\r\n'
             '------B\r\nContent-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n'
             f"\r\n{body}\r\n------B--\r\n")
    assert texts(read(mhtml.encode("ascii"), "年报.mhtml")) == texts(read(html))


# -- anything else raises only the importer's error ----------------------------------------------
TAGS = ["<p>", "</p>", "<table>", "</table>", "<tr>", "</tr>", "<td rowspan=3>", "<td colspan=999>", "</td>",
        "<th>", "<br>", "<a>", "</a>", "<div>", "</div>", "<script>", "</script>", "<title>", "&nbsp;",
        "<meta charset=gbk>", "<noscript>", "<td rowspan=-1 colspan=x>", "<html>", "<body>"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(TAGS), st.text(max_size=8)), max_size=60))
def test_arbitrary_markup_only_raises_the_importers_error(pieces):
    for data in ("".join(pieces).encode("utf-8", "surrogatepass"), "".join(pieces).encode("utf-16-le")):
        try:
            blocks = read(data, "x.html")
        except ReportImportError:
            continue
        assert all(isinstance(b, (Para, Table)) for b in blocks)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_pages_only_raise_the_importers_error(data):
    page_bytes = bytearray(data.draw(st.sampled_from(PAGES)).read_bytes())
    for _ in range(data.draw(st.integers(1, 20))):
        at = data.draw(st.integers(0, len(page_bytes) - 1))
        page_bytes[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(page_bytes)))
    try:
        blocks = read(bytes(page_bytes[:cut]), "x.html")
    except ReportImportError:
        return
    assert all(isinstance(b, (Para, Table)) for b in blocks)
