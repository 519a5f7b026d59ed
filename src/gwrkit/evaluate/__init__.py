"""Measuring extraction against hand-made gold answers."""
