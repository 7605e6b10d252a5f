"""Curated knowledge: text files under knowledge/ → validated models → a read-only SQLite KB."""
