"""The Word report converted by LibreOffice (one soffice call): pages are not blank and the
Chinese text is set in a CJK face. Also the clear message when LibreOffice is missing."""
import subprocess

import pytest

from generator.render import RenderError, render_report
from test_render import SEED_2021, seed_report


def _gray_pages(pdf, outdir):
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(outdir / "p")], check=True)
    pages = []
    for f in sorted(outdir.glob("p-*.pgm")):
        data = f.read_bytes()
        parts = data.split(b"\n", 3)   # P5, width height, maxval, pixels (no comments from pdftoppm)
        w, h = map(int, parts[1].split())
        pages.append(parts[3][: w * h])
    return pages


def test_pdf_pages_are_not_blank_and_use_a_cjk_font(tmp_path):
    out = tmp_path / "年报.docx"
    written = render_report(seed_report(SEED_2021), out, pdf=True)
    pdf = tmp_path / "年报.pdf"
    assert written == [out, pdf] and pdf.read_bytes().startswith(b"%PDF")
    pages = _gray_pages(pdf, tmp_path)
    assert len(pages) >= 3
    for px in pages:
        mean = sum(px) / len(px)
        var = sum((p - mean) ** 2 for p in px) / len(px)
        assert var > 50, "blank page"
        assert sum(1 for p in px if p < 128) > 50   # dark pixels: text or table lines
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert any(k in fonts for k in ("CJK", "WenQuanYi", "Song", "Hei", "Fang", "Kai")), fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "政府信息公开工作年度报告" in text and "收到和处理政府信息公开申请情况" in text


def test_missing_libreoffice_is_said_clearly_and_the_docx_is_kept(tmp_path, monkeypatch):
    import generator.office as office
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    out = tmp_path / "r.docx"
    with pytest.raises(RenderError) as e:
        render_report(seed_report(SEED_2021), out, pdf=True)
    assert "未生成 PDF" in str(e.value) and "LibreOffice" in str(e.value)
    assert e.value.written == [out] and out.exists() and not (tmp_path / "r.pdf").exists()
