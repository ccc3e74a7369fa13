"""Generate the final annual report (.docx, .html, .md, .txt, .pdf) from a `Report`.

Templates are jinja2 and live in templates/ (installed as the package `generator.templates`):
report.docx (docxtpl), report.html.j2, report.md.j2, report.txt.j2. Every template, the built-in
ones and a user's own (--template), renders in a sandbox that gives it the report data and
nothing else: no Python internals, no files (include/import/extends are refused), bounded in time
and output size (render/sandbox.py).

Heavy imports (jinja2, docxtpl) happen inside the functions, so importing this package is cheap.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from ..atomic import atomic_path
from ..report import Report
from .sandbox import TemplateLimit, compile_named, make_env, run_bounded, template_message  # noqa: F401

FORMATS = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md", ".txt": "txt", ".pdf": "pdf"}
BUILTIN = {"docx": "report.docx", "html": "report.html.j2", "md": "report.md.j2", "txt": "report.txt.j2"}


class RenderError(Exception):
    """The report could not be generated; the message is Chinese. `written` lists files made anyway."""

    def __init__(self, message: str, written: list[Path] | None = None):
        super().__init__(message)
        self.written = written or []


class Rendered(list):
    """The files written (a list of paths), with `notes`: what a report to be published left out
    because it was blank (Chinese, for the clerk), and whether it is a `draft`."""

    def __init__(self, paths=(), notes=(), draft: bool = False):
        super().__init__(paths)
        self.notes, self.draft = list(notes), draft


class RenderRefused(RenderError):
    """The report has 错误 findings and a draft was not asked for (--draft)."""

    def __init__(self, findings: list):
        self.findings = findings
        super().__init__(f"报告有 {len(findings)} 个错误或缺项，未生成。请先改正（可运行 xxgk validate 查看），"
                         "或加 --draft 生成标记为“草稿”的文件")


def output_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise RenderError(f"不支持的输出格式“{suffix or Path(path).name}”：输出文件应以 .docx、.html、.md、.txt 或 .pdf 结尾")
    return FORMATS[suffix]


def _builtin_bytes(name: str) -> bytes:
    from importlib.resources import files
    return files("generator.templates").joinpath(name).read_bytes()


def _atomic_write(path: Path, write, replace: bool = True) -> None:
    """Write via a temporary file in the same folder, then rename over the target (never over a
    file made meanwhile when not `replace`: atomic.OutputExists)."""
    with atomic_path(path, replace=replace) as tmp:
        write(tmp)


def render_text(context: dict, fmt: str, template: str | Path | None = None) -> str:
    """Render the html/md/txt output to a string."""
    if template is None:
        name, source = BUILTIN[fmt], _builtin_bytes(BUILTIN[fmt]).decode("utf-8")
    else:
        name = Path(template).name
        try:
            source = Path(template).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise RenderError(f"找不到模板文件：{template}") from None
        except UnicodeDecodeError:
            raise RenderError(f"模板文件“{name}”不是 UTF-8 编码的文本文件") from None
    env = make_env(autoescape=fmt == "html")
    try:
        return run_bounded(lambda: compile_named(env, source, name).render(context))
    except Exception as e:  # noqa: BLE001 - every failure of a user's template is a Chinese message
        if template is None and not isinstance(e, TemplateLimit):
            raise         # a built-in template that fails is a bug of ours
        raise RenderError(template_message(e, name)) from None


def _core_properties(doc, context: dict, published=None) -> None:
    """Title, author and dates of the document (and of the PDF made from it) are the report's,
    not the template's."""
    import datetime as dt
    core = doc.core_properties
    core.title = context["display_title"]
    core.author = core.last_modified_by = context["agency"]
    core.subject = "政府信息公开工作年度报告"
    core.keywords = f"政府信息公开；年度报告；{context['year']}"
    core.comments = context["draft_banner"]
    core.category = core.content_status = ""
    core.language = "zh-CN"
    core.revision = 1
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    when = dt.datetime.combine(published, dt.time(0)) if published else now   # 08:00 in Beijing
    core.created = core.modified = when


def render_docx(context: dict, out: Path, template: str | Path | None = None, published=None,
                replace: bool = True) -> None:
    import io
    import zipfile

    from docxtpl import DocxTemplate
    if template is None:
        name, src = BUILTIN["docx"], io.BytesIO(_builtin_bytes(BUILTIN["docx"]))
    else:
        name, src = Path(template).name, Path(template)
        if not src.exists():
            raise RenderError(f"找不到模板文件：{template}")
        if not zipfile.is_zipfile(src):
            raise RenderError(f"模板文件“{name}”不是有效的 .docx 文件")
    env = make_env(docx=True)
    try:
        tpl = DocxTemplate(src)
        run_bounded(lambda: tpl.render(context, jinja_env=env, autoescape=True))
    except Exception as e:  # noqa: BLE001
        if template is None and not isinstance(e, TemplateLimit):
            raise
        raise RenderError(template_message(e, name, getattr(env, "last_source", ""))) from None
    _core_properties(tpl.docx, context, published)
    _atomic_write(out, lambda tmp: tpl.save(str(tmp)), replace)


