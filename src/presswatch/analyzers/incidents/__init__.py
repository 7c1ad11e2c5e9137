"""Incidents: what happened, where, when, to whom and by whose account (see :mod:`.analyzer`)."""

from presswatch.analyzers.incidents.analyzer import IncidentsAnalyzer

__all__ = ["IncidentsAnalyzer"]
