"""planbot: answers about Region Kalmar län's plan targets, forecasts and indicators."""

__version__ = "0.1.0"
