"""Typed errors. Library code raises these; the CLI and API turn them into one line."""

from __future__ import annotations


class SitrepError(Exception):
    """Base class for every error sitrep raises on purpose."""


class InputError(SitrepError):
    """An input file or record cannot be read as an article."""

    def __init__(self, message: str, *, origin: str | None = None) -> None:
        self.origin = origin
        super().__init__(f"{origin}: {message}" if origin else message)


class StoreError(SitrepError):
    """The database cannot be opened, migrated or written."""


class OntologyError(SitrepError):
    """An ontology or lexicon data file is inconsistent."""


class PipelineError(SitrepError):
    """The pipeline is misconfigured, e.g. a stage requires what no stage assigns."""


class ModelNotInstalledError(SitrepError):
    """A pinned model package is missing from the environment."""


class EngineError(SitrepError):
    """A distributed engine cannot be reached or started, e.g. no Ray cluster at the given address."""


class EvalError(SitrepError):
    """A gold file cannot be read or has an unknown format."""
