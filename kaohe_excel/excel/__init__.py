"""The Excel buttons."""
