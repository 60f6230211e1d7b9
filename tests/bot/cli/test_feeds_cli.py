"""`quotedesk feed add|list|poll|remove` against a real local HTTP server, then `ask` quoting an item's page."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from bot.cli import app
from tests.support.feeds import expected, page_entry, rss, serve_pages
from tests.support.httpserver import LocalHTTPServer

runner = CliRunner()


def test_feed_round_trip_add_poll_ask_remove(tmp_path, embedder, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env or data folder from the repo
    env = {"QUOTEDESK_FETCH_ALLOW_HOSTS": '["127.0.0.1"]'}

    def cli(*args: str):
        result = runner.invoke(app, ["--data-dir", str(tmp_path / "store"), *args], env=env)
        result.flat = " ".join(result.output.split())
        return result

    with LocalHTTPServer() as server:
        serve_pages(server)
        server.add("/feed.xml", rss([page_entry("crane", server), page_entry("asylum", server)]),
                   content_type="application/rss+xml", etag='"1"')
        feed_url = server.url("/feed.xml")

        added = cli("feed", "add", feed_url, "--every", "15", "--json")
        assert added.exit_code == 0, added.output
        sub = json.loads(added.stdout)
        assert sub["url"] == feed_url and sub["interval_minutes"] == 15 and sub["title"] == "Wikinews test desk"
        again = cli("feed", "add", feed_url)
        assert again.exit_code == 1 and "already follows" in again.flat

        polled = cli("feed", "poll")
        assert polled.exit_code == 0, polled.output
        assert "2 new article(s)" in polled.flat and expected("crane")["title"] in polled.flat

        answer = json.loads(cli("ask", "How many people were wounded when the crane fell in Mecca?", "--json").stdout)
        assert answer["quotes"] and "wounding 238" in " ".join(q["span"]["text"] for q in answer["quotes"])
        assert answer["sources"][0]["meta"]["title"] == expected("crane")["title"]

        [listed] = json.loads(cli("feed", "list", "--json").stdout)
        assert listed["articles_added"] == 2 and listed["etag"] == '"1"' and listed["last_error"] is None
        table = cli("feed", "list")
        assert sub["id"] in table.flat and "15 min" in table.flat

        assert "not modified" in cli("feed", "poll", sub["id"]).flat
        server.add("/feed.xml", "<rss><channel><item>", content_type="application/rss+xml")
        broken = cli("feed", "poll")
        assert broken.exit_code == 1 and "not well-formed XML" in broken.flat
        assert "not well-formed XML" in cli("feed", "list").flat

        refused = cli("feed", "add", "http://10.1.2.3/feed.xml")
        assert refused.exit_code == 1 and "private address" in refused.flat

        assert cli("feed", "remove", sub["id"]).exit_code == 0
        assert json.loads(cli("feed", "list", "--json").stdout) == []
        assert "follows no feeds" in cli("feed", "poll").flat
        unknown = cli("feed", "remove", sub["id"])
        assert unknown.exit_code == 1 and "follows no feed" in unknown.flat
