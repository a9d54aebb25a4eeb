"""Model → DOT: styles as data, the scene after views and collapsing, and the two layouts."""

from ecomap.layout.options import DiagramOptions, Marks

__all__ = ["DiagramOptions", "Marks"]
