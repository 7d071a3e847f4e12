"""The interface: command-line parsing (Typer), what each command does, rendering with Rich or
as JSON, and the live countdown. The only layer that prints, and the only one that maps
exceptions to messages and exit statuses (errors.py)."""
