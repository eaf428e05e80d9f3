"""Spreadsheets → meetings: read (``reading``), map columns (``mapping``), read cells
(``parsing``), group rows into meetings (``grouping``), match names (``resolve``), preview
(``preview``) and write in bulk (``writer``); the service is ``tracker.services.imports``."""

from tracker.importers.mapping import MappingSpec, load_mapping, propose_mapping
from tracker.importers.reading import SourceTable, read_path, read_table
