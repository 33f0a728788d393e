"""jaarplan: the joint annual safety plan, built from an Excel workbook into Word."""

__version__ = "0.1.0"
