"""Every limit on what xxgk reads, in one place (docs/limits.md explains them to the user).

Each is tied to what a real report can be: far above the largest real file (noted beside it, from
../shared/corpus and ../shared/seeds), and low enough that a file past it is refused in seconds,
with a message that names the limit, instead of taking minutes or gigabytes. Imported by the
readers of published reports (importer/readers), the workbook reader and the JSON reader.
"""
from __future__ import annotations

MB = 1024 * 1024

# -- every file ---------------------------------------------------------------------------------
MAX_FILE_BYTES = 50 * MB          # a report, workbook or JSON file as stored (real: 0.3 MB; a PDF with seals a few MB)

# -- zip packages: .docx, .xlsx, .xlsm ---------------------------------------------------------
MAX_PARTS = 5_000                 # members of one package (real: 27 in a .docx, 38 in an .xlsm)
MAX_PART_BYTES = 20 * MB          # one XML part once inflated (real: word/document.xml 0.28 MB, a sheet 0.23 MB)
MAX_PACKAGE_BYTES = 200 * MB      # all members once inflated, pictures included (real: 0.6 MB)

# -- markup and text ----------------------------------------------------------------------------
MAX_TAGS = 1_000_000              # tags of a Word document part or a web page (real: 16,000)
MAX_WORKBOOK_TAGS = 200_000       # tags of all the XML parts of a workbook, which openpyxl makes objects of
                                  # (real: 11,000; just under it `fill --into` takes ~1 s and 70 MB)
MAX_TEXT_CHARS = 1_000_000        # characters of a report's text, tables included (real: 7,000)
MAX_PARAGRAPHS = 50_000           # paragraphs and lines of text of a report (real: 364)
MAX_DIGITS = 100                  # digits in a row (real: 18 in an ID number, 45 in a row of 表四 run together)
MAX_PDF_PAGES = 500               # (real: 8)
# a PDF's content streams once inflated: pdfminer interprets about 0.3 MB a second
MAX_PDF_PAGE_BYTES = 1 * MB       # of one page (real: 18 KB)
MAX_PDF_CONTENT_BYTES = 2 * MB    # of all the pages (real: 110 KB)
MAX_PDF_PAGE_LINES = 20_000       # ruling lines and rectangle sides on one PDF page (real: 400)
MAX_PDF_LINES = 50_000            # on all the pages (real: 2,000)
MAX_CONVERSION_SECONDS = 120      # LibreOffice converting a .doc/.wps/.rtf/.odt (real: a few; a fresh profile alone takes some)

MAX_CLAUSE_CHARS = 500            # a clause of the narrative read for counts, N1-N10 (real: 108)

# -- tables ---------------------------------------------------------------------------------------
MAX_SPAN = 200                    # a rowspan, colspan or w:gridSpan beyond this is read as this (real: 7)
MAX_SLOTS = 100_000               # cells of all the tables of one document, merged cells expanded (real: 400)

# -- values ---------------------------------------------------------------------------------------
# A number in a cell: larger than any figure a report holds (a province's procurement in 元 is about
# 10^11), and small enough that a table's sums stay exact in floating point.
MAX_NUMBER = 10 ** 12
MIN_YEAR, MAX_YEAR = 1900, 2100   # a report year (the importer reads 19xx and 20xx; xxgk template takes 2019-2100)


def megabytes(n: int) -> str:
    """A byte limit as messages show it: “20 MB”."""
    return f"{n // MB} MB"
