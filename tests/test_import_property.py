"""Mutated, shuffled and truncated reports: the importer raises nothing but its own error, and every
number it reports was read from the input (its provenance text is in the input and parses to it)."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.importer import ReportImportError, import_blocks
from generator.importer.readers.text import parse_text
from generator.values import parse
from truth import SEEDS

TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
NOISE = st.sampled_from(["", "\t", "\n", " ", "0", "12", "-3", "+7", "增1万", "19万", "/", "1.47万元", "（七）总计",
                         "一、总体情况", "行政复议", "信息内容", "|", "| 1 | 2 |", "第二十条第（一）项", "\u3000", "[bookmark: _GoBack]"])


@st.composite
def mutated(draw):
    lines = draw(st.sampled_from(TEXTS)).splitlines()
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["delete", "insert", "swap", "replace", "dup"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "insert":
            lines.insert(i, draw(NOISE))
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "replace":
            lines[i] = draw(NOISE) + lines[i][draw(st.integers(0, max(0, len(lines[i])))):]
        else:
            lines.insert(i, lines[i])
    if draw(st.booleans()):
        lines = lines[:draw(st.integers(0, len(lines)))]
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_reports_never_crash_and_never_invent_numbers(text):
    try:
        result = import_blocks(parse_text(text))
    except ReportImportError:
        return
    lines = text.splitlines()
    report = result.report
    for cid, value in report.cells.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        line, text = report.provenance[cid]
        assert text in lines[line - 1]
        assert parse(text, report.fmt.cells[cid].kind if cid in report.fmt.cells else None).number == value


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_text_only_raises_the_importers_error(text):
    from generator.importer.readers.html import read
    for blocks in (parse_text(text), read(text.encode("utf-8")), read(("<table><tr><td rowspan=3>" + text).encode("utf-8"))):
        try:
            import_blocks(blocks)
        except ReportImportError:
            pass
