"""jinja2 for every template, built-in or the user's own (--template), text or .docx: a sandbox
that gives the template the report data and nothing else, within bounds of time and size.

- SandboxedEnvironment: no Python internals; include/import/extends load no file.
- Time: the rendering runs in a worker thread; past TEMPLATE_SECONDS it is stopped (an exception
  raised in that thread) and the template refused.
- Size: the output is counted as it is produced and stops at TEMPLATE_OUTPUT_CHARS; the
  operations that make a huge value in one step (`'x' * n`, `n ** m`, a width of millions in
  `center`, `ljust`, `%` or `format`) are refused before they run.
- Any failure of a template becomes a Chinese message with its file and line (for a .docx, the
  paragraph and its text), which the command line reports with exit code 2.
"""
from __future__ import annotations

import re
import threading

TEMPLATE_SECONDS = 20.0
TEMPLATE_OUTPUT_CHARS = 20_000_000      # a real report renders to well under 1 million characters
_BIG_WIDTH = re.compile(r"\d{7,}")       # a width or precision of millions in a format string


class TemplateLimit(Exception):
    """A template went past a bound of time or size; the message is Chinese."""


def _text_filters() -> dict:
    md_special = re.compile(r"([\\`*_\[\]<>|~&])")
    list_marker = re.compile(r"^(\s*)(\d+)([.)])")
    block_marker = re.compile(r"^(\s*)([#+\-=])")

    def md(text) -> str:
        """Markdown: every character that could start markup or HTML is backslash-escaped."""
        text = md_special.sub(r"\\\1", str(text))
        text = list_marker.sub(r"\1\2\\\3", text)
        return block_marker.sub(r"\1\\\2", text)

    def md_cell(text) -> str:
        return md(text).replace("\n", " ") or " "

    def plain(text) -> str:
        """Plain text: a tab separates table cells, so narrative never contains one."""
        return str(text).replace("\t", " ")

    return {"md": md, "md_cell": md_cell, "plain": plain}


def _too_big(*values) -> bool:
    return any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > TEMPLATE_OUTPUT_CHARS
               for v in values)


def _size_error(what: str) -> TemplateLimit:
    return TemplateLimit(f"{what}会产生过大的结果（上限 {TEMPLATE_OUTPUT_CHARS:,} 个字符）")


_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def _repeat_too_big(left, right) -> bool:
    return any(isinstance(seq, (str, list, tuple)) and isinstance(n, int) and _too_big(len(seq) * n)
               for seq, n in ((left, right), (right, left)))


def _bounded_filters(env) -> None:
    """center and indent with a width of millions, or format with such a width in its format
    string, would build a huge string in one call."""
    for name in ("center", "indent", "format"):
        original = env.filters[name]

        def guarded(*args, _f=original, _name=name, **kwargs):
            if _name == "format" and _BIG_WIDTH.search(str(args[0]) if args else "") or \
                    _name != "format" and _too_big(*args[1:], *kwargs.values()):
                raise _size_error(f"过滤器 {_name}")
            return _f(*args, **kwargs)
        env.filters[name] = guarded


def make_env(autoescape: bool = False, docx: bool = False):
    """A sandboxed jinja2 environment: unsafe attributes raise, templates cannot load files, and
    output is bounded (see the module docstring)."""
    from jinja2 import FunctionLoader, Template
    from jinja2.sandbox import SandboxedEnvironment, SecurityError

    class Bounded(Template):
        def render(self, *args, **kwargs):     # docxtpl calls render(): count what it produces
            out, size = [], 0
            for chunk in self.generate(*args, **kwargs):
                size += len(chunk)
                if size > TEMPLATE_OUTPUT_CHARS:
                    raise TemplateLimit(f"输出超过 {TEMPLATE_OUTPUT_CHARS:,} 个字符")
                out.append(chunk)
            return "".join(out)

    class Sandbox(SandboxedEnvironment):
        template_class = Bounded
        intercepted_binops = frozenset({"*", "**", "%"})

        def unsafe_undefined(self, obj, attribute):
            raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe")

        def call_binop(self, context, operator, left, right):
            if operator == "*" and _repeat_too_big(left, right):
                raise _size_error("乘法")
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64 and \
                    isinstance(left, (int, float)) and abs(left) > 1:
                raise _size_error("乘方")
            if operator == "%" and isinstance(left, str) and _BIG_WIDTH.search(left):
                raise _size_error("格式化")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - jinja2's own signature
            method = getattr(__obj, "__name__", "")
            if isinstance(getattr(__obj, "__self__", None), str) and method in _WIDTH_METHODS \
                    and _too_big(*args, *kwargs.values()):
                raise _size_error(f"{method}()")
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value):
            if isinstance(getattr(value, "__self__", None), str) and getattr(value, "__name__", "") \
                    in ("format", "format_map") and _BIG_WIDTH.search(value.__self__):
                raise _size_error("format()")
            return super().wrap_str_format(value)

        def from_string(self, source, *args, **kwargs):
            self.last_source = source        # a .docx part: to name the paragraph of an error
            return super().from_string(source, *args, **kwargs)

    def no_files(name):
        return None  # -> TemplateNotFound for include/import/extends

    options = {} if docx else {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}
    env = Sandbox(autoescape=autoescape, loader=FunctionLoader(no_files), **options)
    env.filters.update(_text_filters())
    _bounded_filters(env)
    return env


