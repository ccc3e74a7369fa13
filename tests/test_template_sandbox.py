"""A user's own template (`xxgk render --template`), text or .docx, runs in jinja2's sandbox within
bounds of time and output size; any failure is a Chinese message naming the file and the line (for
a .docx, the paragraph), exit code 2, and no output file (issue 17, point 5)."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.render import RenderError, render_report
from generator.render import sandbox
from generator.report import Report

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "sample-2023.json"


def report() -> Report:
    return Report.load_json(SAMPLE)


def render_cli(template: Path, out: Path):
    return CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(out), "--template", str(template), "--draft"])


def text_template(tmp_path: Path, source: str, name: str = "mine.txt.j2") -> Path:
    t = tmp_path / name
    t.write_text(source, encoding="utf-8")
    return t


def docx_template(tmp_path: Path, *paragraphs: str, name: str = "mine.docx") -> Path:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(str(tmp_path / name))
    return tmp_path / name


def test_division_by_zero_in_a_text_template_is_exit_2_with_file_and_line(tmp_path):
    t = text_template(tmp_path, "{{ title }}\n\n合计 {{ 1/0 }}\n")
    r = render_cli(t, tmp_path / "o.txt")
    assert r.exit_code == 2, r.output
    assert "模板“mine.txt.j2”第 3 行" in r.output and "除数为零" in r.output
    assert "Traceback" not in r.output and not (tmp_path / "o.txt").exists()


def test_failure_in_a_docx_template_names_the_paragraph(tmp_path):
    t = docx_template(tmp_path, "{{ title }}", "本年度收费 {{ 1/0 }} 万元")
    r = render_cli(t, tmp_path / "o.docx")
    assert r.exit_code == 2, r.output
    assert "模板“mine.docx”" in r.output and "本年度收费 {{ 1/0 }} 万元" in r.output and "除数为零" in r.output
    assert not (tmp_path / "o.docx").exists()


@pytest.mark.parametrize("source,line,words", [
    ("第一行\n{% for x in %}\n", 2, "语法错误"),
    ("一\n二\n{{ no_such.thing }}\n", 3, "不存在的数据"),
    ("一\n{{ title.__class__ }}\n", 2, "不允许的内部属性"),
    ("{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}", 1, "嵌套过深"),
    ("一\n{{ 'a' + 1 }}", 2, "运行出错"),
])
def test_every_failure_has_a_chinese_message_and_line(tmp_path, source, line, words):
    t = text_template(tmp_path, source)
    with pytest.raises(RenderError) as e:
        render_report(report(), tmp_path / "o.txt", template=t, force=True)
    assert f"第 {line} 行" in str(e.value) and words in str(e.value), str(e.value)


def _template_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "xxgk-template" and t.is_alive()]


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_a_template_that_runs_too_long_is_stopped(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(sandbox, "TEMPLATE_SECONDS", 0.5)
    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    t = text_template(tmp_path, loop) if kind == "txt" else docx_template(tmp_path, loop)
    out = tmp_path / f"o.{kind}"
    with pytest.raises(RenderError, match="超出限制.*运行超过 0.5 秒"):
        render_report(report(), out, template=t, force=True)
    assert not out.exists()
    for _ in range(100):           # the worker was stopped, not left spinning
        if not _template_threads():
            break
        time.sleep(0.05)
    assert not _template_threads()


@pytest.mark.parametrize("expression", [
    "'x' * 1000000000", "[0] * 1000000000", "10 ** 100000000", "'%999999999d' % 1",
    "'a'.ljust(999999999)", "'{:999999999}'.format(1)", "'x' | center(999999999)", "'x' | indent(999999999)",
])
def test_one_step_to_a_huge_value_is_refused_before_it_runs(tmp_path, expression):
    t = text_template(tmp_path, "一\n{{ " + expression + " }}\n")
    with pytest.raises(RenderError) as e:
        render_report(report(), tmp_path / "o.txt", template=t, force=True)
    assert "第 2 行超出限制" in str(e.value) and "过大的结果" in str(e.value), str(e.value)


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_output_past_the_size_bound_is_refused(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(sandbox, "TEMPLATE_OUTPUT_CHARS", 200_000)
    many = "{% for a in range(50000) %}{{ title }}{% endfor %}"
    t = text_template(tmp_path, many) if kind == "txt" else docx_template(tmp_path, many)
    r = render_cli(t, tmp_path / f"o.{kind}")
    assert r.exit_code == 2 and "输出超过 200,000 个字符" in r.output, r.output
    assert not (tmp_path / f"o.{kind}").exists()


def test_a_reasonable_template_still_renders(tmp_path):
    t = text_template(tmp_path, "{{ title }}\n{% for row in t3.rows %}{{ row.v[6] }} {% endfor %}\n{{ 'x' * 10 }}")
    r = render_cli(t, tmp_path / "o.txt")
    assert r.exit_code == 0, r.output
    text = (tmp_path / "o.txt").read_text(encoding="utf-8")
    assert text.startswith(report().meta["agency"]) and text.rstrip().endswith("xxxxxxxxxx")
