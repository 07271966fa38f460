"""Builds and verifies HoSo distributions. Nothing imports this package."""
