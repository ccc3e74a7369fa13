"""Error types shared by every part; kept free of imports so the command line starts fast."""


class ReportError(Exception):
    """A report (JSON, workbook or document) that cannot be read; the message is Chinese and says where."""
