"""`xxgk import`: JSON with provenance, findings grouped like validate, exit codes, writing a new
workbook, filling an existing one without overwriting unless --force."""
import json

from click.testing import CliRunner

from generator.cli import main
from truth import SEEDS

S000 = str(SEEDS / "000_2625dda15ab019a2.txt")
S002 = str(SEEDS / "002_e0a4b7f9db582c7c.txt")


def run(*args):
    return CliRunner().invoke(main, ["import", *args])


def test_json_gives_the_report_with_provenance_and_the_findings():
    r = run(S002, "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["format"] == "2021" and d["report"]["meta"]["agency"] == "宝山公安分局"
    assert d["report"]["cells"]["t2.fees.amount_wan_yuan"] == 1.47
    assert d["report"]["provenance"]["t2.fees.amount_wan_yuan"] == {"line": 59, "text": "[bookmark: _GoBack]1.47万元"}
    assert [f["rule"] for f in d["findings"] if f["rule"] == "V4"] == ["V4"]
    assert d["written"] is None


def test_human_output_groups_findings_and_exits_1_on_errors():
    r = run(S000)
    assert r.exit_code == 1
    assert "表三 收到和处理政府信息公开申请情况" in r.output and "[错误] T3-2" in r.output
    assert "N6 第9行“无申请人申请行政诉讼”" in r.output
    assert "未写入工作簿：加 -o" in r.output


def test_unreadable_input_exits_2_with_a_chinese_message(tmp_path):
    r = run(str(tmp_path / "none.txt"))
    assert r.exit_code == 2 and "找不到文件" in r.output
    r = run(S000, "-o", str(tmp_path / "a.xlsx"), "--into", str(tmp_path / "b.xlsx"))
    assert r.exit_code == 2 and "只能选一个" in r.output


def test_new_workbook_then_into_without_force_changes_nothing(tmp_path):
    from generator.workbook_read import read_workbook
    book = tmp_path / "年报.xlsx"
    r = run(S002, "-o", str(book))
    assert r.exit_code == 0, r.output
    assert "已写入" in r.output
    assert read_workbook(book).cells["t2.penalty.decisions"] == 142
    r = run(S002, "-o", str(book))
    assert r.exit_code == 2 and "已存在" in r.output
    before = book.read_bytes()
    r = run(S000, "--into", str(book))
    assert r.exit_code == 1 and "未写入" in r.output and "宝山公安分局 → 鄞州公安分局" in r.output
    assert book.read_bytes() == before
    r = run(S000, "--into", str(book), "--force")
    assert "已写入" in r.output
    back = read_workbook(book)
    assert back.meta["agency"] == "鄞州公安分局" and back.cells["t2.penalty.decisions"] == 2961
