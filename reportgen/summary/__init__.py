"""The summary of all courts that `build --all` writes: build/summary.html and build/summary.xlsx.

Each court's build records its figures in its manifest (record.py), so a court skipped as fresh
is never loaded again; the two files are made from the outcomes alone and rewritten only when
their bytes change.
"""

from reportgen.summary.files import write_summary
from reportgen.summary.record import court_record

__all__ = ["court_record", "write_summary"]
