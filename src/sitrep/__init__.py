"""sitrep: news articles in, conflict and crisis event data out."""

__version__ = "0.1.0"
