"""Registry import of `.xlsx`/`.csv` files, one module per stage: ``columns`` (headers and accepted values),
``reading`` (the file, its header, every row validated) and ``process`` (the worker's all-or-nothing creation).

The worker runs ``process_import`` (through ``hospitals.tasks.run_import``); the upload form uses
``check_upload``. Rows are numbered as the spreadsheet shows them: the header is row 1, the first hospital row 2.
This package's names are its public interface; ``read_sheet``, ``sniff`` and ``check_size`` also read other
imports' files (the green channel's network lists: .xlsx, .xls, and CSV in UTF-8 or GBK).
"""

from .columns import COLUMNS, Column
from .process import process_import
from .reading import (
    MAX_FILE_SIZE,
    MAX_ROWS,
    ImportFileError,
    check_size,
    check_unpacked_size,
    check_upload,
    map_header,
    read_rows,
    read_sheet,
    sniff,
    validate_row,
    validate_table,
)

__all__ = [
    "COLUMNS",
    "MAX_FILE_SIZE",
    "MAX_ROWS",
    "Column",
    "ImportFileError",
    "check_size",
    "check_unpacked_size",
    "check_upload",
    "map_header",
    "process_import",
    "read_rows",
    "read_sheet",
    "sniff",
    "validate_row",
    "validate_table",
]
