"""The statistics window (issue 8): the shipped and installed reports and cross-tabulations
counted as of a date (``app.stats``), shown as a table and charts, the dossiers behind a cell,
and PDF and CSV exports. Opened from the "Thống kê" menu by
:class:`ui.extract.commands.ExtractCommands`, like the trace window."""
