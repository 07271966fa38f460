"""A dossier's documents (spec dossier.md §8): the inventory of its papers and their scanned pages."""
