"""Renderers: ``svg`` runs Graphviz (SVG, PNG, PDF); the report renderers live beside it."""
