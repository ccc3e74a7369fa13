#!/usr/bin/env bash
# The main job on the bundled sample: generate the template, fill it from samples/sample-2023.json,
# validate it, and generate the report from the filled workbook; also the macro workbook. Output: out/.
set -euo pipefail
cd "$(dirname "$0")/.."
X=.venv/bin/xxgk
mkdir -p out
$X template --year 2023 --agency 示例市公安局示例分局 -o out/年报-2023.xlsx --force
$X fill samples/sample-2023.json --into out/年报-2023.xlsx --force
$X validate out/年报-2023.xlsx
$X render out/年报-2023.xlsx -o out/年报-2023.docx --force
# The same workbook with the buttons and the 年报 ribbon tab, for desktop Excel.
$X template --year 2023 --agency 示例市公安局示例分局 --macros -o out/年报-2023.xlsm --force
$X fill samples/sample-2023.json --into out/年报-2023.xlsm --force
echo "已生成：out/年报-2023.xlsx（填好的工作簿）、out/年报-2023.docx（年报）、out/年报-2023.xlsm（带按钮的工作簿）"
