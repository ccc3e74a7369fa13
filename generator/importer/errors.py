"""The importer's one error type; imports nothing above `generator.errors`, so every stage can raise it."""
from __future__ import annotations

from ..errors import ReportError


class ReportImportError(ReportError):
    """A document that cannot be imported at all; the message is Chinese and says why."""
