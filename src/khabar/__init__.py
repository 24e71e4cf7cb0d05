"""khabar: political event data from raw news, offline."""

__version__ = "0.1.0"
