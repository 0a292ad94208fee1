"""The families of findings, what each is called, its GARM category and what to do about it.

A family groups the lexicon entries that share a risk and a rule (see
:mod:`rtc_tui.core.safety.rules`). Findings keep DESIGN.md §8's ``category`` (the GARM
brand-safety category, or the family itself where GARM has none) and add ``family``.

The cues are not findings: they tell the rules what the event and the text are (a festive
headline, a sports result, a condolence, a joke, a Women's Day post...).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """One family of findings."""

    id: str
    label: str
    garm: str
    """The GARM category findings of this family report as ``category``."""
    advice: str
    """What to do, in a few words."""


FAMILIES: dict[str, Family] = {
    f.id: f
    for f in (
        Family(
            "disaster",
            "Disaster or tragedy",
            "sensitive_social_issues",
            "do not post about it, or only a sober message with no brand angle",
        ),
        Family(
            "death",
            "Death",
            "death_injury_military_conflict",
            "no jokes and no brand angle; a short condolence at most",
        ),
        Family(
            "terrorism",
            "Terrorism or war",
            "terrorism",
            "stay out of it",
        ),
        Family(
            "violence",
            "Violence or crime",
            "crime_harmful_acts",
            "stay out of it or rephrase without the violent image",
        ),
        Family(
            "politics",
            "Politics",
            "sensitive_social_issues",
            "leave politicians and parties out of brand posts",
        ),
        Family(
            "hate",
            "Hate or stereotype",
            "hate_speech_aggression",
            "remove it: slurs and stereotypes about a people are never a joke",
        ),
        Family(
            "sexism",
            "Sexism",
            "hate_speech_aggression",
            "remove the stereotype; celebrate without clichés about women",
        ),
        Family(
            "profanity",
            "Profanity",
            "obscenity_profanity",
            "rephrase without the swear word (masking it does not help)",
        ),
        Family(
            "adult",
            "Adult content",
            "adult_explicit",
            "rephrase without the sexual reference",
        ),
        Family(
            "drugs",
            "Drugs or tobacco",
            "drugs_tobacco_alcohol",
            "leave drugs and smoking out of brand posts",
        ),
        Family(
            "alcohol",
            "Alcohol",
            "drugs_tobacco_alcohol",
            "follow the market's alcohol advertising rules",
        ),
        Family(
            "gambling",
            "Gambling",
            "gambling",
            "remove the gambling promotion",
        ),
        Family(
            "health",
            "Health or cure claim",
            "health_claims",
            "remove the claim unless it is an authorised one, with its evidence",
        ),
        Family(
            "minors",
            "Aimed at minors",
            "minors",
            "do not urge children to buy or to ask their parents",
        ),
        Family(
            "deception",
            "Deception",
            "spam_harmful",
            "remove it: it reads as a scam, phishing or piracy",
        ),
        Family(
            "religion",
            "Religion",
            "sensitive_social_issues",
            "make sure nothing can read as mocking a faith",
        ),
        Family(
            "sales",
            "Sales language",
            "commercial",
            "no sales pitch on someone else's moment: drop prices, codes and offers",
        ),
        Family(
            "brand_off_limits",
            "Brand off-limits topic",
            "brand_off_limits",
            "the brand profile keeps this topic off limits",
        ),
    )
}
"""Every family, by id."""

CUES: dict[str, str] = {
    "festive": "a festive event (a win, a final, a celebration)",
    "sports": "a sports event",
    "condolence": "a condolence",
    "humour": "a joke or laughter",
    "anniversary": "an anniversary or a commemoration",
    "womens_day": "Women's Day",
    "health_emergency": "a health emergency or a heat wave",
    "driving": "driving",
    "kids": "children",
}
"""The context cues the lexicon may signal, and how messages name them."""

GARM_LABELS: dict[str, str] = {
    "adult_explicit": "Adult & explicit sexual content",
    "arms_ammunition": "Arms & ammunition",
    "crime_harmful_acts": "Crime & harmful acts to individuals and society",
    "death_injury_military_conflict": "Death, injury or military conflict",
    "online_piracy": "Online piracy",
    "hate_speech_aggression": "Hate speech & acts of aggression",
    "obscenity_profanity": "Obscenity & profanity",
    "drugs_tobacco_alcohol": "Illegal drugs, tobacco, e-cigarettes, vaping, alcohol",
    "spam_harmful": "Spam or harmful content",
    "terrorism": "Terrorism",
    "sensitive_social_issues": "Debated sensitive social issues",
    "gambling": "Gambling",
    "health_claims": "Health claims",
    "minors": "Aimed at minors",
    "commercial": "Commercial wording",
    "brand_off_limits": "Brand off-limits topic",
}
"""The categories findings report (GARM's, plus the ones GARM has no name for)."""


def family_label(family: str) -> str:
    """The display label of a family (the id itself when unknown)."""
    known = FAMILIES.get(family)
    return known.label if known else family


TOPIC_CATEGORIES = {"piracy": "online_piracy", "domestic violence": "sensitive_social_issues"}
"""Topics whose GARM category is not their family's (piracy is GARM's own category)."""


def garm_category(family: str, topic: str = "") -> str:
    """The ``category`` a finding of ``family`` (and ``topic``) reports."""
    if topic in TOPIC_CATEGORIES:
        return TOPIC_CATEGORIES[topic]
    known = FAMILIES.get(family)
    return known.garm if known else family


def advice(family: str) -> str:
    """What to do about a finding of ``family``."""
    known = FAMILIES.get(family)
    return known.advice if known else "check it before posting"
