"""ecomap: a YAML ecosystem map turned into an analysed diagram, report and JSON."""

__version__ = "0.1.0"
