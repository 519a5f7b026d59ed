"""gwrkit: Chinese government work reports as structured, traceable, comparable data."""

from gwrkit.api import document_to_dict, parse, parse_bytes, parse_many
from gwrkit.core.errors import GwrkitError, IngestError, RuleError, UsageError

__all__ = [
    "GwrkitError",
    "IngestError",
    "RuleError",
    "UsageError",
    "document_to_dict",
    "parse",
    "parse_bytes",
    "parse_many",
]
__version__ = "0.1.0"
