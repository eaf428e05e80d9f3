"""Spreadsheets → meetings: read (``reading``), map columns (``mapping``), read cells
(``parsing``), group rows into meetings (``grouping``), match names (``resolve``), preview
(``preview``) and write in bulk (``writer``); ``run`` is what the page and the CLI call, and
``saved_mappings`` keeps mappings by name. This layer sits above the services and queries."""

from tracker.importers.mapping import MappingSpec, load_mapping
from tracker.importers.proposal import propose, propose_mapping
from tracker.importers.reading import SourceTable, read_path, read_table
