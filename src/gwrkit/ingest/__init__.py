"""Readers: turn a file (txt, html, docx, pdf) into its decoded original text and plain lines."""
