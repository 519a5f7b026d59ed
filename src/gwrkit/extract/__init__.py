"""Extract: numbers, quantities and facts from the structured document."""
