"""Starting this year's workbook from last year's: what carries over (上年结转, 现行有效件数,
上一年项目数量, contact details), what does not (narrative, across the change of format), the
command line, and the Excel button (addin/carry.py through xlwings' remote engine)."""
from click.testing import CliRunner

from generator.carry_forward import carry_forward
from generator.checker import check
from generator.cli import main
from generator.layout import get_layout, meta_id
from generator.model import TEXT_FIELDS
from generator.workbook_read import read_workbook
from generator.workbook_write import build_workbook
from test_addin import actions, book_from, write_workbook
from truth import SEEDS, TRUTH_FILES, truth_report

CONTACT = {"address": "某市某区人民路1号", "postcode": "010010", "phone": "0471-1234567", "email": "gk@example.gov.cn",
           "website": "http://www.example.gov.cn", "publish_date": "2024-01-20"}
T3 = ("natural", "commercial", "research", "public_welfare", "legal_service", "other_org")


def _prev(i=0):
    r = truth_report(TRUTH_FILES[i])
    r.meta.update(CONTACT)
    r.text.update({"s5": "存在的问题：公开不够及时。下一步将加强培训。"})
    return r


def test_2021_carries_the_carried_forward_and_in_force_counts_and_the_contact_details():
    prev = _prev(0)                               # seed 000: 2023, 2021 format, 7 carried forward
    c = carry_forward(prev)
    r = c.report
    assert r.year == 2024 and r.format == "2021" and r.text == {}
    assert {k: r.meta.get(k) for k in CONTACT if k != "publish_date"} == {k: v for k, v in CONTACT.items()
                                                                         if k != "publish_date"}
    assert r.meta["agency"] == prev.meta["agency"] and "publish_date" not in r.meta
    for col in T3:
        assert r.cells[f"t3.carried_over.{col}"] == prev.cells[f"t3.carried_forward.{col}"]
    assert r.cells["t3.carried_over.natural"] == 7
    for row in ("regulations", "normative_docs"):
        assert r.cells[f"t2.{row}.in_force"] == prev.cells[f"t2.{row}.in_force"]
    assert len(r.cells) == 8 and any("上年结转" in line for line in c.filled)


def test_2019_carries_last_years_items_plus_their_change():
    prev = _prev(1)                               # seed 001: 2019, 2019 format
    r = carry_forward(prev).report
    assert r.year == 2020 and r.format == "2019"
    fmt = prev.fmt
    rows = [row.id for st in fmt.t2 if any(c.id == "change" for c in st.columns) for row in st.rows]
    assert rows
    for row in rows:
        want = prev.cells[f"t2.{row}.prev_items"] + prev.cells[f"t2.{row}.change"]
        assert r.cells[f"t2.{row}.prev_items"] == want


def test_no_table_two_figure_crosses_the_change_of_format():
    prev = _prev(1)
    prev.meta["year"] = 2020
    r = carry_forward(prev).report                # 2021: the 2021 format
    assert r.format == "2021" and not any(k.startswith("t2.") for k in r.cells)
    assert {k for k in r.cells} == {f"t3.carried_over.{c}" for c in T3}


def test_the_carried_workbook_passes_the_cross_year_checks(tmp_path):
    prev = _prev(0)
    last = tmp_path / "2023.xlsx"
    build_workbook(last, report=prev)
    res = CliRunner().invoke(main, ["template", "--from", str(last), "-o", str(tmp_path / "2024.xlsx")])
    assert res.exit_code == 0, res.output
    assert "预填" in res.output and "上年结转" in res.output and "正文未沿用上年的文字" in res.output
    cur = read_workbook(tmp_path / "2024.xlsx")
    assert cur.year == 2024 and cur.meta["postcode"] == "010010" and cur.meta["agency"] == prev.meta["agency"]
    assert cur.cells["t3.carried_over.natural"] == 7 and not cur.text.get("s5")
    found = {f.rule for f in check(cur, previous=read_workbook(last))}
    assert not found & {"Y0", "Y1", "S8"}


def test_template_from_a_published_report_and_a_clear_message_for_no_year(tmp_path):
    seed = sorted(SEEDS.glob("000_*.txt"))[0]
    res = CliRunner().invoke(main, ["template", "--from", str(seed), "-o", str(tmp_path / "a.xlsx")])
    assert res.exit_code == 0, res.output
    assert read_workbook(tmp_path / "a.xlsx").cells["t3.carried_over.natural"] == 7
    prev = _prev(0)
    prev.meta["year"] = None
    p = tmp_path / "noyear.json"
    p.write_text(prev.to_json(), encoding="utf-8")
    res = CliRunner().invoke(main, ["template", "--from", str(p), "-o", str(tmp_path / "b.xlsx")])
    assert res.exit_code == 2 and "--year" in res.output and not (tmp_path / "b.xlsx").exists()
    res = CliRunner().invoke(main, ["template", "--from", str(p), "--year", "2024", "-o", str(tmp_path / "b.xlsx")])
    assert res.exit_code == 0, res.output


def _written(book, version):
    names = [s["name"] for s in book.api["sheets"]]
    where = {(pl.sheet, pl.row, pl.col): i for i, pl in get_layout(version).places.items()}
    return {where[(names[a["sheet_position"]], a["start_row"] + 1, a["start_column"] + 1)]: a["values"][0][0]
            for a in actions(book, "setValues")}


def test_excel_button_fills_only_empty_cells(tmp_path):
    from addin.carry import from_previous
    prev = _prev(0)
    last = tmp_path / "2023.xlsx"
    build_workbook(last, report=prev)
    empty = write_workbook(tmp_path / "2024.xlsm", None, "2021", macros=True)
    book = book_from(empty)
    from_previous(book, str(last))
    got = _written(book, "2021")
    assert got["t3.carried_over.natural"] == 7 and got[meta_id("postcode")] == "'010010"
    assert got[meta_id("year")] == 2024 and not set(got) & {f.id for f in TEXT_FIELDS}   # no narrative
    assert "已由" in actions(book, "alert")[-1]["args"][0]
    # a cell already filled is listed, never overwritten
    mine = _prev(0)
    mine.meta.update(year=2024, agency="另一个局")
    mine.cells = {"t3.carried_over.natural": 5}
    filled = write_workbook(tmp_path / "filled.xlsm", mine, macros=True)
    book = book_from(filled)
    from_previous(book, str(last))
    got = _written(book, "2021")
    assert "t3.carried_over.natural" not in got and meta_id("agency") not in got
    alert = actions(book, "alert")[-1]["args"][0]
    assert "未改动" in alert and "另一个局" in alert