def compile_named(env, source: str, name: str):
    """`env.from_string`, with the template's file name in its tracebacks (for the line)."""
    return env.template_class.from_code(env, env.compile(source, name=name, filename=name),
                                        env.make_globals(None), None)


def run_bounded(fn, seconds: float | None = None):
    """fn() in a worker thread; TemplateLimit if it is still running after `seconds`
    (TEMPLATE_SECONDS by default)."""
    import ctypes
    seconds = TEMPLATE_SECONDS if seconds is None else seconds
    result: dict = {}

    def work():
        try:
            result["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the caller's thread
            result["error"] = e

    worker = threading.Thread(target=work, name="xxgk-template", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():   # stop it: an exception raised in the worker at its next bytecode
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(TemplateLimit))
        worker.join(2)
        raise TemplateLimit(f"运行超过 {seconds:g} 秒仍未完成（可能是循环过多）")
    if "error" in result:
        raise result["error"]
    return result.get("value")


def template_message(exc: Exception, name: str, docx_part: str | None = None) -> str:
    """A Chinese message for any failure of the template `name`, with where it happened;
    `docx_part`: the XML of the .docx part being rendered."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError
    where = _where(exc, name, docx_part)
    if isinstance(exc, SecurityError):
        return (f"模板“{name}”{where}试图访问不允许的内部属性或方法，已拒绝（{exc}）。"
                "出于安全考虑，模板只能使用报告数据，不能访问 Python 内部对象或文件")
    if isinstance(exc, TemplateNotFound):
        return (f"模板“{name}”{where}试图引用文件“{exc.name}”，已拒绝：出于安全考虑，"
                "模板不能使用 include、import、extends 读取其他文件")
    if isinstance(exc, TemplateSyntaxError):
        return f"模板“{name}”{where}语法错误：{exc.message}"
    if isinstance(exc, UndefinedError):
        return f"模板“{name}”{where}使用了不存在的数据：{exc.message}"
    if isinstance(exc, TemplateLimit):
        return f"模板“{name}”{where}超出限制，已停止：{exc}"
    return f"模板“{name}”{where}运行出错：{_reason(exc)}"


def _reason(exc: Exception) -> str:
    if isinstance(exc, ZeroDivisionError):
        return "除数为零"
    if isinstance(exc, RecursionError):
        return "宏调用嵌套过深"
    return f"{type(exc).__name__}: {exc}"


def _line(exc: Exception, names: tuple[str, ...]) -> int | None:
    """The template line: a syntax error's own, else the innermost template frame's."""
    import traceback
    line = getattr(exc, "lineno", None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in names:
            line = frame.lineno
    return line


def _where(exc: Exception, name: str, docx_part: str | None) -> str:
    line = _line(exc, (name, "<template>"))
    if line is None:
        return ""
    if docx_part is None:
        return f"第 {line} 行"
    # docxtpl puts each paragraph of the part on a line of its own: show that paragraph's text
    lines = docx_part.splitlines()
    text = re.sub(r"<[^>]+>", "", lines[line - 1]).strip() if 0 < line <= len(lines) else ""
    return f"（含“{text[:40]}{'…' if len(text) > 40 else ''}”的段落）" if text else f"（XML 第 {line} 行）"
