"""The five-question check every person answers before acknowledging the policy."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    statement: str
    true: bool
    why: str


QUESTIONS: tuple[Question, ...] = (
    Question("If I see a complaint about us online I may reply if I stay polite.", False,
             "Only the designated responders answer; any reply can confirm someone is our patient."),
    Question("My only action when I see a complaint about us online is to report it in SafeReply.", True,
             "Reporting is the whole of it; the designated responders take it from there."),
    Question("Replying from my personal account is fine, because it is not the organization's account.", False,
             "The rule covers personal accounts too: you still speak as someone who works here."),
    Question("Saying that someone is our patient can break the HIPAA Privacy Rule, even if they posted first.", True,
             "A patient disclosing their own care does not let us confirm or add to it."),
    Question("Liking or sharing the post is allowed, because it is not a reply.", False,
             "Do not like, share or comment either; report it."),
)


def quiz_wrong(answers: dict[int, bool | None]) -> list[int]:
    """The numbers (from 0) of the questions answered wrongly or not at all."""
    return [n for n, q in enumerate(QUESTIONS) if answers.get(n) is not q.true]
