"""The internal-error log: a new file for every internal error, created safely in the temporary
folder (mkstemp: O_CREAT|O_EXCL, mode 0600, a random name), so that another user cannot plant a
symlink for it to follow nor read it. The caller prints its path."""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def write_error_log(text: str) -> Path | None:
    """Write `text` to a fresh log file and return its path; None if it cannot be written."""
    try:
        fd, name = tempfile.mkstemp(prefix=time.strftime("xxgk-error-%Y%m%d-%H%M%S-"), suffix=".log")
    except OSError:
        return None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError:
        return None
    return Path(name)
