"""The command line's help in the reader's language (``tracker --lang zh_CN --help``, or LANG).

The help of a command is its docstring and the ``help=`` of its options, written in English where
they are defined (docs/cli.md is written from them). ``make messages`` extracts them too (``extract``,
named in babel.cfg), and ``in_language`` translates the whole command tree before Click reads it,
with Click's and Typer's own words ("Usage:", "Options", "[required]") for the run. A help text
built from parts (a list of formats) is made with ``help_text`` and built again in the language.
"""

from __future__ import annotations

import ast
import io
import os
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from tracker.i18n import ENGLISH, N_, choose_language, current_language, gettext, using_language

# Click's and Typer's words a help page or a usage error shows (their msgids, so the catalogue
# translates them; Click and Typer look them up through the module-level ``_`` patched below).
FRAMEWORK_WORDS = (
    N_("Usage:"), N_("Show this message and exit."), N_("Arguments"), N_("Options"), N_("Commands"),
    N_("[default: {}]"), N_("[required]"), N_("Error"), N_("Error: {message}"),
    N_("Try '{command} {option}' for help."), N_("Missing argument"), N_("Missing option"),
    N_("Missing parameter"), N_("Invalid value for {param_hint}: {message}"), N_("No such option {name!r}."),
    N_("No such command {name!r}."),
)
# The usage errors Typer's own copy of Click writes with f-strings (no gettext to patch): each
# English sentence as a pattern, and the msgid (same placeholders) it is said with instead.
_USAGE_ERRORS = tuple((re.compile(pattern), message) for pattern, message in (
    (r"^No such option: (?P<name>.+)$", N_("No such option: {name}")),
    (r"^Missing argument (?P<name>.+)\.$", N_("Missing argument {name}.")),
    (r"^Missing option (?P<name>.+)\.$", N_("Missing option {name}.")),
    (r"^Missing parameter (?P<name>.+)\.$", N_("Missing parameter {name}.")),
    (r"^Missing command\.$", N_("Missing command.")),
    (r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<arguments>.+)\)$",
     N_("Got unexpected extra argument(s) ({arguments})")),
    (r"^Option (?P<name>.+) requires an argument\.$", N_("Option {name} requires an argument.")),
    (r"^Option (?P<name>.+) requires (?P<count>\d+) arguments\.$",
     N_("Option {name} requires {count} arguments.")),
    (r"^Option (?P<name>.+) does not take a value\.$", N_("Option {name} does not take a value.")),
    (r"^Invalid value for (?P<param_hint>.+?): (?P<message>.+)$",
     N_("Invalid value for {param_hint}: {message}")),
    (r"^Invalid value: (?P<message>.+)$", N_("Invalid value: {message}")),
))
# What Click and Typer add after a message: the options it may have meant, the commands.
_POSSIBLE = re.compile(r"^(?P<message>.+) \(Possible options: (?P<options>.+)\)$")
_DID_YOU_MEAN = re.compile(r"^(?P<message>.+?)\.? ?Did you mean (?P<suggestions>.+)\?$")


def usage_message(exc: Exception) -> str:
    """A Click usage error's message in the context's language ("No such option: --x" → "没有选项：
    --x"); English, and any sentence not known here, as Click wrote it."""
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if current_language() == ENGLISH:
        return text
    return _usage_text(text)


def _usage_text(text: str) -> str:
    if found := _DID_YOU_MEAN.match(text):
        return gettext(N_("{message}. Did you mean {suggestions}?")).format(
            message=_usage_text(found["message"]).rstrip(".。"), suggestions=found["suggestions"])
    if found := _POSSIBLE.match(text):
        return gettext(N_("{message} (Possible options: {options})")).format(
            message=_usage_text(found["message"]), options=found["options"])
    for pattern, message in _USAGE_ERRORS:
        if found := pattern.match(text):
            return gettext(message).format(**found.groupdict())
    return text


# typer.rich_utils reads these constants when it draws a help page (set from its msgids).
_RICH_CONSTANTS = {
    "ARGUMENTS_PANEL_TITLE": "Arguments", "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands", "DEFAULT_STRING": "[default: {}]",
    "REQUIRED_LONG_STRING": "[required]", "ERRORS_PANEL_TITLE": "Error",
}
# Modules whose words come through ``from gettext import gettext as _`` (Typer's own; its copy of
# Click writes its few words in English, its help formatter's "Usage:" is given below).
_FRAMEWORK_MODULES = ("typer.core", "typer.rich_utils")
_BUILT: dict[str, Callable[[], str]] = {}


