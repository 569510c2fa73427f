"""`reportgen preview <court>`: the court's documents in the browser, rebuilt as the clerk edits.

snapshot.py renders a year in memory (nothing is written to build/), page.py lays out a document
beside its findings, server.py serves them on 127.0.0.1 and watches the folders (watchfiles).
"""

from reportgen.preview.server import serve

__all__ = ["serve"]
