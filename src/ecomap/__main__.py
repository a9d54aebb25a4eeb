"""Entry point for ``python -m ecomap``."""

from ecomap.cli import main

if __name__ == "__main__":  # a spawned helper process (render --watch) imports this module
    main()
