"""The tables 二, 三 and 四 of the Word template (templates/report.docx), built as XML so that
spans and vertical merges are exact; each docxtpl {%tr %} tag sits in a row of its own."""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TEXT_WIDTH_MM = 210 - 28 - 26     # A4 less the GB/T 9704 left and right margins


def _dxa(mm: float) -> int:
    return round(mm * 1440 / 25.4)


class _Table:
    def __init__(self, doc, widths_mm: list[float], style: str, header_rows: int):
        self.doc, self.widths, self.style, self.header_rows = doc, widths_mm, style, header_rows
        self.tbl = tbl = OxmlElement("w:tbl")
        pr = OxmlElement("w:tblPr")
        for tag, attrs in (("w:tblW", {"w:w": str(_dxa(sum(widths_mm))), "w:type": "dxa"}),
                           ("w:jc", {"w:val": "center"}),
                           ("w:tblLayout", {"w:type": "fixed"})):
            el = OxmlElement(tag)
            for k, v in attrs.items():
                el.set(qn(k), v)
            pr.append(el)
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            b = OxmlElement(f"w:{side}")
            b.set(qn("w:val"), "single")
            b.set(qn("w:sz"), "4")
            b.set(qn("w:space"), "0")
            b.set(qn("w:color"), "000000")
            borders.append(b)
        pr.insert(2, borders)
        mar = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            m = OxmlElement(f"w:{side}")
            m.set(qn("w:w"), str(_dxa(0.8)))
            m.set(qn("w:type"), "dxa")
            mar.append(m)
        pr.append(mar)
        tbl.append(pr)
        grid = OxmlElement("w:tblGrid")
        for wmm in widths_mm:
            gc = OxmlElement("w:gridCol")
            gc.set(qn("w:w"), str(_dxa(wmm)))
            grid.append(gc)
        tbl.append(grid)
        self.rows = 0
        body = doc.element.body
        body[-1].addprevious(tbl)  # before the final sectPr

    def control(self, tag: str) -> None:
        """A row holding only a docxtpl {%tr %} tag."""
        self.row([(tag, len(self.widths))], head=False, control=True)

    def row(self, cells: list, head: bool = False, control: bool = False) -> None:
        """cells: (text, colspan[, vmerge, align]); vmerge "restart" | "continue" | None."""
        tr = OxmlElement("w:tr")
        trpr = OxmlElement("w:trPr")
        trpr.append(OxmlElement("w:cantSplit"))
        if head and self.rows < self.header_rows:
            trpr.append(OxmlElement("w:tblHeader"))  # repeated on every page the table spans
        tr.append(trpr)
        col = 0
        for spec in cells:
            text, span = spec[0], spec[1]
            vmerge = spec[2] if len(spec) > 2 else None
            align = spec[3] if len(spec) > 3 else ("center" if head or col >= 1 else "left")
            tc = OxmlElement("w:tc")
            tcpr = OxmlElement("w:tcPr")
            w = OxmlElement("w:tcW")
            w.set(qn("w:w"), str(_dxa(sum(self.widths[col:col + span]))))
            w.set(qn("w:type"), "dxa")
            tcpr.append(w)
            if span > 1:
                gs = OxmlElement("w:gridSpan")
                gs.set(qn("w:val"), str(span))
                tcpr.append(gs)
            if vmerge:
                vm = OxmlElement("w:vMerge")
                if vmerge == "restart":
                    vm.set(qn("w:val"), "restart")
                tcpr.append(vm)
            va = OxmlElement("w:vAlign")
            va.set(qn("w:val"), "center")
            tcpr.append(va)
            tc.append(tcpr)
            p = OxmlElement("w:p")
            ppr = OxmlElement("w:pPr")
            ps = OxmlElement("w:pStyle")
            ps.set(qn("w:val"), self.doc.styles[self.style].style_id)
            ppr.append(ps)
            jc = OxmlElement("w:jc")
            jc.set(qn("w:val"), "left" if control else align)
            ppr.append(jc)
            p.append(ppr)
            if text and vmerge != "continue":
                r = OxmlElement("w:r")
                t = OxmlElement("w:t")
                t.text = text
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                r.append(t)
                p.append(r)
            tc.append(p)
            tr.append(tc)
            col += span
        assert col == len(self.widths), (cells, col)
        self.tbl.append(tr)
        self.rows += 1


