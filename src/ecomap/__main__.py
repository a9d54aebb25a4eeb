"""Entry point for ``python -m ecomap``."""

from ecomap.cli import main

main()
