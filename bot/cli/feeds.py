"""``quotedesk feed add|list|remove|poll``: following RSS / Atom / JSON feeds from the command line.

The CLI does not poll by itself: ``quotedesk feed poll`` polls now (every feed, or one), e.g. from
cron; the Discord bot polls on its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Optional

import typer
from rich.text import Text

from bot.cli.app import app, console, fail, open_library, plain, print_json, state
from index.errors import QuoteDeskError
from index.feeds.poller import PollReport
from index.feeds.state import Subscription

feed_app = typer.Typer(help="Follow RSS, Atom and JSON feeds: their articles are added when they are polled.",
                       no_args_is_help=True)
app.add_typer(feed_app, name="feed")

JSON = Annotated[bool, typer.Option("--json", help="Print as JSON.")]


@feed_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="The feed's link (RSS, Atom or JSON Feed).")],
    every: Annotated[Optional[int], typer.Option(help="Minutes between polls (default 30, at least 5).")] = None,
    as_json: JSON = False,
) -> None:
    """Follow a feed (checked now; its articles are added by `feed poll`)."""
    try:
        sub = open_library().feeds.add(state.namespace, url, every_minutes=every, added_by="cli")
    except QuoteDeskError as err:
        fail(err, as_json)
    if as_json:
        print_json(sub)
        return
    console.print(f"Following {plain(sub.name)} as {sub.id}, polled every {sub.interval_minutes} min. "
                  "Run `quotedesk feed poll` to add its articles now.")


@feed_app.command("list")
def list_feeds(as_json: JSON = False) -> None:
    """The feeds this collection follows, with when they were polled and their last error."""
    try:
        subs = open_library().feeds.subscriptions(state.namespace)
    except QuoteDeskError as err:
        fail(err, as_json)
    if as_json:
        print_json(subs)
        return
    console.print(feeds_text(subs))


@feed_app.command("remove")
def remove(
    feed: Annotated[str, typer.Argument(help="The feed's id (see `feed list`) or link.")],
    as_json: JSON = False,
) -> None:
    """Stop following a feed (the articles it brought stay)."""
    try:
        sub = open_library().feeds.remove(state.namespace, feed)
    except QuoteDeskError as err:
        fail(err, as_json)
    if as_json:
        print_json(sub)
    else:
        console.print(Text(f"No longer following {sub.name} ({sub.id})."))


@feed_app.command("poll")
def poll(
    feed: Annotated[Optional[str], typer.Argument(help="Only this feed (id or link); default: every feed.")] = None,
    as_json: JSON = False,
) -> None:
    """Poll the feeds now and add their new articles (exit 1 if a feed could not be read)."""
    try:
        reports = open_library().feeds.poll(state.namespace, feed)
    except QuoteDeskError as err:
        fail(err, as_json)
    if as_json:
        print_json(reports)
    else:
        if not reports:
            console.print("This collection follows no feeds: add one with `quotedesk feed add URL`.")
        for report in reports:
            console.print(poll_text(report))
    if any(r.error for r in reports):
        raise typer.Exit(1)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def feeds_text(subs: list[Subscription]) -> Text:
    """One block per feed (readable at any terminal width, unlike a wide table)."""
    if not subs:
        return Text("This collection follows no feeds: add one with `quotedesk feed add URL`.")
    out = Text(f"{len(subs)} feed(s)\n", style="bold")
    for sub in subs:
        out.append(f"\n{sub.id}  ", style="bold")
        out.append(f"{sub.title or ''}\n  {sub.url}\n" if sub.title else f"{sub.url}\n")
        out.append(f"  every {sub.interval_minutes} min · {sub.articles_added} article(s) added · "
                   f"last polled {_when(sub.last_polled_at)} · next {_when(sub.next_poll_at)}\n")
        if sub.last_error:
            out.append(f"  last error: {sub.last_error}\n", style="red")
    return out


def poll_text(report: PollReport) -> Text:
    line = Text(f"{report.feed} ({report.feed_id}): ", style="bold")
    if report.error:
        line.append(f"error: {report.error}", style="red")
        return line
    if report.not_modified:
        line.append("not modified since the last poll.")
        return line
    line.append(f"{len(report.added)} new article(s), {report.already_stored} already stored")
    if report.waiting:
        line.append(f", {report.waiting} left for the next poll")
    for result in report.added:
        line.append(f"\n  + {result.article_id}  {result.meta.heading()}")
    for link, why in report.failed:
        line.append(f"\n  ! {link}: {why}", style="yellow")
    return line
