"""The package as a clerk installs it: the wheel built from the checkout, installed with its
declared dependencies into a fresh virtual environment, and the main flow run from that `xxgk`
in a folder outside the checkout, so that no module of the checkout can stand in for a missing one.

The venv is made without pip (fast) and the test's own pip installs into it (`pip --python`),
resolving the declared dependencies from the package index as `pip install xxgk` would; nothing
of the test's environment is visible to the installed package.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "002_e0a4b7f9db582c7c.txt"
SEED_TRUTH = SEED.parent / "truth" / (SEED.stem + ".json")
SAMPLE = ROOT / "samples" / "sample-2023.json"
# Not part of a source tree: the build must not see them (nor leave its own files in the checkout).
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.pyc", "*.egg-info", "build", "dist",
                                    "out", ".hypothesis", ".pytest_cache", "tests", "bench")


def _run(args, cwd, timeout=600, env=None):
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=env)


def _clean_env() -> dict:
    """The environment without anything that would put the checkout or the test's venv on sys.path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel, venv bin folder) of the package built from a copy of the checkout."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", base / "dist", src], base)
    assert built.returncode == 0, built.stderr
    wheel = next((base / "dist").glob("xxgk-*.whl"))
    venv = base / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], base)
    assert made.returncode == 0, made.stderr
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    done = _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", wheel], base, env=_clean_env())
    assert done.returncode == 0, done.stderr
    return wheel, bindir


def _package_files() -> set[str]:
    """Every file of the checkout's packages, by its path in the wheel."""
    out = set()
    for folder, installed_as in (("generator", "generator"), ("addin", "addin"), ("templates", "generator/templates")):
        for p in (ROOT / folder).rglob("*"):
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc":
                out.add(f"{installed_as}/{p.relative_to(ROOT / folder).as_posix()}")
    return out


def test_wheel_holds_every_file_of_every_package(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert _package_files() - names == set()
    assert {"generator/templates/report.docx", "addin/xxgk.bas", "addin/customUI.xml",
            "generator/importer/readers/__init__.py", "generator/commands/validate.py"} <= names
    assert not [n for n in names if n.startswith(("tests/", "templates/", "bench/"))]


def test_every_module_imports_from_the_installed_package(installed, tmp_path):
    """Each module, imported in the fresh venv: a dependency used but not declared fails here."""
    _, bindir = installed
    script = ("import importlib, json, pkgutil, generator, addin\n"
              "out = {}\n"
              "for pkg in (generator, addin):\n"
              "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
              "        try:\n"
              "            out[m.name] = importlib.import_module(m.name).__file__\n"
              "        except Exception as e:\n"
              "            out[m.name] = f'{type(e).__name__}: {e}'\n"
              "print(json.dumps(out))\n")
    env = _clean_env() | {"XLWINGS_LICENSE_KEY": "noncommercial"}
    proc = _run([bindir / "python", "-c", script], tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    modules = json.loads(proc.stdout)
    venv = str(bindir.parent)
    assert "generator.commands.validate" in modules and "generator.importer.readers" in modules
    assert {name: where for name, where in modules.items() if not where.startswith(venv)} == {}


def test_main_flow_from_the_installed_package(installed, tmp_path):
    """template → fill → validate → import → export → render, each from the installed `xxgk`."""
    _, bindir = installed
    xxgk, env = bindir / "xxgk", _clean_env()

    def run(*args):
        proc = _run([xxgk, *args], tmp_path, env=env)
        assert "Traceback" not in proc.stderr and "内部错误" not in proc.stderr, proc.stderr
        return proc

    shutil.copy(SAMPLE, tmp_path / "样例.json")
    shutil.copy(SEED, tmp_path / "已发布.txt")
    agency = json.loads(SAMPLE.read_text(encoding="utf-8"))["meta"]["agency"]

    r = run("template", "--year", "2023", "--agency", agency, "-o", "年报.xlsx")
    assert r.returncode == 0 and "已生成 年报.xlsx（2021 格式）" in r.stdout, r.stderr
    r = run("fill", "样例.json", "--into", "年报.xlsx")
    assert r.returncode == 0 and "已写入 年报.xlsx" in r.stdout, r.stdout + r.stderr
    r = run("validate", "年报.xlsx")
    assert r.returncode == 0 and agency in r.stdout and "共 0 个错误" in r.stdout, r.stdout + r.stderr

    r = run("import", "已发布.txt", "-o", "导入.xlsx")
    assert r.returncode in (0, 1) and "已写入 导入.xlsx" in r.stdout, r.stdout + r.stderr
    r = run("export", "导入.xlsx", "-o", "导入.json")
    assert r.returncode == 0, r.stderr
    truth = json.loads(SEED_TRUTH.read_text(encoding="utf-8"))
    got = json.loads((tmp_path / "导入.json").read_text(encoding="utf-8"))
    assert (got["meta"]["agency"], got["meta"]["year"], got["format"]) == (truth["agency"], truth["year"], truth["format"])
    for row, cols in truth["table2"].items():
        for col, value in cols.items():
            if isinstance(value, (int, float)):
                assert got["cells"][f"t2.{row}.{col}"] == value, (row, col)

    r = run("render", "年报.xlsx", "-o", "年报.docx")
    assert r.returncode == 0 and "已生成：年报.docx" in r.stdout, r.stdout + r.stderr
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "年报.docx")).paragraphs)
    assert agency in text and "政府信息公开工作年度报告" in text
    r = run("render", "导入.xlsx", "-o", "导入.docx", "--draft")
    assert r.returncode == 0, r.stdout + r.stderr
    assert truth["agency"] in "\n".join(p.text for p in docx.Document(str(tmp_path / "导入.docx")).paragraphs)
