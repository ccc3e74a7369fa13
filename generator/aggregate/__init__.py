"""汇总: a region's report summed from its units' reports, and a published 汇总 checked against them.

    collected = collect(["单位年报/"], year=2024, agency="某区人民政府")   # collect.py
    summed = sum_units("2021", collected.units)                          # sum.py: cell by cell
    write_summary("汇总.xlsx", summed, "某区人民政府", 2024)               # workbook.py, sources.py (来源)
    aggregate_findings(summed)                                           # findings.py: A2, A3, A4
    check_against_children(summary_report, [(name, report), ...], roster=None)   # check.py: A1, A5–A9

Modules, one job each: collect (read every unit's file or folder; refuse what would make the sum
wrong), sum (every number input cell; blank, "/" or text in any unit leaves the cell blank, never
a partial sum), sources (the 来源 sheet: each unit's value and file for every summed cell),
findings (what the clerk must know about the units), check (a published 汇总 against the sum),
workbook (the 汇总 workbook). Rules A1–A9 are in generator/rules.py.
"""
from .check import check_against_children, check_folder, verdict
from .collect import Collected, Unit, collect, read_roster
from .findings import aggregate_findings
from .sum import Gap, Summed, sum_units
from .workbook import summary_report, write_summary

__all__ = ["Collected", "Gap", "Summed", "Unit", "aggregate_findings", "check_against_children", "check_folder",
           "collect", "read_roster", "sum_units", "summary_report", "verdict", "write_summary"]
