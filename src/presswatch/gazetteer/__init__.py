"""Place data (shipped or built from installed packages), lookup by name, and naming policies."""

from presswatch.gazetteer.index import Gazetteer, Name, Place, get_gazetteer, haversine_km

__all__ = ["Gazetteer", "Name", "Place", "get_gazetteer", "haversine_km"]
