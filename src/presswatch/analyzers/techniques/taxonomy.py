"""The persuasion-technique taxonomy presswatch reports: the 23 techniques of SemEval-2023 Task 3
(subtask 3), grouped in its six families, with the mapping from the 14 techniques of SemEval-2020
Task 11 (the Propaganda Techniques Corpus).

The technique keys are the dataset's label strings. The explanations are the project's own words,
written for a reader of a report: what the device does to the reader, and what to check before
accepting the passage. A detected technique is a reason to read closely, not a verdict on the text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Technique:
    key: str  # label string used by SemEval-2023 Task 3
    name: str  # display name
    family: str
    explanation: str


ATTACK = "Attack on reputation"
JUSTIFICATION = "Justification"
SIMPLIFICATION = "Simplification"
DISTRACTION = "Distraction"
CALL = "Call"
WORDING = "Manipulative wording"

TECHNIQUES: tuple[Technique, ...] = (
    Technique(
        "Appeal_to_Authority", "Appeal to authority", JUSTIFICATION,
        "A claim is presented as settled because a person or body said it, rather than because of the "
        "evidence behind it. Quoting experts is normal journalism; it becomes a persuasion device when the "
        "source's standing substitutes for the argument, when the authority is outside its field, or when the "
        "'authority' is vague (\"experts agree\"). Ask who exactly is cited, what they know about this "
        "question, and whether the text shows their reasons.",
    ),
    Technique(
        "Appeal_to_Fear-Prejudice", "Appeal to fear or prejudice", JUSTIFICATION,
        "The text pushes the reader toward a conclusion by raising alarm about what will happen otherwise, or "
        "by playing on existing hostility toward a group. The danger may be real, but the passage relies on "
        "the emotion rather than on showing how likely or how large the threat is. Check whether the risk is "
        "sized and sourced, and whether a whole group is being made the object of suspicion.",
    ),
    Technique(
        "Appeal_to_Hypocrisy", "Appeal to hypocrisy (tu quoque)", ATTACK,
        "An opponent's position is dismissed by pointing out that they, or their side, have acted against it "
        "themselves. Inconsistency may say something about the person, but it does not show that the position "
        "is wrong. Separate the two: is the charge of hypocrisy accurate, and does the original argument still "
        "stand once the accusation is set aside?",
    ),
    Technique(
        "Appeal_to_Popularity", "Appeal to popularity (bandwagon)", JUSTIFICATION,
        "Something is presented as right or true because many people, 'everyone', or 'the majority' believe "
        "or do it, inviting the reader to join them. How widely an opinion is held says little about whether "
        "it is correct. Look for who the 'many' are, whether the number is measured, and what evidence there "
        "is apart from the head-count.",
    ),
    Technique(
        "Appeal_to_Time", "Appeal to time (urgency)", CALL,
        "The reader is told that the moment to act is now, that time is running out or that 'the time has "
        "come', so that delay and deliberation look irresponsible. Urgency can be genuine; as a device it cuts "
        "short the weighing of options. Ask what deadline actually exists and what would be lost by taking "
        "longer to decide.",
    ),
    Technique(
        "Appeal_to_Values", "Appeal to values", JUSTIFICATION,
        "A position is tied to values the audience holds dear (freedom, tradition, faith, fairness, "
        "democracy) so that supporting it feels like honouring those values and opposing it like betraying "
        "them. The link between the value and the specific proposal is asserted rather than shown. Check "
        "whether the proposal really follows from the value invoked, and whether other choices serve it as well.",
    ),
    Technique(
        "Causal_Oversimplification", "Causal oversimplification", SIMPLIFICATION,
        "A complex outcome is put down to a single cause, often a convenient one (a person, a group, a "
        "policy), while other contributing causes are left out. Real events usually have several causes. Ask "
        "what else could have contributed and whether the text gives evidence that the named cause is the "
        "decisive one.",
    ),
    Technique(
        "Consequential_Oversimplification", "Consequential oversimplification (slippery slope)",
        SIMPLIFICATION,
        "The text claims that a first step will inevitably set off a chain of further events ending in "
        "something extreme, so the first step must be rejected (or, in the positive version, that it will "
        "inevitably bring great benefits). Each link in the chain is assumed, not argued. Check how likely "
        "each step actually is and what would stop the chain.",
    ),
    Technique(
        "Conversation_Killer", "Conversation killer (thought-terminating cliché)", CALL,
        "A short, final-sounding phrase closes the discussion instead of continuing it: 'it is what it is', "
        "'end of story', 'that's just how things are', 'nothing more to say'. It signals that further "
        "questions are pointless or disloyal. Notice where the argument stops and ask what the phrase is "
        "standing in for.",
    ),
    Technique(
        "Doubt", "Casting doubt", ATTACK,
        "The credibility of a person, institution or claim is undermined by raising questions or insinuations "
        "without establishing anything: 'can we really trust...?', 'one has to wonder whether...'. Suspicion "
        "is left in the reader's mind even though no fact has been shown. Ask what specific evidence supports "
        "the doubt, and whether the question would survive a direct answer.",
    ),
    Technique(
        "Exaggeration-Minimisation", "Exaggeration or minimisation", WORDING,
        "Something is described as far larger, worse or better than the facts support ('the worst crisis in "
        "history', 'total collapse'), or, the other way round, a serious matter is played down as trivial "
        "('a minor incident', 'just a joke'). Compare the wording with the figures or facts given in the "
        "same text, or look for them elsewhere.",
    ),
    Technique(
        "False_Dilemma-No_Choice", "False dilemma or no choice", SIMPLIFICATION,
        "Only two options are offered, one of them unacceptable, as if nothing else were possible ('either "
        "we do this or the country falls'); or a single course is presented as the only one. Middle ways and "
        "alternatives disappear. Ask what options are missing from the list.",
    ),
    Technique(
        "Flag_Waving", "Flag-waving", JUSTIFICATION,
        "An action or view is justified by appeal to the pride, identity or interests of a nation or group "
        "('as patriots we must...', 'for the sake of our people'), making disagreement look like disloyalty. "
        "Check whether the claimed national or group interest is argued for, and whether members of that group "
        "could reasonably disagree.",
    ),
    Technique(
        "Guilt_by_Association", "Guilt by association (reductio ad Hitlerum)", ATTACK,
        "A person, idea or proposal is discredited by linking it to someone or something the audience "
        "already rejects (a dictator, a hated group, a disgraced figure), without showing that the link "
        "matters to the question at hand. Ask whether the association is real, and whether it says anything "
        "about the merit of the idea itself.",
    ),
    Technique(
        "Loaded_Language", "Loaded language", WORDING,
        "Words and phrases with strong emotional charge are used where neutral ones would do ('regime' for "
        "government, 'thugs' for protesters, 'heroic', 'barbaric'), so the wording carries a judgement the "
        "text does not argue for. This is the most frequent device in news. Try restating the sentence in "
        "neutral terms and see what claim is left.",
    ),
    Technique(
        "Name_Calling-Labeling", "Name-calling or labelling", ATTACK,
        "A person or group is given a label meant to make the audience dislike (or, less often, admire) them "
        "('extremists', 'traitors', 'puppets', 'terrorists', 'freedom fighters'), so that the label stands in "
        "for an assessment of what they actually did or said. Ask who applies the label, on what evidence, and "
        "what neutral description would fit.",
    ),
    Technique(
        "Obfuscation-Vagueness-Confusion", "Obfuscation, vagueness or confusion", WORDING,
        "The wording is deliberately unclear, so the reader may take it in several ways and the writer can "
        "later deny any one of them; or the passage muddles the issue with jargon and non-answers. Notice "
        "where the text avoids saying who did what, how much, or when, and ask what a precise version would "
        "commit the writer to.",
    ),
    Technique(
        "Questioning_the_Reputation", "Questioning the reputation", ATTACK,
        "Instead of answering what someone says, the text attacks their character, competence or morals "
        "(often with unsupported claims), so that anything they say appears untrustworthy. Check whether the "
        "attack is relevant to the matter discussed and whether it is substantiated.",
    ),
    Technique(
        "Red_Herring", "Red herring", DISTRACTION,
        "An irrelevant topic is brought in to draw attention away from the issue being discussed, often one "
        "that is easier to talk about or more emotive. The original question is then left unanswered. Keep "
        "track of what the question was and check whether the passage ever comes back to it.",
    ),
    Technique(
        "Repetition", "Repetition", WORDING,
        "The same word, phrase or claim is repeated, so that it sticks and comes to feel familiar and true "
        "through exposure rather than through evidence. Repetition is flagged when it serves insistence, not "
        "when it is needed for clarity. Ask whether the claim is supported even once.",
    ),
    Technique(
        "Slogans", "Slogans", CALL,
        "A short, memorable, often rhythmic phrase sums up a position or calls to action ('Take back "
        "control', 'No justice, no peace'). Slogans compress a complex argument into something repeatable "
        "and leave no room for qualification. Ask what the slogan claims, spelled out, and whether the text "
        "supports it.",
    ),
    Technique(
        "Straw_Man", "Straw man", DISTRACTION,
        "An opponent's position is restated in a weaker, distorted or extreme form, and the distorted "
        "version is then refuted, as if that disposed of the real one. Compare the position as described "
        "with what the opponent actually said, ideally in their own words.",
    ),
    Technique(
        "Whataboutism", "Whataboutism", DISTRACTION,
        "A criticism is deflected by pointing to a supposedly comparable wrong committed by the critic or by "
        "someone else ('and what about...?'), without answering the criticism itself. Both may deserve "
        "attention; the device is in using the second to dismiss the first. Check whether the original charge "
        "is ever addressed.",
    ),
)

TECHNIQUE_KEYS: tuple[str, ...] = tuple(t.key for t in TECHNIQUES)
BY_KEY: dict[str, Technique] = {t.key: t for t in TECHNIQUES}
FAMILIES: tuple[str, ...] = (ATTACK, JUSTIFICATION, SIMPLIFICATION, DISTRACTION, CALL, WORDING)

# SemEval-2020 Task 11 (PTC, 14 labels as written in its files) -> SemEval-2023 Task 3 keys.
# Merged 2020 classes map to several 2023 techniques; six 2023 techniques have no 2020 counterpart
# (see NEW_IN_2023).
FROM_SEMEVAL2020: dict[str, tuple[str, ...]] = {
    "Appeal_to_Authority": ("Appeal_to_Authority",),
    "Appeal_to_fear-prejudice": ("Appeal_to_Fear-Prejudice",),
    "Bandwagon,Reductio_ad_hitlerum": ("Appeal_to_Popularity", "Guilt_by_Association"),
    "Black-and-White_Fallacy": ("False_Dilemma-No_Choice",),
    "Causal_Oversimplification": ("Causal_Oversimplification",),
    "Doubt": ("Doubt",),
    "Exaggeration,Minimisation": ("Exaggeration-Minimisation",),
    "Flag-Waving": ("Flag_Waving",),
    "Loaded_Language": ("Loaded_Language",),
    "Name_Calling,Labeling": ("Name_Calling-Labeling",),
    "Repetition": ("Repetition",),
    "Slogans": ("Slogans",),
    "Thought-terminating_Cliches": ("Conversation_Killer",),
    "Whataboutism,Straw_Men,Red_Herring": ("Whataboutism", "Straw_Man", "Red_Herring"),
}

NEW_IN_2023: tuple[str, ...] = tuple(
    k for k in TECHNIQUE_KEYS if not any(k in v for v in FROM_SEMEVAL2020.values())
)

# 2023 key -> the 2020 label it falls under (for scoring 2023 predictions against PTC gold)
TO_SEMEVAL2020: dict[str, str] = {k: old for old, new in FROM_SEMEVAL2020.items() for k in new}


def explain(key: str) -> str:
    """The project's explanation of technique ``key`` (a SemEval-2023 key)."""
    t = BY_KEY.get(key)
    return t.explanation if t else ""
