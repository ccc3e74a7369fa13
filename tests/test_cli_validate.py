"""`xxgk validate` on JSON reports: exit codes, grouping, JSON output, clear errors."""
import json

from click.testing import CliRunner

from generator.cli import main
from test_checker import _full_report
from truth import TRUTH_FILES, truth_report


def _write(tmp_path, report, name="r.json"):
    p = tmp_path / name
    p.write_text(report.to_json(), encoding="utf-8")
    return p


def test_clean_report_exits_0(tmp_path):
    res = CliRunner().invoke(main, ["validate", str(_write(tmp_path, _full_report()))])
    assert res.exit_code == 0, res.output
    assert "共 0 个错误，0 个警告" in res.output


def test_errors_exit_1_grouped_by_table_with_cells(tmp_path):
    res = CliRunner().invoke(main, ["validate", str(_write(tmp_path, truth_report(TRUTH_FILES[0])))])
    assert res.exit_code == 1
    out = res.output
    assert "表三 收到和处理政府信息公开申请情况" in out
    assert "[错误] T3-2" in out and "表三!D28" in out


def test_json_output_is_machine_readable(tmp_path):
    res = CliRunner().invoke(main, ["validate", "--json", str(_write(tmp_path, truth_report(TRUTH_FILES[4])))])
    assert res.exit_code == 1
    data = json.loads(res.output)
    assert data["format"] == "2019" and data["summary"]["错误"] >= 3
    f = next(f for f in data["findings"] if f["rule"] == "T3-2")
    assert f["severity"] == "错误" and f["cells"][0] == "t3.total_processed.natural" and f["where"][0] == "表三!D26"


def test_previous_year_is_used(tmp_path):
    prev = _full_report()
    prev.meta["year"] = 2022
    prev.cells["t3.carried_forward.total"] = 5
    res = CliRunner().invoke(main, ["validate", str(_write(tmp_path, _full_report())),
                                    "--previous", str(_write(tmp_path, prev, "prev.json"))])
    assert "Y1" in res.output


def test_unreadable_inputs_exit_2_with_a_chinese_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    for args in (["validate", str(bad)], ["validate", str(tmp_path / "missing.json")],
                 ["validate", str(_write(tmp_path, _full_report())), "--deadline", "13-45"]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 2, res.output
        assert "错误：" in res.output and "Traceback" not in res.output


def test_an_unexpected_bug_gives_a_chinese_message_and_a_log_not_a_traceback(tmp_path, monkeypatch):
    import generator.checker

    def broken(*a, **k):
        raise ZeroDivisionError("boom")
    monkeypatch.setattr(generator.checker, "check", broken)
    res = CliRunner().invoke(main, ["validate", str(_write(tmp_path, _full_report()))])
    assert res.exit_code == 3
    assert "内部错误" in res.output and "ZeroDivisionError" in res.output and "Traceback" not in res.output
