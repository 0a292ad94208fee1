"""Common news words, Italian and English, for the benchmark's headlines.

Apart from the feed server (:mod:`tests.bench.feeds`) so the reference apps can use them
without importing an HTTP server: the floor of the ready row must pay only for Textual.
"""

from __future__ import annotations

_IT = (
    "governo elezioni regionali sciopero treni neve roma milano blackout napoli juventus inter "
    "finale coppa italia festival sanremo vince crollo palazzina prezzo pasta grano ministro "
    "scuola sanità ospedale meteo allerta pioggia sole mercato borsa spread calcio europa "
    "torino firenze bologna venezia genova palermo bari incendio autostrada porto aeroporto"
)
_EN = (
    "election night awards show winner earthquake storm market stocks football final "
    "champions league model release open source survey power outage record heat wave "
    "senate vote rally tech layoffs launch rocket crash strike protest summit deal"
)
WORDS_IT = _IT.split()
WORDS_EN = _EN.split()