def help_text(make: Callable[[], str]) -> str:
    """A help text built from parts, e.g. ``lambda: _("File format: {formats}.").format(...)``: its
    English now (what Typer is given), and ``make`` again when the help is shown in a language."""
    with using_language(ENGLISH):
        text = make()
    _BUILT[text] = make
    return text


def translated(text: str | None) -> str | None:
    if not text:
        return text
    if text in _BUILT:
        return _BUILT[text]()
    return gettext(text)


def _translate_tree(command) -> None:
    command.help = translated(command.help)
    command.short_help = translated(command.short_help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = translated(param.help)
    # Click makes the --help option when it first needs it, with its own English help.
    make_help_option = command.get_help_option

    def get_help_option(ctx):
        option = make_help_option(ctx)
        if option is not None:
            option.help = translated(option.help)
        return option

    command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values():
        _translate_tree(sub)


def _write_usage(original):
    def write_usage(formatter, prog: str, args: str = "", prefix: str | None = None) -> None:
        return original(formatter, prog, args, gettext("Usage:") + " " if prefix is None else prefix)

    return write_usage


def chosen_language(args: list[str]) -> str:
    """The language a command line asks for: ``--lang``, else TRACKER_DEFAULT_LANGUAGE, else LANG."""
    return choose_language(language_in(args), os.environ.get("LANG"))


def language_in(args: list[str]) -> str | None:
    """The value of ``--lang`` among the command line's words, if given (read before Click parses
    them: ``--help`` is answered while parsing)."""
    for at, word in enumerate(args):
        if word == "--":
            break
        if word == "--lang" and at + 1 < len(args):
            return args[at + 1]
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
    return None


@contextmanager
def in_language(language: str, command=None) -> Iterator[None]:
    """Run in ``language``: Click's and Typer's words translated until the block ends, and the help
    texts of ``command`` (the root group, which Typer builds afresh for each run) and its commands."""
    with ExitStack() as stack:
        stack.enter_context(using_language(language))
        if language != ENGLISH:
            import importlib

            import typer.rich_utils

            if command is not None:
                _translate_tree(command)
            modules = [importlib.import_module(name) for name in _FRAMEWORK_MODULES]
            patches = [(module, "_", gettext) for module in modules if hasattr(module, "_")]
            try:  # Typer carries its own copy of Click (typer._click)
                formatter = importlib.import_module("typer._click.formatting").HelpFormatter
                patches.append((formatter, "write_usage", _write_usage(formatter.write_usage)))
            except (ImportError, AttributeError):
                pass
            patches += [(typer.rich_utils, name, gettext(text)) for name, text in _RICH_CONSTANTS.items()]
            for module, name, value in patches:
                stack.callback(setattr, module, name, getattr(module, name))
                setattr(module, name, value)
        yield


def _registers_a_command(decorator: ast.expr) -> bool:
    """``@app.command(…)``, ``@user_app.command("add")``, ``@app.callback()``: Typer shows the
    function's docstring as its help."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr in ("command", "callback")


def _docstring_and_help(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Docstrings of commands and callbacks, and every ``help="…"`` given as one string, with
    their line numbers."""
    for node in ast.walk(tree):
        if (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and any(_registers_a_command(d) for d in node.decorator_list)):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.body[0].lineno, doc
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if (keyword.arg == "help" and isinstance(keyword.value, ast.Constant)
                        and isinstance(keyword.value.value, str)):
                    yield keyword.value.lineno, keyword.value.value


def extract(fileobj, keywords, comment_tags, options):
    """A Babel extractor for the command modules: what ``pybabel extract`` finds in Python
    (``_``, ``N_``…), and the commands' docstrings and help texts (babel.cfg names it)."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    text = source.decode(options.get("encoding", "utf-8")) if isinstance(source, bytes) else source
    for lineno, message in _docstring_and_help(ast.parse(text)):
        yield lineno, None, message, []

