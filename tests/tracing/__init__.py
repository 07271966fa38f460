"""Tracing tests and the degradation suite they (and the tracing benchmark) damage pages with."""
