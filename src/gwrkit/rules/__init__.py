"""Rules data files (YAML and TSV). No code lives here."""
