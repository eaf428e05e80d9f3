"""Foundation commands: init, seed, stats, user add, serve."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import typer

from tracker.auth.actor import role_word
from tracker.cli import app
from tracker.cli.console import AS_OPTION, cli_session, echo, echo_json, fail, resolve_actor
from tracker.db import get_engine
from tracker.i18n import N_, _, format_number
from tracker.migrate import upgrade
from tracker.models import Confidentiality, Role, UserCreate
from tracker.stats import row_counts

user_app = typer.Typer(help="Manage users.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@app.command()
def init() -> None:
    """Create the database, or bring it to the latest version, and load the default cooperation areas.

    It also refreshes the query planner's statistics, so a database grown by everyday logging
    keeps fast dashboards; `make run` runs it on every start, and it changes no record."""
    from tracker.db import refresh_statistics
    from tracker.taxonomy import ensure_default_taxonomy

    engine = get_engine()
    upgrade(engine)
    with cli_session() as session:
        created = ensure_default_taxonomy(session)
    with engine.begin() as connection:
        refresh_statistics(connection)
    where = engine.url.render_as_string(hide_password=True)
    echo(_("Database ready at {url}; {count} cooperation areas added.").format(
        url=where, count=format_number(created)) if created
         else _("Database ready at {url}.").format(url=where))


@app.command()
def seed(
    demo: bool = typer.Option(False, "--demo", help="The reference scenario plus 2,000 generated "
                                                    "meetings and demo accounts (once)."),
    meetings: int = typer.Option(0, "--meetings", min=0, metavar="N", help="Generate this many meetings."),
    seed_value: int = typer.Option(42, "--seed", metavar="N",
                                   help="Random seed: the same seed gives the same data."),
    first_run: bool = typer.Option(False, "--first-run", help="With --demo: only when the database "
                                                              "holds no meeting yet."),
    as_user: str | None = AS_OPTION,
) -> None:
    """Load demo data: the reference scenario, generated engagement history and demo accounts.

    --demo loads the talks of 7 May 2019 at the Digital China Summit, 2,000 generated meetings
    around them and the demo accounts; running it again adds nothing. --meetings N generates N
    more meetings in the proportions of a real office (per 100,000 meetings: 10,000
    organisations, 40,000 people, about 400,000 participations, 10,000 agreements and 30,000
    pledges), with a progress bar; the same --seed gives the same data."""
    from seed_data.demo import seed_demo
    from seed_data.generator import generate

    if not demo and meetings <= 0:
        fail(_("Say what to seed: --demo, or --meetings N with N > 0."))
    started = time.perf_counter()
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        if demo:
            result = seed_demo(session, actor=actor, only_if_empty=first_run)
            echo(result)
        if meetings > 0:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TimeElapsedColumn())
            with Progress(*columns) as progress:
                task = progress.add_task(_("Generating meetings"), total=meetings)
                counts = generate(get_engine(), meetings=meetings, seed=seed_value, actor=actor,
                                  progress=lambda done: progress.update(task, completed=done))
            echo(_("Inserted {rows} rows ({meetings} meetings).").format(
                rows=format_number(sum(counts.values())), meetings=format_number(counts.get("meeting", 0))))
    echo(_("Done in {seconds} s.").format(
        seconds=format_number(time.perf_counter() - started, decimals=1)))


@app.command()
def stats(as_json: bool = typer.Option(False, "--json", help="Print a JSON object."),
          as_user: str | None = AS_OPTION) -> None:
    """Count the records of each kind (administrators: the totals include every confidentiality level)."""
    from tracker.auth.actor import require_admin

    with cli_session() as session:
        require_admin(resolve_actor(session, as_user), N_("see row counts of every level"))
        counts = row_counts(session)
    if as_json:
        echo_json(counts)
        return
    # Table names are the schema's own (and the --json keys); the figures in the reader's style.
    width = max(map(len, counts))
    for name, value in counts.items():
        echo(f"{name:<{width}}  {format_number(value):>12}")


@user_app.command("add")
def user_add(
    username: str = typer.Argument(..., metavar="USERNAME", help="Sign-in name (letters, digits, . _ - @)."),
    role: Role = typer.Option(..., "--role", metavar="ROLE", help="admin, editor or viewer."),
    clearance: str = typer.Option("internal", "--clearance", metavar="LEVEL",
                                  help="The highest confidentiality the user may see: public, "
                                       "internal, confidential or secret."),
    display_name: str | None = typer.Option(None, "--display-name", metavar="TEXT",
                                             help="The name shown in the app and the audit trail."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from "
                                                                        "standard input."),
    as_user: str | None = AS_OPTION,
) -> None:
    """Create a user; the password is prompted for, or read from standard input."""
    from tracker.services.users import create_user

    try:
        level = Confidentiality.parse(clearance)
    except (KeyError, ValueError):
        fail(_("Unknown clearance “{level}”: use public, internal, confidential or secret.").format(
            level=clearance))
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    with cli_session() as session:
        actor = resolve_actor(session, as_user)
        user = create_user(session=session, actor=actor, data=UserCreate(
            username=username, role=role, clearance=level, display_name=display_name,
            password=password))
    echo(_("Created {role} “{name}” with {level} clearance.").format(
        role=role_word(user.role), name=user.username, level=_(level.label)))


def _app_path() -> Path:
    app_path = Path(__file__).resolve().parents[2] / "dashboards" / "server.py"
    if not app_path.exists():
        fail(_("The app is not at {path}.").format(path=app_path))
    return app_path


def streamlit_command(port: int, *, address: str | None = None) -> list[str]:
    """The command line of one app process on ``port`` (on ``address`` only, when given)."""
    command = [sys.executable, "-m", "streamlit", "run", str(_app_path()), "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false",
               # A running office server must not reload itself when its files change (an upgrade
               # in place would otherwise re-import the models mid-request).
               "--server.fileWatcherType", "none",
               # Also in dashboards/.streamlit/config.toml; repeated so no other config file met on
               # the way (the working folder's, the user's) can show tracebacks to visitors.
               "--client.showErrorDetails", "none", "--client.toolbarMode", "minimal"]
    return command + (["--server.address", address] if address else [])


@app.command()
def serve(port: int | None = typer.Option(None, "--port", min=1, max=65535, metavar="PORT",
                                          help="The port to listen on (default: $PORT, or 8501; "
                                               "with --workers: $TRACKER_PROXY_PORT, or 8080)."),
          workers: int | None = typer.Option(None, "--workers", min=1, max=64, metavar="N",
                                             help="Run N app processes behind nginx, as in production "
                                                  "(ports from $TRACKER_WORKER_BASE_PORT, default 8511)."),
          ) -> None:
    """Start the web app on this machine; open http://localhost:PORT in a browser."""
    if workers is not None:
        _serve_behind_nginx(workers, port)
        return
    port = port or int(os.environ.get("PORT", 8501))
    command = streamlit_command(port)
    echo(_("Serving the tracker at {url}").format(url=f"http://localhost:{port}"))
    raise typer.Exit(subprocess.call(command))


