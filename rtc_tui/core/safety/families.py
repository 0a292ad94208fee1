"""The families of findings, what each is called, its GARM category and what to do about it.

A family groups the lexicon entries that share a risk and a rule (see
:mod:`rtc_tui.core.safety.rules`). Findings keep DESIGN.md §8's ``category`` (the GARM
brand-safety category, or the family itself where GARM has none) and add ``family``.

The cues are not findings: they tell the rules what the event and the text are (a festive
headline, a sports result, a condolence, a joke, a Women's Day post...).
"""

from __future__ import annotations

from dataclasses import dataclass

from rtc_tui.i18n import N_, _


@dataclass(frozen=True)
class Family:
    """One family of findings."""

    id: str
    label: str
    """The display label, in English (marked: :func:`family_label` translates it)."""
    garm: str
    """The GARM category findings of this family report as ``category``."""
    advice: str
    """What to do, in a few words (marked: :func:`advice` translates it)."""


FAMILIES: dict[str, Family] = {
    f.id: f
    for f in (
        Family(
            "disaster",
            N_("Disaster or tragedy"),
            "sensitive_social_issues",
            N_("do not post about it, or only a sober message with no brand angle"),
        ),
        Family(
            "death",
            N_("Death"),
            "death_injury_military_conflict",
            N_("no jokes and no brand angle; a short condolence at most"),
        ),
        Family(
            "terrorism",
            N_("Terrorism or war"),
            "terrorism",
            N_("stay out of it"),
        ),
        Family(
            "violence",
            N_("Violence or crime"),
            "crime_harmful_acts",
            N_("stay out of it or rephrase without the violent image"),
        ),
        Family(
            "politics",
            N_("Politics"),
            "sensitive_social_issues",
            N_("leave politicians and parties out of brand posts"),
        ),
        Family(
            "hate",
            N_("Hate or stereotype"),
            "hate_speech_aggression",
            N_("remove it: slurs and stereotypes about a people are never a joke"),
        ),
        Family(
            "sexism",
            N_("Sexism"),
            "hate_speech_aggression",
            N_("remove the stereotype; celebrate without clichés about women"),
        ),
        Family(
            "profanity",
            N_("Profanity"),
            "obscenity_profanity",
            N_("rephrase without the swear word (masking it does not help)"),
        ),
        Family(
            "adult",
            N_("Adult content"),
            "adult_explicit",
            N_("rephrase without the sexual reference"),
        ),
        Family(
            "drugs",
            N_("Drugs or tobacco"),
            "drugs_tobacco_alcohol",
            N_("leave drugs and smoking out of brand posts"),
        ),
        Family(
            "alcohol",
            N_("Alcohol"),
            "drugs_tobacco_alcohol",
            N_("follow the market's alcohol advertising rules"),
        ),
        Family(
            "gambling",
            N_("Gambling"),
            "gambling",
            N_("remove the gambling promotion"),
        ),
        Family(
            "health",
            N_("Health or cure claim"),
            "health_claims",
            N_("remove the claim unless it is an authorised one, with its evidence"),
        ),
        Family(
            "minors",
            N_("Aimed at minors"),
            "minors",
            N_("do not urge children to buy or to ask their parents"),
        ),
        Family(
            "deception",
            N_("Deception"),
            "spam_harmful",
            N_("remove it: it reads as a scam, phishing or piracy"),
        ),
        Family(
            "religion",
            N_("Religion"),
            "sensitive_social_issues",
            N_("make sure nothing can read as mocking a faith"),
        ),
        Family(
            "sales",
            N_("Sales language"),
            "commercial",
            N_("no sales pitch on someone else's moment: drop prices, codes and offers"),
        ),
        Family(
            "brand_off_limits",
            N_("Brand off-limits topic"),
            "brand_off_limits",
            N_("the brand profile keeps this topic off limits"),
        ),
    )
}
"""Every family, by id."""

CUES: dict[str, str] = {
    "festive": N_("a festive event (a win, a final, a celebration)"),
    "sports": N_("a sports event"),
    "condolence": N_("a condolence"),
    "humour": N_("a joke or laughter"),
    "anniversary": N_("an anniversary or a commemoration"),
    "womens_day": N_("Women's Day"),
    "health_emergency": N_("a health emergency or a heat wave"),
    "driving": N_("driving"),
    "kids": N_("children"),
}
"""The context cues the lexicon may signal, and how messages name them (see :func:`cue_label`)."""

GARM_LABELS: dict[str, str] = {
    "adult_explicit": N_("Adult & explicit sexual content"),
    "arms_ammunition": N_("Arms & ammunition"),
    "crime_harmful_acts": N_("Crime & harmful acts to individuals and society"),
    "death_injury_military_conflict": N_("Death, injury or military conflict"),
    "online_piracy": N_("Online piracy"),
    "hate_speech_aggression": N_("Hate speech & acts of aggression"),
    "obscenity_profanity": N_("Obscenity & profanity"),
    "drugs_tobacco_alcohol": N_("Illegal drugs, tobacco, e-cigarettes, vaping, alcohol"),
    "spam_harmful": N_("Spam or harmful content"),
    "terrorism": N_("Terrorism"),
    "sensitive_social_issues": N_("Debated sensitive social issues"),
    "gambling": N_("Gambling"),
    "health_claims": N_("Health claims"),
    "minors": N_("Aimed at minors"),
    "commercial": N_("Commercial wording"),
    "brand_off_limits": N_("Brand off-limits topic"),
}
"""The categories findings report (GARM's, plus the ones GARM has no name for)."""


def family_label(family: str) -> str:
    """The display label of a family in the interface language (the id itself when unknown)."""
    known = FAMILIES.get(family)
    return _(known.label) if known else family


def cue_label(cue: str) -> str:
    """How messages name a cue, in the interface language (the id itself when unknown)."""
    known = CUES.get(cue)
    return _(known) if known else cue


TOPIC_CATEGORIES = {"piracy": "online_piracy", "domestic violence": "sensitive_social_issues"}
"""Topics whose GARM category is not their family's (piracy is GARM's own category)."""


def garm_category(family: str, topic: str = "") -> str:
    """The ``category`` a finding of ``family`` (and ``topic``) reports."""
    if topic in TOPIC_CATEGORIES:
        return TOPIC_CATEGORIES[topic]
    known = FAMILIES.get(family)
    return known.garm if known else family


def advice(family: str) -> str:
    """What to do about a finding of ``family``, in the interface language."""
    known = FAMILIES.get(family)
    return _(known.advice) if known else _("check it before posting")
