"""The trace window (issue 7): files dropped or chosen by the security inspector, traced back to
the registered copies their pages came from (``app.trace``). Opened from the "Khai thác" menu by
:class:`ui.extract.commands.ExtractCommands`; :mod:`ui.trace.models` holds what it shows."""
