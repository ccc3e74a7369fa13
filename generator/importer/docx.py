"""Moved to readers/docx.py; this name stays until readers/legacy.py imports `read` from there."""
from .readers.docx import read as parse_docx  # noqa: F401
