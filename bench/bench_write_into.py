"""Writing a report into an existing workbook (fill --into): the cells go into the workbook's own
package (generator/xlsx_cells.py) under the target's lock, instead of an openpyxl load and save
(which dropped text boxes). Prints the median time of each, for a plain .xlsx and a macro .xlsm.
Run: python bench/bench_write_into.py
"""
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import openpyxl  # noqa: E402

from generator.workbook_fill import fill_workbook  # noqa: E402
from generator.workbook_write import build_workbook  # noqa: E402
from timing import _temporary_folder, median_time  # noqa: E402
from truth import TRUTH_FILES, truth_report  # noqa: E402


def main(repeat: int = 15) -> None:
    folder = _temporary_folder()
    report = truth_report(TRUTH_FILES[0])
    for suffix, macros in ((".xlsx", False), (".xlsm", True)):
        blank = build_workbook(folder / f"blank{suffix}", report.format, macros=macros)
        target = folder / f"target{suffix}"

        def ours():
            shutil.copy(blank, target)
            fill_workbook(target, report, force=True)

        def openpyxl_round_trip():
            shutil.copy(blank, target)
            wb = openpyxl.load_workbook(target, keep_vba=macros)
            wb.save(target)

        copy = median_time(lambda: shutil.copy(blank, target), repeat)
        print(f"{suffix}: fill --into {1000 * (median_time(ours, repeat) - copy):.0f} ms; "
              f"openpyxl load and save alone {1000 * (median_time(openpyxl_round_trip, repeat) - copy):.0f} ms "
              f"(median of {repeat}, copying the blank book subtracted)")


if __name__ == "__main__":
    main()
