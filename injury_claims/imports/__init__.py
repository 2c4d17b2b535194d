"""Import and export of the reference lists (drugs and services, compensation standards, disability aids), one
module per stage: ``columns`` (headers and accepted words), ``reading`` (the file, GBK or UTF-8, every cell
converted), ``tables`` (the whole file checked, the plan of what it would change), ``export`` (the lists as .xlsx
in the same format). Writing the plan is ``injury_claims.services.reference.apply_import``.

Rows are numbered as the spreadsheet shows them: the header is row 1, the first data row 2. Imports run in the
request: a file holds at most 5 MB and 5,000 rows.
"""

from .columns import LAYOUTS, WAGE_SHEET, Column, accepted_values
from .export import workbook
from .reading import MAX_FILE_SIZE, MAX_ROWS, ImportFileError
from .tables import SPECS, ListSpec, Plan, Problem, check_file

__all__ = [
    "LAYOUTS",
    "MAX_FILE_SIZE",
    "MAX_ROWS",
    "SPECS",
    "WAGE_SHEET",
    "Column",
    "ImportFileError",
    "ListSpec",
    "Plan",
    "Problem",
    "accepted_values",
    "check_file",
    "workbook",
]
