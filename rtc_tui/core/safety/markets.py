"""The rules of each market for regulated products: alcohol, gambling, health claims, minors.

The config's ``safety.market`` picks one (``IT`` by default). Each rule names the law or code
behind it, so a finding can say why it blocks; README's "Safety checks" section mirrors this.

Italy (``IT``):

- **Gambling**: advertising of games and bets with cash winnings is banned in any medium,
  sponsorships included (D.L. 87/2018 "Decreto Dignità", art. 9): always a block.
- **Alcohol**: advertising may not link drinking to sporting success, driving, or minors
  (Legge 125/2001, art. 13; Codice di Autodisciplina della Comunicazione Commerciale, art. 22):
  a block next to a sports event, driving or children, else a warning.
- **Health claims**: claims that a food or product prevents, treats or cures a disease are
  not allowed (Reg. CE 1924/2006, art. 12 and 14; D.Lgs. 145/2007 on misleading advertising):
  a warning, and a block during a health emergency or a heat wave, when people are most
  exposed to them.
- **Minors**: a direct exhortation to children to buy, or to ask their parents to buy, is an
  unfair practice (D.Lgs. 206/2005 "Codice del Consumo", art. 26, lett. e): a block.

Elsewhere (``EU``, ``UK``, ``US``, any other value): gambling and alcohol are allowed with
limits that depend on the country, so they warn, and block next to children; health claims and
exhortations to children follow the same EU/UK/FTC principles as above.
"""

from __future__ import annotations

from dataclasses import dataclass

from rtc_tui.core.models import Level
from rtc_tui.i18n import N_


@dataclass(frozen=True)
class Market:
    """How one market treats the regulated families.

    The rules are English source strings marked for translation; the rules of
    :mod:`rtc_tui.core.safety.rules` translate them when they build a message.
    """

    code: str
    gambling: Level
    gambling_rule: str
    alcohol_rule: str
    health_rule: str
    minors_rule: str


ITALY = Market(
    code="IT",
    gambling=Level.BLOCK,
    gambling_rule=N_(
        "gambling advertising is banned in Italy (Decreto Dignità, D.L. 87/2018 art. 9)"
    ),
    alcohol_rule=N_(
        "alcohol ads may not be tied to sport, driving or minors "
        "(Legge 125/2001 art. 13; Codice di Autodisciplina art. 22)"
    ),
    health_rule=N_(
        "claims that a product prevents or cures a disease are not allowed "
        "(Reg. CE 1924/2006; D.Lgs. 145/2007)"
    ),
    minors_rule=N_(
        "urging children to buy or to ask their parents is an unfair practice "
        "(Codice del Consumo art. 26 lett. e)"
    ),
)

OTHER = Market(
    code="",
    gambling=Level.WARN,
    gambling_rule=N_(
        "gambling advertising is restricted in most markets (age, odds, responsibility)"
    ),
    alcohol_rule=N_("alcohol ads may not be tied to sport, driving or minors in most markets"),
    health_rule=N_("health and cure claims need authorisation and evidence (EU 1924/2006, FTC)"),
    minors_rule=N_("urging children to buy is an unfair practice (EU 2005/29 Annex I n. 28)"),
)


def market(code: str) -> Market:
    """The rules of the market ``code`` (``IT``; anything else gets the general rules)."""
    if code.strip().upper() == "IT":
        return ITALY
    return Market(
        code=code.strip().upper(),
        gambling=OTHER.gambling,
        gambling_rule=OTHER.gambling_rule,
        alcohol_rule=OTHER.alcohol_rule,
        health_rule=OTHER.health_rule,
        minors_rule=OTHER.minors_rule,
    )
