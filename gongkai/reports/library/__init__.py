"""The report library (年报库, issue 8 item 5): published annual reports — read back by the
parser or published by Gongkai itself — stored, browsed, compared and flagged.

- :mod:`.services` — ``library_import`` (parse, match the publisher to an organ, one report per
  organ and year); the matching rule is in its docstring.
- :mod:`.selectors` — reads through REPORT_VIEW; generated reports are read from
  ``AnnualReport`` alongside the parsed ones (no copy); comparison rows.
- :mod:`.compare` — indicators (pure): applications, outcome mix, review and litigation rates,
  interpretation ratio, failed checks.
- :mod:`.outliers` — the outlier rules (pure, each a named function).
- :mod:`.charts` — inline SVG charts (pure); :mod:`.export` — CSV with BOM.
- :mod:`.views`, :mod:`.forms`, :mod:`.api` — the workspace pages and the API router;
  ``gongkai report import`` is in ``reports/management/commands/report.py``.
"""