def _serve_behind_nginx(workers: int, port: int | None) -> None:
    from tracker import deploy

    try:
        listen = port or deploy.proxy_port()
        run_dir = Path(os.environ.get("TRACKER_RUN_DIR", "") or deploy.DEFAULT_RUN_DIR)
        profile = deploy.start_profile(
            lambda worker_port: streamlit_command(worker_port, address="127.0.0.1"),
            workers=workers, listen=listen, run_dir=run_dir)
    except FileNotFoundError:
        fail(_("nginx is not installed (Debian: apt-get install nginx-light), or set TRACKER_NGINX."))
    except (ValueError, RuntimeError) as exc:
        fail(_("Could not start the production profile: {reason}").format(reason=exc))
    echo(_("Serving the tracker at {url} ({count} app processes behind nginx; Ctrl+C stops them all)")
         .format(url=f"http://localhost:{listen}", count=workers))
    raise typer.Exit(deploy.run_profile(profile))


@app.command("proxy-config")
def proxy_config(upstream: list[str] = typer.Option(
                     [], "--upstream", metavar="HOST:PORT",
                     help="An app process (repeat for each; default: $TRACKER_UPSTREAMS, else "
                          "$TRACKER_WORKERS processes on 127.0.0.1 from $TRACKER_WORKER_BASE_PORT)."),
                 listen: str | None = typer.Option(
                     None, "--listen", metavar="ADDRESS",
                     help="What nginx listens on (default: $TRACKER_PROXY_PORT, or 8080)."),
                 ) -> None:
    """Print the nginx configuration for nginx in front of the app processes (WebSocket, affinity)."""
    from tracker import deploy

    try:
        upstreams = upstream or deploy.upstreams_from_env() or [
            f"127.0.0.1:{port}" for port in deploy.worker_ports(deploy.worker_count())]
        typer.echo(deploy.render_site_config(upstreams, listen=listen), nl=False)
    except ValueError as exc:
        fail(_("Could not write the nginx configuration: {reason}").format(reason=exc))


