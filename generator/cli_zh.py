"""Chinese wording for the messages click itself prints (usage, errors, help headings).

click looks its messages up through gettext at the moment it prints them; pointing its modules'
`_` at this table makes every help page and usage error Chinese without touching the commands.
"""
from __future__ import annotations

ZH = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "No such option {name!r}.": "没有选项“{name}”。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing {param_type}": "缺少{param_type}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not one of {choices}.": "“{value}”不是可选值 {choices} 之一。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "Aborted!": "已取消。",
    "Do you want to continue?": "是否继续？",
    "default: {default}": "默认：{default}",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "integer": "整数",
    "float": "数字",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
}


def _translate(message: str) -> str:
    return ZH.get(message, message)


def install() -> None:
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.types
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.types):
        module._ = _translate
    click.exceptions.ngettext = lambda s, p, n: _translate(s if n == 1 else p)