def _to_pdf(docx: Path, pdf: Path, written: list[Path], replace: bool = True) -> None:
    from ..office import OfficeError, convert
    with tempfile.TemporaryDirectory(prefix="xxgk-pdf-") as tmp:
        src = Path(tmp) / (pdf.stem + ".docx")
        src.write_bytes(docx.read_bytes())
        try:
            made = convert([src], "pdf", Path(tmp))[0]
        except OfficeError as e:
            raise RenderError(f"未生成 PDF：{e}", written) from None
        _atomic_write(pdf, lambda tmp_target: tmp_target.write_bytes(made.read_bytes()), replace)
    written.append(pdf)


def _missing_essentials(report: Report, findings: list) -> list:
    """The title and the signature need the agency and the year: without them the report can only
    be a draft, whatever severity the catalogue gives M1 (the finding keeps that severity)."""
    from ..finding import make_finding
    from ..rules import ERROR
    flagged = {c for f in findings if f.severity == ERROR for c in f.cells}
    out = []
    for key, label in (("agency", "机关名称"), ("year", "报告年度")):
        if report.meta.get(key) in (None, "") and f"meta.{key}" not in flagged:
            out.append(make_finding(report.format, "M1", f"基本信息“{label}”未填写：报告标题和落款需要它，"
                                                         "只能生成草稿", (f"meta.{key}",)))
    return out


def render_report(report: Report, out_path: str | Path, template: str | Path | None = None,
                  force: bool = False, pdf: bool = False, draft: str = "", replace: bool = True) -> Rendered:
    """Write the report to `out_path` (format by suffix); returns the files written (`Rendered`).

    Refuses (RenderRefused) when the checker finds 错误, or the agency or year is blank, unless
    `force`; a forced report with errors is marked 草稿 in every format, its gaps marked too. A
    report to be published leaves out what is blank, and `Rendered.notes` says what. `pdf` also
    writes a PDF next to a .docx output; an output ending in .pdf is rendered to .docx and
    converted. Existing outputs are replaced atomically; with `replace=False`, an output that
    appears meanwhile is kept (atomic.OutputExists). `draft`: why the report is a draft whatever
    the checks find (e.g. last year's text as a starting point); the banner says so.
    """
    from ..checker import check, parse_date
    from ..rules import ERROR
    from .context import build_context, rendered_cells

    out = Path(out_path)
    fmt = output_format(out)
    if pdf and fmt not in ("docx", "pdf"):
        raise RenderError("--pdf 只能与 .docx 输出一起使用（PDF 由 Word 文档转换而来）；也可直接 -o 报告.pdf")
    if template is not None:
        tsuffix = Path(template).suffix.lower()
        if fmt in ("docx", "pdf") and tsuffix != ".docx":
            raise RenderError(f"生成 {out.suffix} 需要 .docx 模板，而“{Path(template).name}”不是")
        if fmt not in ("docx", "pdf") and tsuffix == ".docx":
            raise RenderError(f"生成 {out.suffix} 需要文本模板（如 .html.j2），而“{Path(template).name}”是 Word 文档")

    rendered = Report(report.format, report.meta, report.text, rendered_cells(report), report.provenance,
                      report.sections_present)
    findings = check(rendered)
    errors = [f for f in findings if f.severity == ERROR]
    errors += _missing_essentials(report, findings)
    if errors and not force:
        raise RenderRefused(errors)
    context = build_context(report, draft=bool(errors or draft), errors=len(errors))
    if draft:
        context["draft_banner"] = f"{context['draft_label']}——{draft}，不得发布" + (
            f"（另有 {len(errors)} 个错误）" if errors else "")
    published = parse_date(report.meta["publish_date"]) if report.meta.get("publish_date") else None
    written = Rendered(notes=context["notes"], draft=bool(errors or draft))
    if fmt == "pdf":
        with tempfile.TemporaryDirectory(prefix="xxgk-render-") as tmp:
            docx = Path(tmp) / (out.stem + ".docx")
            render_docx(context, docx, template, published)
            _to_pdf(docx, out, written, replace)
        return written
    if fmt == "docx":
        render_docx(context, out, template, published, replace)
        written.append(out)
        if pdf:
            _to_pdf(out, out.with_suffix(".pdf"), written, replace)
        return written
    text = render_text(context, fmt, template)
    _atomic_write(out, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"), replace)
    written.append(out)
    return written
