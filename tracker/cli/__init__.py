"""The ``tracker`` command (Typer). Command modules ``tracker/cli/cmd_*.py`` register themselves
on ``app``; domain errors print one clear line and exit with code 2, never a traceback."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from tracker.errors import DomainError

app = typer.Typer(help="Engagement Tracker: log, read and export a government office's engagement "
                       "with enterprises.", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False)


def _load_commands() -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("cmd_"):
            importlib.import_module(f"{__name__}.{module.name}")


_load_commands()


def main() -> None:
    """Console entry point: run the app, turning domain errors into exit code 2."""
    try:
        app(standalone_mode=False)
    except DomainError as exc:
        typer.echo(f"Error: {exc.message}", err=True)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("Aborted.", err=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(2)
        raise
