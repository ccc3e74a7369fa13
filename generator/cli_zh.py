"""Chinese for everything click itself prints: help pages, usage lines and usage errors.

click passes each of its messages through gettext (the names `_` and `ngettext` that each of its
modules imports) at the moment it prints them. install() points those names at the table below,
so every message click has is Chinese whatever the clerk's locale (a gettext catalogue would be
chosen by LANG, which Windows rarely sets). tests/test_cli_zh.py holds the table to click's
source: every message click can print must be in it. The few messages click assembles from
pieces (a parameter's name in quotes, a list of choices, "Did you mean") are rebuilt here with
Chinese punctuation; help pages are laid out by display width (cli_wrap) with Chinese headings,
and `localize(command)` gives a command its Chinese usage line.
"""
from __future__ import annotations

import click

ZH = {
    # help pages
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Confirm the action without prompting.": "不经询问直接确认。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "deprecated": "已停用",
    "(dynamic)": "（动态）",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
    # usage errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看用法。",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "No such option {name!r}.": "没有“{name}”这个选项。",
    "Did you mean {possibility}?": "您要输入的是不是{possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您要输入的是不是其中之一：{possibilities}？）",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Invalid value for {param_hint}: {message}": "{param_hint}的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})":
        "多出了参数：{args}（文件名中有空格时，请用英文双引号把整个文件名括起来）",
    "Got unexpected extra arguments ({args})":
        "多出了参数：{args}（文件名中有空格时，请用英文双引号把整个文件名括起来）",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，实际给了 {len} 个。",
    "Option {name!r} does not take a value.": "选项“{name}”后面不能带值。",
    "Option {name!r} requires an argument.": "选项“{name}”后面缺少值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”后面需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Value must be an iterable.": "应给出一组值。",
    # values
    "Choose from:\n\t{choices}": "可选：{choices}。",
    "Choice({choices})": "可选值（{choices}）",
    "{value!r} is not {choice}.": "“{value}”不是可选的值，应为 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不是可选的值，应为 {choices} 之一。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 超出了允许的范围（{range}）。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的是/否值，可用：{states}",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID。",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合以下任一格式：{formats}。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，只给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，实际给了 {len_value} 个。",
    # files
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件，这里应为文件夹。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹，这里应为文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取（没有读取权限）。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入（没有写入权限）。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”无法运行。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    # prompts, terminal, editor
    "Aborted!": "已取消。",
    "unknown error": "未知错误",
    "Do you want to continue?": "是否继续？",
    "Press any key to continue...": "按任意键继续……",
    "Repeat for confirmation": "请再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的不一致。",
    "Error: invalid input": "错误：输入无效",
    "Unknown color {colour!r}": "未知的颜色“{colour}”",
    "Unknown standard stream '{name}'": "未知的标准流“{name}”",
    "{editor}: Editing failed": "{editor}：编辑失败",
    "{editor}: Editing failed: {e}": "{editor}：编辑失败：{e}",
    "d": "天",
    "Windows error: {error}": "Windows 错误：{error}",
    "Couldn't detect Bash version, shell completion is not supported.": "无法确定 Bash 的版本，不支持命令补全。",
    "Shell completion is not supported for Bash versions older than 4.4.": "Bash 4.4 以前的版本不支持命令补全。",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": "注意：命令“{name}”已停用。{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "注意：“{name}”已停用。{extra_message}",
    # mistakes in a command's definition (a programmer's, never the clerk's)
    "Could not determine name for option with declarations {decls!r}": "无法确定选项的名称：{decls}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?": "给了名称（{name}）却没有定义选项：应定义为参数，还是写作“--{name}”？",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": "参数只能有一个名称，实际有 {length} 个：{decls}。",
    "Name '{name}' defined twice": "名称“{name}”定义了两次",
    "Boolean option {decl!r} cannot use the same flag for true/false.": "是/否选项“{decl}”的“是”和“否”不能用同一个写法。",
}

