"""reportgen: court budget performance documents from data."""

__version__ = "0.1.0"
