"""Feed results -> Discord embeds (/feed add, list, remove, poll, and announcements). Pure functions.

Feed titles, links and errors come from the outside world: everything is escaped (markdown and
mentions neutralised) and shortened, and pages stay within :data:`render.DESCRIPTION_BUDGET`.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.discord.markdown import escape, plain_shorten, shorten
from bot.discord.pages import Block, pack
from bot.discord.render import (
    ANSWER_COLOUR,
    BAD_COLOUR,
    DESCRIPTION_BUDGET,
    GOOD_COLOUR,
    NEUTRAL_COLOUR,
    WARN_COLOUR,
    _article_line,
    _code,
    _embeds,
    _safe_url,
)
from index.feeds.poller import PollReport
from index.feeds.state import Subscription
from index.models import AddStatus

FEEDS_PER_PAGE = 8


def _name(sub_or_report_name: str) -> str:
    return shorten(sub_or_report_name, 120)


def _link(url: str) -> str:
    safe = _safe_url(url)
    return f"<{safe}>" if safe else escape(plain_shorten(url, 200))


def _channel(announce_to: str | None) -> str:
    return f"new articles announced in <#{announce_to}>" if announce_to else "no announcements"


def subscribed(sub: Subscription, *, per_poll: int) -> discord.Embed:
    """/feed add: what is followed now, and what happens next."""
    text = (f"**{_name(sub.name)}** · {_code(sub.id)}\n{_link(sub.url)}\n"
            f"Polled every {sub.interval_minutes} min · {_channel(sub.announce_to)}.\n"
            f"Its newest articles (up to {per_poll} per poll) arrive at the first poll, within a few minutes; "
            "`/feed poll` polls now.")
    return _embeds("📰 Feed added", [text], GOOD_COLOUR)[0]


def _feed_block(sub: Subscription) -> Block:
    polled = discord.utils.format_dt(sub.last_polled_at, "R") if sub.last_polled_at else "not yet"
    lines = [f"**{_name(sub.name)}** · {_code(sub.id)}", _link(sub.url),
             f"every {sub.interval_minutes} min · {sub.articles_added} article(s) added · last polled {polled} · "
             f"next {discord.utils.format_dt(sub.next_poll_at, 'R')} · {_channel(sub.announce_to)}"]
    if sub.last_error:
        failing = f" ({sub.failures} failed poll{'s' if sub.failures != 1 else ''} in a row)" if sub.failures else ""
        lines.append(f"⚠️ Last error{failing}: {shorten(sub.last_error, 300)}")
    return Block(("\n".join(lines),))


def feeds(subs: Sequence[Subscription], *, limit: int) -> list[discord.Embed]:
    """/feed list: every feed with its schedule and its last error."""
    heading = f"Feeds this server follows ({len(subs)}/{limit})"
    if not subs:
        return _embeds(heading, ["No feeds yet. Someone with Manage Server can add one with `/feed add`."],
                       NEUTRAL_COLOUR)
    pages = pack([_feed_block(s) for s in subs], DESCRIPTION_BUDGET, max_blocks=FEEDS_PER_PAGE)
    colour = WARN_COLOUR if any(s.last_error for s in subs) else ANSWER_COLOUR
    return _embeds(heading, [p.text for p in pages], colour)


def removed(sub: Subscription, by: discord.abc.User) -> discord.Embed:
    text = (f"**{_name(sub.name)}** · {_code(sub.id)}\n{_link(sub.url)}\n"
            f"Removed by {by.mention}. It will not be polled again; the articles it brought stay.")
    return _embeds("🗑️ Feed removed", [text], NEUTRAL_COLOUR)[0]


def _article_lines(report: PollReport) -> list[str]:
    return [("🆕 " if r.status is AddStatus.NEW_VERSION else "") + _article_line(r.article_id, r.meta)
            for r in report.added]


def _report_block(report: PollReport) -> Block:
    head = f"**{_name(report.feed)}** · {_code(report.feed_id)}"
    if report.error:
        return Block((f"{head}\n❌ {escape(plain_shorten(report.error, 400))}",))
    if report.not_modified:
        return Block((f"{head}\nNot modified since the last poll.",))
    summary = f"{len(report.added)} new article(s), {report.already_stored} already stored"
    if report.waiting:
        summary += f", {report.waiting} left for the next poll"
    lines = [head, summary, *_article_lines(report)]
    lines += [f"⚠️ {escape(plain_shorten(link, 120))}: {escape(plain_shorten(why, 200))}" for link, why in report.failed]
    return Block(tuple(line + "\n" for line in lines))


def poll_results(reports: Sequence[PollReport]) -> list[discord.Embed]:
    """/feed poll: per feed, what was added, or why the feed could not be read."""
    if not reports:
        return _embeds("Nothing to poll", ["This server follows no feeds yet: add one with `/feed add`."],
                       NEUTRAL_COLOUR)
    added = sum(len(r.added) for r in reports)
    failed = sum(1 for r in reports if r.error)
    heading = f"Polled {len(reports)} feed(s): {added} new article(s)" + (f", {failed} failed" if failed else "")
    colour = BAD_COLOUR if failed == len(reports) else WARN_COLOUR if failed else GOOD_COLOUR
    pages = pack([_report_block(r) for r in reports], DESCRIPTION_BUDGET)
    return _embeds(heading, [p.text for p in pages], colour)


def announcement(report: PollReport) -> discord.Embed:
    """"3 new articles from Outlet": titles and ids, as many as fit, then how many more."""
    lines = _article_lines(report)
    count = len(lines)
    heading = f"📰 {count} new article{'s' if count != 1 else ''} from {plain_shorten(report.feed, 150)}"
    shown: list[str] = []
    for i, line in enumerate(lines):
        rest = count - i - 1
        more = f"\n…and {rest} more: `/sources` lists them." if rest else ""
        if len("\n".join([*shown, line])) + len(more) > DESCRIPTION_BUDGET:
            shown.append(f"…and {count - i} more: `/sources` lists them.")
            break
        shown.append(line)
    shown.append("Ask about them with `/ask`, check a quote with `/check`.")
    return _embeds(heading, ["\n".join(shown)], GOOD_COLOUR)[0]
