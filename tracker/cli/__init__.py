"""The ``tracker`` command (Typer). Command modules ``tracker/cli/cmd_*.py`` register themselves
on ``app``; domain errors print one clear line and exit with code 2, never a traceback."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import pydantic
import typer

from tracker.cli.console import echo
from tracker.cli.help_texts import chosen_language, help_text, in_language, usage_message
from tracker.errors import DomainError, ValidationError
from tracker.i18n import (
    ENGLISH,
    LANGUAGES,
    _,
    choose_language,
    current_language,
    reset_language,
    set_language,
)
from tracker.labels import label


def _shows_help(exc: Exception) -> bool:
    """A group called without a command shows its help instead of an error."""
    return type(exc).__name__ == "NoArgsIsHelpError"


def validation_message(exc: ValidationError) -> str:
    """The errors on one line, each field named in words outside English ("用户名：…"); in English
    as the service wrote it ("username: …")."""
    if current_language() == ENGLISH or not exc.errors:
        return exc.message
    return _("; ").join(
        _("{field}: {message}").format(field=".".join(
            label(part) if part.isidentifier() else part for part in field.split(".")), message=text)
        if field and field != "__all__" else text for field, text in exc.errors.items())


class DomainErrorsExit2(typer.core.TyperGroup):
    """Turns what a user can get wrong into one ``Error: …`` line and exit code 2, wherever the
    command runs (the console script or ``typer.testing.CliRunner``); runs in the language asked
    for (``--lang``, else TRACKER_DEFAULT_LANGUAGE, else LANG), the help pages too."""

    def main(self, args=None, *rest, **options):
        with in_language(chosen_language(list(sys.argv[1:] if args is None else args)), self):
            return super().main(args, *rest, **options)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ValidationError as exc:
            message = validation_message(exc)
        except DomainError as exc:
            message = exc.message
        except pydantic.ValidationError as exc:
            message = validation_message(ValidationError.from_pydantic(exc))
        except typer.TyperException as exc:          # click usage errors (bad option values …)
            if _shows_help(exc):
                raise
            message = usage_message(exc)
        # Messages quote file headers and cells: ``echo`` shows their control characters.
        echo(_("Error: {message}").format(message=message), err=True)
        raise typer.Exit(2)


app = typer.Typer(cls=DomainErrorsExit2,
                  help="Engagement Tracker: log, read and export a government office's engagement "
                       "with enterprises.", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, rich_markup_mode="markdown")


@app.callback()
def choose_output_language(
    ctx: typer.Context,
    lang: str = typer.Option(None, "--lang", metavar="LANGUAGE", help=help_text(
        lambda: _("Language of the output: {languages} (default: TRACKER_DEFAULT_LANGUAGE, else LANG, "
                  "else en).").format(languages=_(" or ").join(LANGUAGES)))),
) -> None:
    """Engagement Tracker: log, read and export a government office's engagement with enterprises."""
    # The group's ``main`` chose the same language before parsing (for --help); set here for the
    # command, and reset when it ends: under a test runner the next command starts in English again.
    token = set_language(choose_language(lang, os.environ.get("LANG")))
    ctx.call_on_close(lambda: reset_language(token))


def _load_commands() -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("cmd_"):
            importlib.import_module(f"{__name__}.{module.name}")


_load_commands()


def main() -> None:
    """Console entry point: exit code 0 on success, 2 for anything the user got wrong."""
    with in_language(chosen_language(sys.argv[1:])):  # a usage error is told in the language too
        try:
            result = app(standalone_mode=False)
        except (typer.Abort, KeyboardInterrupt):
            echo(_("Aborted."), err=True)
            sys.exit(1)
        except typer.TyperException as exc:   # usage errors before any command runs
            if _shows_help(exc):
                exc.show()
                sys.exit(0)
            echo(_("Error: {message}").format(message=usage_message(exc)), err=True)
            sys.exit(getattr(exc, "exit_code", 2))
    sys.exit(result if isinstance(result, int) else 0)