# How click's default usage line names the options and the subcommand.
_METAVARS = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]...", "[COMMAND] [ARGS]...": "[命令] [参数]..."}
_KINDS = {"argument": "Missing argument", "option": "Missing option"}


def gettext(message: str) -> str:
    return ZH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def quoted(names) -> str:
    return " / ".join(f"“{n}”" for n in names)


def param_hint(param: click.Parameter) -> str:
    """How a message names a parameter: its options (“-o” / “--output”), or an argument's metavar."""
    if isinstance(param, click.Argument):
        return quoted([param.human_readable_name])
    return quoted(param.opts or [param.human_readable_name])


def _hint(error: click.BadParameter) -> str | None:
    if error.param_hint is not None:
        return error.param_hint if isinstance(error.param_hint, str) else quoted(error.param_hint)
    return param_hint(error.param) if error.param is not None else None


def _bad_parameter_message(self: click.BadParameter) -> str:
    hint = _hint(self)
    if hint is None:
        return gettext("Invalid value: {message}").format(message=self.message)
    return gettext("Invalid value for {param_hint}: {message}").format(param_hint=hint, message=self.message)


def _missing_parameter_message(self: click.MissingParameter) -> str:
    kind = self.param_type or (self.param.param_type_name if self.param is not None else "parameter")
    extra = self.param.type.get_missing_message(param=self.param, ctx=self.ctx) if self.param is not None else ""
    return f"{gettext(_KINDS.get(kind, 'Missing parameter'))}{_hint(self) or ''}。{self.message or ''}{extra or ''}"


def _possibilities(possibilities: list[str]) -> str:
    names = quoted(sorted(possibilities)).replace(" / ", "、")
    return ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)",
                    len(possibilities)).format(possibility=names, possibilities=names)


def _no_such_message(self: click.NoSuchOption | click.NoSuchCommand) -> str:
    return self.message + (_possibilities(self.possibilities) if self.possibilities else "")


def _choices(choice: click.Choice) -> str:
    return "、".join(str(c) for c in choice.choices)


def _invalid_choice(self: click.Choice, value, ctx=None) -> str:
    return ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.",
                    len(self.choices)).format(value=value, choice=_choices(self), choices=_choices(self))


def _missing_choice(self: click.Choice, param=None, ctx=None) -> str:
    return gettext("Choose from:\n\t{choices}").format(choices=_choices(self))


class ZhFormatter(click.HelpFormatter):
    """Headings with a Chinese colon, and 用法：directly before the command."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, gettext("Usage:") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class ZhContext(click.Context):
    formatter_class = ZhFormatter


def localize(command: click.Command) -> click.Command:
    """Chinese help layout and usage line for `command` (the group calls it on each subcommand)."""
    command.context_class = ZhContext
    command.options_metavar = _METAVARS.get(command.options_metavar, command.options_metavar)
    if isinstance(command, click.Group):
        command.subcommand_metavar = _METAVARS.get(command.subcommand_metavar, command.subcommand_metavar)
    return command


def _click_modules():
    """click's modules, with the two it imports only when used (completion, editor and pager)."""
    import sys
    import click.shell_completion  # noqa: F401
    import click._termui_impl  # noqa: F401
    return [m for name, m in list(sys.modules.items()) if name == "click" or name.startswith("click.")]


def install() -> None:
    """Make click speak Chinese in this process (idempotent)."""
    import gettext as std
    from . import cli_wrap
    for module in _click_modules():
        if getattr(module, "_", None) in (std.gettext, gettext):
            module._ = gettext
        if getattr(module, "ngettext", None) in (std.ngettext, ngettext):
            module.ngettext = ngettext
    click.NoSuchOption.format_message = click.NoSuchCommand.format_message = _no_such_message
    click.BadParameter.format_message = _bad_parameter_message
    click.MissingParameter.format_message = _missing_parameter_message
    click.Choice.get_invalid_choice_message = _invalid_choice
    click.Choice.get_missing_message = _missing_choice
    click.formatting.wrap_text = cli_wrap.wrap_text
    click.formatting.term_len = cli_wrap.term_len
