"""secmark: an offline checker of Chinese secrecy markings (密级标志)."""
__version__ = "0.1.0"
