"""Spreadsheets handed to people: every text cell written so that Excel or WPS never runs it as a formula.

A hospital named ``=HYPERLINK("http://evil","点击")`` must reach the reader as that text. OWASP's advice for CSV
injection applies to any spreadsheet export: a text value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is written with a leading apostrophe, and openpyxl then stores it as a plain string (it infers a
formula only from a leading ``=``). Imports of our own exports call :func:`restore` to take the apostrophe off
again, so an exported file still imports as it was.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as a spreadsheet cell may safely hold it: text with a formula prefix gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def restore(text: str) -> str:
    """Undo :func:`neutralise` on a cell read back from one of our exports."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def safe_row(values) -> list:
    return [neutralise(value) for value in values]
