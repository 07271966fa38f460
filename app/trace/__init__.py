"""Tracing a leaked copy back to its register entry (spec/extracts.md "Tracing"; DESIGN §5)."""
