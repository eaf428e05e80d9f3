"""The command reference, written from the Typer app itself: every command with its help text,
arguments and options, as Markdown for README.md (one line per command) and docs/cli.md (the
full reference). A test keeps both pages equal to what this writes, so a new command or option
cannot go undocumented; ``make docs`` rewrites them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath

import typer.main

PROGRAM = "tracker"


@dataclass(frozen=True)
class Parameter:
    name: str        # "VIEW", "--out FILE", "--charts / --no-charts"
    help: str
    required: bool
    default: str     # "" when there is none worth showing
    option: bool


@dataclass(frozen=True)
class Command:
    path: str        # "tracker user add"
    help: str        # the whole docstring, paragraphs separated by blank lines
    parameters: tuple[Parameter, ...]

    @property
    def summary(self) -> str:
        """The first paragraph of the help, on one line."""
        return " ".join(self.help.split("\n\n")[0].split())

    @property
    def usage(self) -> str:
        """``tracker export VIEW --out FILE [OPTIONS]``: arguments and required options."""
        words = [self.path] + [p.name for p in self.parameters if p.required]
        if any(not p.required for p in self.parameters):
            words.append("[OPTIONS]")
        return " ".join(words)


def _metavar(param) -> str:
    return param.metavar or param.name.upper()


def _default(param) -> str:
    value = param.default
    if param.secondary_opts and isinstance(value, bool):
        return (param.opts if value else param.secondary_opts)[0]
    if value is None or value is False or value == () or value == [] or param.required:
        return ""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, PurePath):
        value = value.as_posix()
    return str(value)


def _parameter(param) -> Parameter:
    option = param.param_type_name == "option"
    if not option:
        name = _metavar(param)
    elif param.is_flag:
        name = " / ".join([param.opts[0], *param.secondary_opts])
    else:
        name = f"{param.opts[0]} {_metavar(param)}"
    return Parameter(name=name, help=" ".join((getattr(param, "help", None) or "").split()),
                     required=bool(param.required), default=_default(param), option=option)


def _leaves(command, path: str) -> Iterator[Command]:
    if hasattr(command, "list_commands"):      # a group: tracker, tracker user, tracker audit
        context = command.context_class(command, info_name=path)
        for name in sorted(command.list_commands(context)):
            yield from _leaves(command.get_command(context, name), f"{path} {name}")
        return
    parameters = tuple(_parameter(p) for p in command.params if not getattr(p, "hidden", False))
    yield Command(path=path, help=(command.help or "").strip(), parameters=parameters)


def commands(app=None) -> list[Command]:
    """Every command of the ``tracker`` app (or ``app``), by name."""
    if app is None:
        from tracker.cli import app
    return list(_leaves(typer.main.get_command(app), PROGRAM))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def command_table() -> str:
    """README.md's list: each command's usage and what it does."""
    lines = ["| command | what it does |", "|---|---|"]
    lines += [f"| `{_cell(c.usage)}` | {_cell(c.summary)} |" for c in commands()]
    return "\n".join(lines)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(paragraph.split()) for paragraph in text.split("\n\n") if paragraph.strip()]


def _described(parameter: Parameter) -> str:
    notes = [parameter.help] if parameter.help else []
    if parameter.required:
        notes.append("Required.")
    elif parameter.default:
        notes.append(f"Default: `{parameter.default}`.")
    return f"- `{parameter.name}`: {' '.join(notes)}"


def command_reference() -> str:
    """docs/cli.md's reference: per command, its help, its usage and each argument and option."""
    sections = []
    for command in commands():
        lines = [f"### `{command.path}`", "", *_paragraphs(command.help)]
        lines = [lines[0], "", "\n\n".join(lines[2:]), "", "```", command.usage, "```"]
        if command.parameters:
            lines += ["", *(_described(p) for p in command.parameters)]
        sections.append("\n".join(lines))
    return "\n\n".join(sections)
