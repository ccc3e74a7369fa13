"""Real published reports in the forms users have (../shared/corpus): every table cell as published,
and the same report in every form gives the same cells and the same findings."""
from __future__ import annotations

import importlib.util
import json
from collections import defaultdict
from pathlib import Path

import pytest

from generator.importer import import_path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TRUTHS = sorted((CORPUS / "truth").glob("*.json"))


def _scorer():
    """The corpus's own scorer (its truth layout and its comparison of a published text with a number)."""
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


score = _scorer()


@pytest.fixture(scope="module")
def imported():
    out = {}
    for tf in TRUTHS:
        truth = json.loads(tf.read_text(encoding="utf-8"))
        out[truth["file"]] = (truth, import_path(CORPUS / "raw" / truth["file"]))
    return out


def test_the_corpus_is_there():
    assert len(TRUTHS) >= 12, f"expected the corpus in {CORPUS}"


@pytest.mark.parametrize("name", [json.loads(t.read_text(encoding="utf-8"))["file"] for t in TRUTHS])
def test_every_table_cell_is_as_published(imported, name):
    truth, result = imported[name]
    cells = json.loads(json.dumps(result.report.to_dict()))["cells"]
    wrong = {}
    for cid, want in score.truth_cells(truth):
        got = cells.get(cid, "absent")
        if not (score.same(got, want) or (isinstance(want, str) and isinstance(got, (int, float))
                                          and float(got) in score.numbers_of(want))):
            wrong[cid] = (got, want)
    assert wrong == {}
    assert result.report.format == truth["format"]
    assert result.report.meta["year"] == truth["year"]
    assert result.report.meta["agency"] == truth["title_agency"]
    assert list(result.report.sections_present) == truth["sections_present"]


def _digits(x) -> str:
    return "".join(c for c in str(x) if c.isdigit()).strip("0")


def test_every_number_has_the_digits_of_the_text_it_was_read_from(imported):
    for name, (_, result) in imported.items():
        for cid, (line, text) in result.report.provenance.items():
            value = result.report.cells.get(cid)
            if cid.split(".")[0] in ("t2", "t3", "t4") and isinstance(value, (int, float)):
                shown = f"{value:.6f}" if isinstance(value, float) else value
                assert _digits(shown) == _digits(text), (name, cid, value, text)


def _findings(result, drop_rules=()):
    """Findings apart from line numbers and wording: rule, severity and cells."""
    return sorted((f.rule, f.severity, f.cells) for f in result.findings
                  if not (f.rule in drop_rules and f.cells == ("meta.publish_date",)))


def _by_report(imported):
    reports = defaultdict(dict)
    for name, (_, result) in imported.items():
        reports[name.split(".")[0]][name] = result
    return {k: v for k, v in reports.items() if len(v) > 1}


def test_every_form_of_one_report_gives_the_same_cells_and_findings(imported):
    reports = _by_report(imported)
    assert reports, "the corpus has reports in several forms"
    for stem, forms in reports.items():
        # the text copied out of a page has no 发布时间 line, which the saved page, its .docx and .pdf have
        page_forms = {n: r for n, r in forms.items() if "cell-per-line" not in n}
        first_name, first = next(iter(forms.items()))
        for name, result in forms.items():
            assert result.report.cells == first.report.cells, (first_name, name)
            assert result.report.meta.get("agency") == first.report.meta.get("agency"), name
            dates = () if name in page_forms and first_name in page_forms else ("M1", "P1")
            assert _findings(result, dates) == _findings(first, dates), (first_name, name)
        page_first = next(iter(page_forms.values()))
        for name, result in page_forms.items():
            assert result.report.meta.get("publish_date") == page_first.report.meta.get("publish_date"), name


def _wrong_and_absent(truth, result):
    cells = json.loads(json.dumps(result.report.to_dict()))["cells"]
    wrong, absent = {}, []
    for cid, want in score.truth_cells(truth):
        if cid not in cells:
            absent.append(cid)
        elif not (score.same(cells[cid], want) or (isinstance(want, str) and isinstance(cells[cid], (int, float))
                                                  and float(cells[cid]) in score.numbers_of(want))):
            wrong[cid] = (cells[cid], want)
    return wrong, absent


@pytest.mark.parametrize("mode", ["-layout", "-raw", None])
@pytest.mark.parametrize("pdf", sorted(p.name for p in (CORPUS / "raw").glob("*.pdf")))
def test_other_pdftotext_layouts_never_give_a_wrong_number(tmp_path, pdf, mode):
    """pdftotext's other modes lay the same tables out differently: -raw in reading order, the default
    mode column by column (so numbers and headers interleave). What is read is right; in the default
    mode much is reported as not imported, never guessed."""
    import shutil
    import subprocess
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is missing: .ci/install-system installs it")
    out = tmp_path / f"{pdf}.{mode or 'plain'}.txt"
    subprocess.run(["pdftotext", *([mode] if mode else []), str(CORPUS / "raw" / pdf), str(out)], check=True)
    truth = json.loads((CORPUS / "truth" / f"{pdf}.json").read_text(encoding="utf-8"))
    wrong, absent = _wrong_and_absent(truth, import_path(out))
    assert wrong == {}
    if mode is not None:
        assert absent == []


def test_libreoffice_text_export_of_the_word_files_imports_every_cell(tmp_path):
    """Word's (here LibreOffice's) “save as text” of a report with real tables: another layout of text."""
    from generator.office import convert
    docs = sorted((CORPUS / "raw").glob("*.docx"))
    for txt in convert(docs, "txt:Text (encoded):UTF8", tmp_path):
        name = next(d.name for d in docs if d.stem == txt.stem)
        truth = json.loads((CORPUS / "truth" / f"{name}.json").read_text(encoding="utf-8"))
        wrong, absent = _wrong_and_absent(truth, import_path(txt))
        assert (wrong, absent) == ({}, []), txt.name
