"""The extractive answerer through the real library: what a "what did X say" question gets."""

from __future__ import annotations

from index.library import Library
from index.models import ArticleMeta
from tests.support.checks import assert_verbatim

SNOW = (
    "The Winter Olympics in Beijing rely almost entirely on artificial snow, a report said on Tuesday.\n\n"
    "Snow machines ran day and night on the slopes of Yanqing, using millions of litres of water.\n\n"
    "Laura Donaldson, a freestyle skier from Scotland who competed in Salt Lake City in 2002, was extremely "
    "critical of artificial snow.\n\n"
    "“If super pipes are formed from snow-making machines, the pipe floor is solid ice,” Donaldson told the "
    "researchers. “This is dangerous for athletes, some have died.”\n\n"
    "The organisers said the snow was safe and that the courses had been inspected by the ski federation."
)


def test_asked_what_someone_said_the_quote_brings_her_words(library: Library) -> None:
    library.add_text("default", SNOW, meta=ArticleMeta(title="Olympics on fake snow", outlet="Example News"))
    answer = library.ask("default", "what did laura donaldson say about artifical snow")
    assert not answer.abstained
    first = answer.quotes[0].text
    assert "This is dangerous for athletes" in first  # her words, not only the sentence reporting them
    assert_verbatim(library, "default", answer)
