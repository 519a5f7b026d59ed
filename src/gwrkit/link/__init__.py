"""Linking facts across reports: targets to outcomes, series, comparisons."""
