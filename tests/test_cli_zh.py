"""The command line speaks Chinese: every message click itself can print is translated, each class
of usage error comes out in Chinese through the real `xxgk` group, help pages are Chinese and fit
the terminal, a file that is not a workbook gets told what to do, and --force means one thing."""
from __future__ import annotations

import ast
import re
import string
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.cli import COMMANDS, main
from generator.cli_wrap import term_len
from generator.cli_zh import ZH

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "sample-2023.json"
CJK = re.compile(r"[\u3400-\u9fff]")
# click's English, which must never reach the clerk.
ENGLISH = re.compile(r"Usage|Error|Try '|Missing|Invalid|No such|unexpected|Options|Commands|Show this|"
                     r"required\]|default:|is not|does not|Did you mean|Aborted")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="xxgk")


def _click_messages() -> set[str]:
    """Every literal message click passes to gettext (`_(...)`, `ngettext(...)`), from its source."""
    found = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                found |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return found


def _fields(template: str) -> set[str]:
    return {name.split("!")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_of_click_is_translated():
    messages = _click_messages()
    assert len(messages) > 60 and "Got unexpected extra arguments ({args})" in messages
    assert sorted(messages - ZH.keys()) == []
    for english, chinese in ZH.items():
        assert CJK.search(chinese) or english.startswith("%(prog)s"), english
        # a translation may drop a field, never add one: .format() would fail on it
        assert _fields(chinese) <= _fields(english), english


def test_every_click_module_looks_messages_up_in_the_table():
    import gettext
    modules = [m for name, m in sys.modules.items() if name == "click" or name.startswith("click.")]
    assert len(modules) > 10
    assert [m.__name__ for m in modules if getattr(m, "_", None) is gettext.gettext] == []
    assert [m.__name__ for m in modules if getattr(m, "ngettext", None) is gettext.ngettext] == []


@pytest.mark.parametrize("args, expected", [
    (["validate", "a.xlsx", "b.xlsx"], "错误：多出了参数：b.xlsx（文件名中有空格时，请用英文双引号把整个文件名括起来）"),
    (["validate"], "错误：缺少参数“工作簿”。"),
    (["template"], "错误：缺少选项“-o” / “--output”。"),
    (["validate", "--nope", "a.xlsx"], "错误：没有“--nope”这个选项。"),
    (["validate", "--previus", "b.xlsx", "a.xlsx"], "没有“--previus”这个选项。您要输入的是不是“--previous”？"),
    (["valdate", "a.xlsx"], "错误：没有“valdate”这个命令。您要输入的是不是“validate”？"),
    (["template", "--format", "2020", "-o", "a.xlsx"], "错误：“--format”的值无效：“2020”不是可选的值，应为 2021、2019 之一。"),
    (["template", "--year", "1999", "-o", "a.xlsx"], "错误：“--year”的值无效：1999 超出了允许的范围"),
    (["template", "--year", "二〇二四", "-o", "a.xlsx"], "错误：“--year”的值无效：“二〇二四”不是有效的数字。"),
    (["render", "a.xlsx", "-o"], "错误：选项“-o”后面缺少值。"),
    (["render", "a.xlsx", "-o", "a.docx", "--pdf=yes"], "错误：选项“--pdf”后面不能带值。"),
])
def test_each_usage_error_is_chinese(args, expected):
    r = run(*args)
    assert r.exit_code == 2
    assert expected in r.output
    assert f"运行“xxgk{' ' + args[0] if args[0] in COMMANDS else ''} --help”查看用法。" in r.output
    assert r.output.startswith("用法：xxgk")
    assert not ENGLISH.search(r.output), r.output


def test_a_folder_given_for_a_file(tmp_path):
    r = run("validate", tmp_path)
    assert r.exit_code == 2 and f"错误：“工作簿”的值无效：文件“{tmp_path}”是文件夹，这里应为文件。" in r.output


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_help_pages_are_chinese_and_fit_the_terminal(name):
    r = run(*([name] if name else []), "--help")
    assert r.exit_code == 0
    assert r.output.startswith(f"用法：xxgk {name + ' ' if name else ''}[选项]")
    assert "选项：" in r.output and "-h, --help" in r.output and "显示本帮助并退出。" in r.output
    assert not ENGLISH.search(r.output), r.output
    # CliRunner's terminal is 80 columns wide; a Chinese character takes two of them
    assert [line for line in r.output.splitlines() if term_len(line) > 80] == []
    if name == "render":
        assert "[必填]" in r.output


def test_help_columns_align_by_display_width():
    lines = run("render", "--help").output.splitlines()
    options = [ln for ln in lines if ln.startswith("  -")]
    starts = {term_len(ln[:len(ln) - len(ln.split("  ", 2)[-1].lstrip())]) for ln in options
              if len(ln.split()) > 2 and "  " in ln.strip()}
    assert len(starts) == 1, options


def test_every_parameter_has_a_chinese_name():
    ctx = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        for param in command.params:
            if isinstance(param, click.Option) and (param.is_flag or isinstance(param.type, click.Choice)):
                continue
            assert CJK.search(param.make_metavar(ctx)), (name, param.name)


# -- files that are not workbooks ------------------------------------------------------------

@pytest.mark.parametrize("command", ["validate", "export", "render"])
@pytest.mark.parametrize("suffix, form", [(".docx", "Word"), (".txt", "文本"), (".html", "网页"), (".pdf", "PDF")])
def test_a_published_report_is_sent_to_import(tmp_path, command, suffix, form):
    report = tmp_path / f"年报{suffix}"
    report.write_bytes(b"PK\x03\x04 not a workbook")
    out = ["-o", tmp_path / ("输出.json" if command == "export" else "输出.html")] if command != "validate" else []
    r = run(command, report, *out)
    assert r.exit_code == 2
    assert f"“年报{suffix}”是已发布的年报（{form}），不是填报工作簿" in r.output
    assert f"请先运行“xxgk import 年报{suffix} -o 年报.xlsx”" in r.output and f"运行 xxgk {command}" in r.output
    assert "openpyxl" not in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("suffix, expected", [
    (".xls", "是旧版 Excel（.xls）文件，xxgk 读不了：请在 Excel、WPS 或 LibreOffice 中“另存为”Excel 工作簿（.xlsx）"),
    (".et", "是WPS 表格（.et）文件"),
    (".zip", "不是填报工作簿：xxgk validate 读取由 xxgk template 生成、已填好的工作簿（.xlsx/.xlsm）"),
])
def test_other_files_get_a_clear_message(tmp_path, suffix, expected):
    path = tmp_path / f"报表{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    r = run("validate", path)
    assert r.exit_code == 2 and f"“报表{suffix}”{expected}" in r.output


def test_a_file_name_with_spaces_is_quoted_in_the_advice(tmp_path):
    path = tmp_path / "2024 年报.docx"
    path.write_bytes(b"x")
    r = run("validate", path)
    assert '“xxgk import "2024 年报.docx" -o "2024 年报.xlsx"”' in r.output


# -- --force -------------------------------------------------------------------------------------

def test_force_always_means_overwrite_an_existing_output():
    ctx = click.Context(main)
    for name in COMMANDS:
        for param in main.get_command(ctx, name).params:
            if "--force" in param.opts:
                assert "覆盖" in param.help and "草稿" not in param.help, name
    draft = next(p for p in main.get_command(ctx, "render").params if "--draft" in p.opts)
    assert "草稿" in draft.help


@pytest.mark.parametrize("command", ["template", "export", "fill", "render", "import"])
def test_an_existing_output_needs_force(tmp_path, command):
    book = tmp_path / "年报.xlsx"
    assert run("template", "--year", "2023", "-o", book).exit_code == 0
    seed = ROOT / "tests" / "fixtures" / "seeds" / "002_e0a4b7f9db582c7c.txt"
    out, args = {
        "template": (book, ["template", "-o", book]),
        "export": (tmp_path / "a.json", ["export", book, "-o", tmp_path / "a.json"]),
        "fill": (tmp_path / "b.xlsx", ["fill", SAMPLE, "-o", tmp_path / "b.xlsx"]),
        "render": (tmp_path / "a.html", ["render", SAMPLE, "-o", tmp_path / "a.html"]),
        "import": (tmp_path / "c.xlsx", ["import", seed, "-o", tmp_path / "c.xlsx"]),
    }[command]
    out.write_bytes(b"keep") if command != "template" else None
    before = out.read_bytes()
    r = run(*args)
    assert r.exit_code == 2 and "已存在" in r.output and "--force" in r.output, r.output
    assert out.read_bytes() == before
    r = run(*args, "--force")
    assert r.exit_code in (0, 1) and out.read_bytes() != before, r.output


# -- command lines quoted in messages -------------------------------------------------------------

VALUE = "〈值〉"   # stands for a value the message fills in at run time
_QUOTED = re.compile(r"[“「`]xxgk ([^”」`]*)[”」`]")
_FREE = re.compile(r"(?<![“「`])xxgk ((?:[a-z]+)(?: [^\s，。；：、（）“”「」,;()]+)*)")


def _message_texts():
    """Every string literal of addin/ and generator/ that holds Chinese, f-string fields as VALUE."""
    for path in sorted([*(ROOT / "addin").rglob("*.py"), *(ROOT / "generator").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value if isinstance(v, ast.Constant) else VALUE for v in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            else:
                continue
            if CJK.search(text) and "xxgk " in text:
                yield f"{path.relative_to(ROOT)}:{node.lineno}", text


def _parse(words: list[str]) -> None:
    """Parse `xxgk <words>` with the real group; a value filled in at run time may be refused."""
    parent = click.Context(main, info_name="xxgk")
    command = main.get_command(parent, words[0])
    assert command is not None, f"no command {words[0]}"
    try:
        command.make_context(words[0], words[1:], parent=parent)
    except click.MissingParameter:
        pass   # “xxgk template” names the command; the clerk adds the file
    except click.BadOptionUsage as e:
        assert e.option_name == words[-1], e.format_message()   # “xxgk template --from” names the option
    except click.BadParameter as e:
        assert VALUE in str(e.message), e.format_message()


def _options_exist(words: list[str]) -> None:
    command = main.get_command(click.Context(main), words[0])
    assert command is not None, f"no command {words[0]}"
    known = {o for p in command.params for o in (*p.opts, *p.secondary_opts)} | {"-h", "--help"}
    assert [w for w in words[1:] if w.startswith("-") and w.split("=")[0].rstrip(".") not in known] == []


def test_command_lines_in_messages_are_real():
    import shlex
    checked = []
    for where, text in _message_texts():
        for m in _QUOTED.finditer(text):
            words = shlex.split(m.group(1))
            try:
                _parse(words)
            except (AssertionError, click.UsageError) as e:
                pytest.fail(f"{where}: “xxgk {m.group(1)}” {e}")
            checked.append(m.group(1))
        for m in _FREE.finditer(text):
            try:
                _options_exist(m.group(1).split())
            except AssertionError as e:
                pytest.fail(f"{where}: xxgk {m.group(1)} {e}")
            checked.append(m.group(1))
    assert any(c.startswith("template --format") for c in checked)
    assert len(checked) > 10


def test_the_check_catches_a_wrong_option():
    with pytest.raises(click.NoSuchOption):
        _parse(["template", "--version", "2019"])
    with pytest.raises(AssertionError):
        _options_exist(["template", "--version", "2019"])
