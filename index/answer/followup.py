"""Follow-up questions: "and when did it start?" read with the conversation it continues.

A conversation is the last few questions and the articles their answers cited. A follow-up is
searched as itself plus the content words of the question before it (so "it" and "the second one"
still find the subject), and the articles already cited are searched first. Nothing here knows about
Discord: the bot keeps one :class:`Conversation` per thread or DM (bot/discord/conversations.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.answer.answer_type import asks_for_words
from index.answer.speaker import asked_speaker, asks_a_pronoun
from index.models import Answer

MAX_TURNS = 3

_LEADS = re.compile(r"^\W*(?:and|but|also|so|then|ok(?:ay)?|what about|how about|and what about)\b", re.IGNORECASE)
_REFERS = re.compile(r"\b(?:it|its|it's|they|them|their|he|him|his|she|her|that|this|those|these|there|then|"
                     r"the (?:first|second|third|last|other|same) (?:one)?|one|ones)\b", re.IGNORECASE)
_STOPWORDS = """a an the and or but of to in on at for with by from about as is are was were be been being do does did
what which who whom whose when where why how that this those these it its they them their he him his she her there
then so also ok okay please tell me say said says any some more much many can could would should will just"""
_STOP = frozenset(_STOPWORDS.split())
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class Turn:
    """One question of a conversation and the articles its answer cited."""

    question: str
    article_ids: tuple[str, ...]

    @classmethod
    def of(cls, answer: Answer) -> Turn:
        return cls(answer.question, tuple(s.article_id for s in answer.sources))


@dataclass(frozen=True)
class Conversation:
    """The last few turns, oldest first."""

    turns: tuple[Turn, ...] = ()

    def then(self, turn: Turn) -> Conversation:
        """This conversation with ``turn`` appended (the oldest dropped past :data:`MAX_TURNS`)."""
        return Conversation((*self.turns, turn)[-MAX_TURNS:])

    @property
    def cited(self) -> tuple[str, ...]:
        """Articles cited so far, the latest answer's first."""
        return tuple(dict.fromkeys(a for turn in reversed(self.turns) for a in turn.article_ids))


def is_follow_up(question: str) -> bool:
    """Whether ``question`` leans on what came before: a leading "and"/"what about", a pronoun, or very short."""
    words = _WORD.findall(question)
    content = [w for w in words if w.casefold() not in _STOP]
    return bool(_LEADS.search(question) or _REFERS.search(question) or len(content) <= 2)


def contextual_query(question: str, conversation: Conversation | None) -> str:
    """The text to search for ``question`` in ``conversation``: itself, plus the last question's subject."""
    if conversation is None or not conversation.turns or not is_follow_up(question):
        return question
    own = {w.casefold() for w in _WORD.findall(question)}
    earlier = [w for w in _WORD.findall(conversation.turns[-1].question)
               if w.casefold() not in _STOP and w.casefold() not in own]
    return f"{question} {' '.join(dict.fromkeys(earlier))}".strip()


def earlier_speaker(question: str, conversation: Conversation | None) -> str | None:
    """Whom "he" or "she" stands for in a follow-up asking what they said ("and what did he say about the
    suspect?"): the person the latest earlier question asked the words of; None otherwise."""
    if conversation is None or not asks_for_words(question) or not asks_a_pronoun(question):
        return None
    return next((who for turn in reversed(conversation.turns) if (who := asked_speaker(turn.question))), None)
