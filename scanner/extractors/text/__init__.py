"""Plain text, CSV and HTML."""
