"""Shared types, errors and text helpers used by every stage."""