def t2_table(doc) -> None:
    units = 6
    t = _Table(doc, [36] + [(TEXT_WIDTH_MM - 36) / units] * units, "表格文字", 0)
    t.control("{%tr for st in t2.subtables %}")
    t.row([("{{ st.caption }}", 1 + units)], head=True)
    for i, n in enumerate((3, 2, 1)):
        t.control(("{%tr if st.n == 3 %}", "{%tr elif st.n == 2 %}", "{%tr else %}")[i])
        t.row([("{{ st.header }}", 1)] + [(f"{{{{ st.columns[{j}] }}}}", units // n) for j in range(n)], head=True)
    t.control("{%tr endif %}")
    t.control("{%tr for r in st.rows %}")
    for i, n in enumerate((3, 2, 1)):
        t.control(("{%tr if st.n == 3 %}", "{%tr elif st.n == 2 %}", "{%tr else %}")[i])
        t.row([("{{ r.label }}", 1, None, "left")]
              + [(f"{{{{ r.v[{j}] }}}}", units // n, None, "center") for j in range(n)])
    t.control("{%tr endif %}")
    t.control("{%tr endfor %}")
    t.control("{%tr endfor %}")


def t3_table(doc) -> None:
    value_w = (TEXT_WIDTH_MM - 80) / 7
    t = _Table(doc, [12, 20, 48] + [value_w] * 7, "表格小字", 3)
    t.row([("{{ t3.head.note }}", 3, "restart"), ("{{ t3.head.applicant }}", 7)], head=True)
    t.row([("", 3, "continue"), ("{{ t3.head.natural }}", 1, "restart"), ("{{ t3.head.org }}", 5),
           ("{{ t3.head.total }}", 1, "restart")], head=True)
    t.row([("", 3, "continue"), ("", 1, "continue")]
          + [(f"{{{{ t3.head.org_cols[{j}] }}}}", 1) for j in range(5)] + [("", 1, "continue")], head=True)
    values = [(f"{{{{ r.v[{j}] }}}}", 1, None, "center") for j in range(7)]
    t.control("{%tr for r in t3.rows %}")
    shapes = (
        ("{%tr if r.shape == 'l1' %}", [("{{ r.label }}", 3, None, "left")]),
        ("{%tr elif r.shape == 'g_first' %}", [("{{ r.a }}", 1, "restart", "center"), ("{{ r.label }}", 2, None, "left")]),
        ("{%tr elif r.shape == 'g' %}", [("", 1, "continue"), ("{{ r.label }}", 2, None, "left")]),
        ("{%tr elif r.shape == 'sub_first' %}", [("", 1, "continue"), ("{{ r.b }}", 1, "restart", "center"),
                                                  ("{{ r.label }}", 1, None, "left")]),
        ("{%tr else %}", [("", 1, "continue"), ("", 1, "continue"), ("{{ r.label }}", 1, None, "left")]),
    )
    for tag, labels in shapes:
        t.control(tag)
        t.row(labels + values)
    t.control("{%tr endif %}")
    t.control("{%tr endfor %}")


def t4_table(doc) -> None:
    t = _Table(doc, [TEXT_WIDTH_MM / 15] * 15, "表格小字", 3)
    t.row([("{{ t4.head.review }}", 5), ("{{ t4.head.litigation }}", 10)], head=True)
    t.row([(f"{{{{ t4.head.cols[{j}] }}}}", 1, "restart") for j in range(5)]
          + [("{{ t4.head.direct }}", 5), ("{{ t4.head.after }}", 5)], head=True)
    t.row([("", 1, "continue")] * 5 + [(f"{{{{ t4.head.cols[{j % 5}] }}}}", 1) for j in range(10)], head=True)
    t.row([(f"{{{{ t4.v[{j}] }}}}", 1, None, "center") for j in range(15)])


