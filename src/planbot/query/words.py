"""Words that never name a measure: Swedish and English function words and filler."""

from __future__ import annotations

import re

SWEDISH_STOPWORDS = frozenset(
    """
    och i pa for av med till som att det den de en ett ar var vad vilken vilket vilka hur mycket
    manga stor stora hog hoga har hade vi regionen region regionens kalmar lan lans enligt om sig
    sin sina sa kan ska skall blir bli blev finns fanns galler under efter fore mot fran sedan sen
    per inom alla all arets aret ars dess mig oss jag du visa ge geni beratta fa far fick vara ha
    nagon nagot nagra hos ut ser se star lag lagt plan regionplan regionplanen enl tack snalla hej
    kolla undrar veta vill dar eller samt ju val varit blivit gjord gjorda gjordes inte ej denna
    detta dessa dom man mellan innan just totalt totala hela bara ocksa lite mer mest vid kr mnkr
    procent tal talet manad manaden sager saga sagt sades tycker visar ligger gick gar nagonsin
    ungefar cirka ca info information uppgift uppgifter dig din ni era varan ar e va vart vara
    respektive resp gentemot an nu idag senaste siffra siffran siffror varde vardet nivan niva
    nar varfor vem vems ifall skulle kommer komma kunde kunna bor borde maste just typ alltsa
    sjalva sjalv egen eget egna vilkas annan annat andra vissa olika sadan sadant sadana stycket
    st antalet ser ut lagom kanske stort stor hogt lagt litet mkt storre hander handa hant
    battre samre varav darav hogre lagre bada beloppen beloppet
    """.split()
)
# Words about the documents and the reporting, not about what is measured.
META_WORDS = frozenset(
    """
    delarsrapport delarsrapporten delarsrapporter rapport rapporten rapporter riktlinje riktlinjen riktlinjer
    nyckeltal hittills samma period perioden dragning dragningen presentation presentationen bild bilden
    tabell tabellen tabeller sammanstallning underlag underlaget redovisning redovisningen
    uppfoljning uppfoljningen arsredovisning
    """.split()
)
ENGLISH_STOPWORDS = frozenset(
    """
    what is the of for in how much many our we was were did does do are a an to and hi hello there
    thanks thank you sharing info please can could tell me about show give county which who when
    why has have been be will this that it its on at by with from as or not no yes so than then
    their they whats s year years i my your us region kalmar regions much level value figure
    over below above
    should would must need needs needed using used use made make makes still get got also any each
    into out up down off own them more less just only already yet such being had having allow allows
    allowed rate rates feel feels think like some
    large big whole right now going until through across reason reasons better worse end ended
    """.split()
)
# English words about the documents and the reporting (as META_WORDS).
ENGLISH_META_WORDS = frozenset(
    """
    deck decks board slide slides report reports table tables presentation mention mentioned
    cited same period
    """.split()
)
# Words about the asker and the talk around a question ("jag jobbar på BUP och folk pratar
# om …", "I keep hearing …"), never about what is measured (none is a word of a measure's name).
CONVERSATION_WORDS = frozenset(
    """
    jobbar jobbat jobba jobbet borjat borjade folk hort horde sett lart larde precis tror trodde
    tanker tankte undrade undrat funderar funderade egentligen kollega kollegor kollegorna
    wondering wonder wondered heard hearing hear working colleague colleagues keep
    """.split()
)
STOPWORDS = SWEDISH_STOPWORDS | ENGLISH_STOPWORDS | META_WORDS | ENGLISH_META_WORDS | CONVERSATION_WORDS
# Words only English uses: two of them in a question mark it as English.
ENGLISH_MARKERS = (
    frozenset(
        """
    what is the of how much many our we was were did does do are to and hi hello thanks thank you
    please tell me about show which who when why has have been will this that it on at by with
    latest forecast target goal budget outcome current
    """.split()
    )
    - SWEDISH_STOPWORDS
    - {"budget"}
)

# "Kalmar" alone is the municipality (a row: "marknadsandel Kalmar"); in "Region Kalmar län",
# "Kalmar läns …" and "Kalmar länstrafik" it is part of a name, a stopword. Questions and
# qualifiers alike mark the municipality with a word of its own before they are read.
MUNICIPALITY = "kalmarkommun"
_MUNICIPALITY = re.compile(r"(?<!region )\bkalmar\b(?!\s+(?:lan|county|region))")


def mark_municipality(folded: str) -> str:
    """Folded text with "kalmar" the municipality written as MUNICIPALITY."""
    return _MUNICIPALITY.sub(MUNICIPALITY, folded) if "kalmar" in folded else folded
