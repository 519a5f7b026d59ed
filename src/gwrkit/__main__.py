"""``python -m gwrkit``."""

from gwrkit.cli import main

main()
