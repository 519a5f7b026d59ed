"""Structure: outline (headings and part roles), paragraphs and sentences, with offsets."""
