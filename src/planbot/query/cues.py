"""Cue words: what kind of figure a question asks for, and how it wants it.

Cues are recognised by stem, inflection and compound part, not from a list of exact
words: "budgeteras", "investeringsbudgeten" and "budgeterat" all ask for a budget;
"klimatmålet" asks for a target and leaves "klimat" to name the measure;
"oktoberprognosen" asks for a forecast. Each cue gives its kind a weight: 1.0 when the
word says it outright, less when it only suggests it ("minst", "ska"). A cue in a relation
("avvikelse mot budget", "jämfört med prognosen") names a reference, not the figure asked
for; it is kept apart in `relations`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Word families: a stem, the endings that inflect it, the kind it asks for and how clearly.
_FAMILIES: tuple[tuple[str, tuple[str, ...], str, float], ...] = (
    ("mal", ("", "et", "en", "ens", "ets", "s"), "target", 1.0),
    ("malvarde", ("", "t", "n", "na", "ts", "nas"), "target", 1.0),
    ("malsattning", ("", "en", "ar", "arna"), "target", 1.0),
    ("malsatt", ("", "a", "s"), "target", 1.0),
    ("malniva", ("", "n", "er"), "target", 1.0),
    ("maltal", ("", "et", "en"), "target", 1.0),
    ("maluppfyllelse", ("", "n"), "target", 1.0),
    ("riktvarde", ("", "t", "n", "na"), "target", 1.0),
    ("target", ("", "s"), "target", 1.0),
    ("goal", ("", "s"), "target", 1.0),
    ("prognos", ("", "en", "er", "erna", "ens", "ernas"), "forecast", 1.0),
    ("prog", ("", "n"), "forecast", 1.0),  # "res. progn 2026", "verksamhetens resultat prog"
    ("prognostiser", ("a", "as", "at", "ad", "ade", "ar"), "forecast", 1.0),
    ("berakn", ("as", "ad", "at", "ade", "ades", "ing", "ingen", "ingar", "ingarna"), "forecast", 0.9),
    ("forvant", ("as", "ad", "at", "ade", "ades", "ning", "ningen", "ningar"), "forecast", 0.9),
    ("bedom", ("s", "d", "t", "des", "ning", "ningen"), "forecast", 0.8),
    ("forecast", ("", "s", "ed"), "forecast", 1.0),
    ("budget", ("", "en", "ar", "arna", "ens", "s", "erat", "erad", "erade", "eras", "era", "erar",
                "ering", "eringen", "ed"), "budget", 1.0),
    ("budg", ("",), "budget", 1.0),
    ("utfall", ("", "et", "en", "ets", "it"), "outcome", 1.0),
    ("outcome", ("", "s"), "outcome", 1.0),
)  # fmt: skip
_WORDS: dict[str, tuple[str, float]] = {
    "minst": ("target", 0.5), "hogst": ("target", 0.5), "aim": ("target", 0.8), "supposed": ("target", 0.8),
    "maximalt": ("budget", 0.6), "max": ("budget", 0.5), "tak": ("budget", 0.6), "taket": ("budget", 0.6),
    "vantas": ("forecast", 0.9), "vantat": ("forecast", 0.8), "landar": ("forecast", 0.8),
    "landa": ("forecast", 0.8), "hamnar": ("forecast", 0.7), "hamna": ("forecast", 0.7),
    "antas": ("forecast", 0.8), "antagande": ("forecast", 0.8), "antaganden": ("forecast", 0.8),
    "tros": ("forecast", 0.6), "projected": ("forecast", 0.9), "expected": ("forecast", 0.8),
    "outlook": ("forecast", 0.8), "projection": ("forecast", 0.9),
    "ram": ("budget", 0.7), "ramar": ("budget", 0.7), "ramen": ("budget", 0.7), "ramarna": ("budget", 0.7),
    "avsatts": ("budget", 0.8), "avsatter": ("budget", 0.8), "anslag": ("budget", 0.8),
    "anslas": ("budget", 0.8), "disponeras": ("budget", 0.8), "disponera": ("budget", 0.8),
    "planeras": ("budget", 0.6), "planerade": ("budget", 0.6), "planerat": ("budget", 0.6),
    "allocated": ("budget", 0.8),
    "blev": ("outcome", 0.9), "uppgick": ("outcome", 0.9), "landade": ("outcome", 0.9),
    "hade": ("outcome", 0.6), "var": ("outcome", 0.4), "idag": ("outcome", 0.9), "nu": ("outcome", 0.8),
    "nulaget": ("outcome", 0.8),
    "bokslut": ("outcome", 0.8), "bokslutet": ("outcome", 0.8), "matning": ("outcome", 0.7),
    "matningen": ("outcome", 0.7), "matningar": ("outcome", 0.7), "visade": ("outcome", 0.7),
    "statistik": ("outcome", 0.7), "statistiken": ("outcome", 0.7), "okade": ("outcome", 0.5),
    "minskade": ("outcome", 0.5), "was": ("outcome", 0.6), "were": ("outcome", 0.6),
    "today": ("outcome", 0.9), "currently": ("outcome", 0.8), "now": ("outcome", 0.8),
    "actual": ("outcome", 0.9),
    "actuals": ("outcome", 0.9), "actually": ("outcome", 0.9), "faktisk": ("outcome", 0.9),
    "faktiska": ("outcome", 0.9), "faktiskt": ("outcome", 0.9),
}  # fmt: skip
# Cue words that are also measures' everyday names ("ramar" for the driftramar).
WEAK_CUES = frozenset(w for w, (_, weight) in _WORDS.items() if weight < 1.0 and len(w) >= 3)
_PHRASES: tuple[tuple[re.Pattern[str], str, float], ...] = (
    (re.compile(r"\bhur (?:mycket|mkt|stor|stora|manga)\b(?:\s+\w+){0,8}?\s+(?:har|hade|blev|var)\b"
                r"(?:\s+\w+){0,8}?\s+"
                r"(?:minskat|okat|forandrats|sjunkit|stigit|minskade|okade|sjonk|steg)\b"), "outcome", 1.0),
    # "räknar med": what is expected, in a plan what is budgeted.
    (re.compile(r"\brakna\w*(?: \w+){0,2} med\b"), "forecast", 0.7),
    (re.compile(r"\brakna\w*(?: \w+){0,2} med\b"), "budget", 0.7),
    (re.compile(r"\bkommer (?:att )?(?:bli|landa|uppga|hamna|oka|minska)\b"), "forecast", 0.8),
    (re.compile(r"\bhur (?:gick|blev)\b"), "outcome", 0.8),
    (re.compile(r"\b(?:ska|skall|bor)\b(?:\s+\w+){0,4}?\s+(?:vara|ligga|uppga|na|nas|hamna|minska|oka)\b"),
     "target", 0.6),
    (re.compile(r"\bfar\b(?:\s+\w+){0,4}?\s+(?:vara|ligga|uppga|hamna)\b"), "target", 0.5),
    (re.compile(r"\bfar\b(?:\s+\w+){0,4}?\s+(?:oka|uppga|kosta)\b"), "budget", 0.6),
    (re.compile(r"\bfor att (?:vi ska |regionen ska )?na (?:budget|budgeterat)"), "budget", 0.8),
)  # fmt: skip
# Compound tails that carry a kind: "klimatmålet" = "klimat" + target.
_TAILS: tuple[tuple[str, str], ...] = (
    ("malvardena", "target"), ("malvarden", "target"), ("malvardet", "target"), ("malvarde", "target"),
    ("malsattningen", "target"), ("malsattning", "target"), ("malen", "target"), ("malet", "target"),
    ("mal", "target"), ("budgeten", "budget"), ("budget", "budget"), ("prognosen", "forecast"),
    ("prognoserna", "forecast"), ("prognoser", "forecast"), ("prognos", "forecast"), ("progn", "forecast"),
    ("utfallet", "outcome"), ("utfall", "outcome"), ("bokslutet", "outcome"), ("bokslut", "outcome"),
    ("ramarna", "budget"), ("ramar", "budget"), ("ramen", "budget"), ("taket", "budget"), ("tak", "budget"),
)  # fmt: skip
CEILING_TAILS = ("tak", "taket")
_NOT_COMPOUNDS = frozenset(
    {"normal", "formal", "optimal", "maximal", "minimal", "decimal", "signal", "kanal", "total",
     "animal", "primal", "termal", "nominal", "kriminal", "nationalmal"}
)  # fmt: skip
# Heads of compounds that name no measure ("helårsprognosen", "oktoberprognosen").
EMPTY_HEADS = frozenset(
    {"helar", "helars", "delar", "delars", "ar", "ars", "senaste", "nya", "ny", "forra", "tidigare",
     "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
     "november", "december", "huvud", "del", "sam", "kort", "lang", "langsiktig", "langsiktiga",
     "etapp", "slut", "mellan", "hel", "delmal"}
)  # fmt: skip
_OVER_UNDER = r"understiger|overstiger|understeg|oversteg"
# "understiger … budget" with the figure's name between: the figure against its budget.
_SHORT_OF = re.compile(rf"\b(?:{_OVER_UNDER})\s+(?:[\w-]+\s+){{1,5}}budget(?:en)?\b")
_RELATION = re.compile(
    r"\b(?:mot|fran|an|jamfort med|jamfort mot|jamfort|i forhallande till|relativt|versus|vs|against|than|"
    rf"compared to|compared with|{_OVER_UNDER}|under|over|below|above"
    r"|for att (?:vi ska |regionen ska )?na)"
    r"\s+(?:\w+\s+)?(\w*budget\w*|\w*prognos\w*|malet|malen|mal|malvardet|riktvardet|riktvarde|utfallet|forecast|target|budget"
    r"|budgeterat|budgeterade)\b"
    # "… 2025 med taket", "mot maxnivån": the ceiling, a budgeted figure, as the other side.
    r"|\b(?:med|mot|an|jamfort med|versus|vs)\s+(?:\w+\s+)?(tak|taket|max\w*|ramen|ram)\b"
)
# "Jämför nettokostnadsutvecklingen 2026 med budget", "compare … with the forecast": after the
# verb (or `/jämför`), what follows "med" is the other side.
_COMPARE_VERB = re.compile(r"^(?:jamfor|compare)\b")
_COMPARED_WITH = re.compile(
    r"\b(?:med|with|to)\s+(?:the\s+|\w+\s+)?(\w*budget\w*|\w*prognos\w*|malet|malen|malvardet|utfallet"
    r"|forecast|target|budgeterat|budgeterade)\b()"
)
# "balanskravsresultatet efter RUR", "exklusive pensioner": a variant of the measure, named by
# the word after the preposition; that word names a qualifier, not the measure.
_VARIANT_WORD = (
    r"(?!(?:efter|fore|innan|utan|exklusive|exkl|och|januari|februari|mars|april|maj|juni|juli|augusti|"
    r"september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\b)[a-z]{2,}"
)
VARIANT_OF = re.compile(
    r"\b(?:efter|fore|innan|utan|exklusive|exkl|excluding)\s+"
    rf"(?:anvandning av |att |medel (?:fran|ur) )*({_VARIANT_WORD}(?: {_VARIANT_WORD})?)\b"
)
# "riktade statsbidrag inklusive sektorsbidrag": the whole, with its part; the part names nothing.
INCLUDING = re.compile(r"\b(?:inklusive|inkl|including|medraknat)\s+([a-z]{2,})\b")
# "för att nå budgeterat resultat": the words after it are a reference, not the measure asked about.
REFERENCE = re.compile(
    r"\bfor att (?:vi ska |regionen ska |man ska )?na (?:det )?((?:budgeterat|budgeterade)(?: \w+)?)"
)
# "hur mycket ökar …", "minskningen": a question about a change, not a level.
_CHANGE = re.compile(
    r"\b(?:oka\w*|okn\w*|okat|okade|minsk\w*|forandr\w*|vaxer|vaxt|vaxte|stiger|steg|stigit|sjunk\w*|sjonk|"
    r"rise|rose|grow\w*|increase\w*|decrease\w*|drop\w*|fall\w*|change\w*)\b"
)
# "bättre än oktoberprognosen": two figures to compare; "bättre än budget" is a deviation,
# which the sources give as a figure of its own.
_FIGURE = re.compile(
    r"\b(?:hur (?:manga|mycket|mkt|stor|stora|stort|hog|hoga|hogt|lang|langa)|antal|antalet|andel|andelen|"
    r"vilket (?:varde|belopp)|vilken (?:niva|andel)|how (?:many|much|large|big|high|low|long)|number of|"
    r"share of|what (?:share|percentage|proportion|level|rate|amount)|rate of|(?:in|what) percent|"
    r"till vad|med hur mycket|to what|by how much)\b"
)
_COMPARATIVE = re.compile(
    r"\b(?:battre|samre|hogre|lagre|storre|mindre|better|worse|higher|lower)\s+(?:an|than)\s+(?!budget)"
)

_LAST_YEAR = re.compile(
    r"\b(?:jamfort med|jamfort mot|mot|an)\s+"
    r"(?:aret innan|foregaende ar|forra aret|fg ar|f g ar|fjolaret|ifjol)\b"
)
_DEADLINE_NEXT = frozenset({"vid", "till", "under", "i", "innan", "den", "efter"})
LATEST_WORDS = frozenset(
    {"senaste", "nyaste", "aktuella", "aktuell", "aktuellt", "nuvarande", "senast", "nu", "latest", "newest",
     "current", "recent"}
)  # fmt: skip
SERIES_WORDS = frozenset(
    {"utvecklats", "utvecklat", "utvecklingen", "utveckling", "trend", "trenden", "tidsserie", "serie",
     "forandrats", "historik", "arsvis", "developed", "history", "evolved", "changed"}
)  # fmt: skip
# ("per år" is a rate, "65–70 mnkr per år", not a series; English questions lose "the".)
_SERIES_PHRASE = re.compile(
    r"\b(?:over tid|ar for ar|varje ar|alla ar|mellan aren|over (?:the )?years|(?:each|every) year|"
    r"year (?:by|on) year|over time|per prognos\w*|varje prognos|alla prognoser\w*|i prognoserna|"
    r"(?:each|every) forecast|in the forecasts|across the forecasts)\b"
)
# "prognosen mot budget", "utfall vs mål": a figure set against a reference, a comparison (not
# "för att nå budgeterat resultat", a bound's condition, nor "under budget", a deviation).
_AGAINST = re.compile(r"(?:mot|jamfort|i forhallande till|relativt|versus|vs|against|compared)\b")
# "avvikelse mot budget" (also what "bättre än budget" reads as): the deviation itself, asked for.
_DEVIATION = re.compile(r"\b(?:\w*avvikelse\w*|avvik\w*|deviation)\s+$")
# "före och efter höjningen", "nu och efter", "från vad till vad": the current figure and the new.
BEFORE_AFTER = re.compile(
    r"\b(?:fore och efter|nu och efter|idag och efter|fran vad (?:och )?till vad|fran (?:och )?till|"
    r"before and after|now and after|from what to what|old and new|gammal och ny)\b"
)
COMPARE_WORDS = frozenset(
    {"jamfor", "jamfora", "jamforelse", "jamforelsen", "jamfort", "jamforat", "skillnad", "skillnaden",
     "versus", "vs", "compare", "compared", "difference", "kontra", "skiljer", "skilde", "skillnader",
     "skiljde"}
)  # fmt: skip
# Asking whether a target is met: "har vi nått", "klarar vi", "når vi", "uppfylls".
_ACHIEVE = re.compile(
    r"\b(?:natt|uppnatt|uppnar|uppnas|klarat|klarar|klarade|nadde|uppfyllt|uppfylls|uppfyller|uppfylla|"
    r"met|reached|achieved|meet|meeting|reach|on track)\b"
)
# "inom taket", "under taket", "within the ceiling", "håller vi budget": a figure against a
# limit, as "klarar vi taket".
# ("Under budget" is a deviation, "skatteintäkterna under budget": not a limit kept.)
_WITHIN = re.compile(
    r"\b(?:(?:inom|within|haller|hall\w*|stay\w*|keep\w*)\s+(?:the\s+|var\s+|sin\s+)?(?:\w+)?"
    r"(?:taket|tak|ramen|ram|budget|budgeten)|(?:under|below)\s+(?:the\s+)?(?:\w+)?(?:taket|tak|ramen))\b"
)
_REACH = re.compile(r"\bnar\b(?:\s+\w+){0,4}?\s+(?:\w*mal\w*|malvardet|target\w*)")  # "når vi målet"
# "… når vi målet", "klarar vi det": whether we reach it, asked anywhere in the question.
WE_ASK = re.compile(r"\b(?:nar|klarar|klarade|nadde|uppnar|uppfyller|ligger|do|did|are|will)\s+(?:vi|we)\b")
YES_NO_START = re.compile(
    r"^(?:har|ar|nar|klarar|uppfyller|uppnar|ligger|klarade|nadde|kommer|blev|did|have|has|are|is|do|does|will)\b"
)
# "Vilken kommun har högst marknadsandel?": a ranking of measured values, not a target.
_SUPERLATIVE = re.compile(
    r"\b(?:vilken|vilket|vilka|vem|which|where|mest|minst)\b.*?\b(hogst|hogsta|lagst|lagsta|storst|storsta|minst|minsta|"
    r"mest|bast|basta|samst|samsta|highest|lowest|largest|smallest|best|worst)\b(?!\s*\d)"
)
_DESCENDING = frozenset(
    {"hogst", "hogsta", "storst", "storsta", "mest", "bast", "basta", "highest", "largest", "best"}
)
# ("Can the region borrow …?" asks what is said; "can you show …" is a request.)
STATEMENT_Q = re.compile(
    r"^(?:varfor|hur ska|hur skall|hur arbetar|hur jobbar|vad sager|vad innebar|vad betyder|vad galler|"
    r"vad hander|vad ska handa|what happens|what will happen|"
    r"vilka atgarder|vilka utmaningar|vad gor|vad gors|beskriv|forklara|finns det|far|ska|skall|why|"
    r"what does|"
    r"what is being done|what are we doing|what is planned|what is the plan|"
    r"how will|is there|(?:can|may|should|must)(?!\s+(?:you|i)\b)"
    # "Kan man boka …?": what is possible.
    r"|kan man|kan jag|far man|far jag|gar det att"
    r")\b"
    # "vad mäter HME", "hur räknas indexet", "vilken regel kräver …": what something is.
    r"|\b(?:vad mater|hur raknas|hur beraknas|vad star \w+ for|vilken (?:regel|lag|riktlinje)|"
    r"what (?:is|are) (?:the )?(?:rule|law|guideline)|how is \w+ (?:calculated|measured)|"
    # "vad menas med fast läkarkontakt", "net cost definition", "how are investments financed".
    r"vad menas|definition\w*|definieras|defined|what is meant|hur finansieras|"
    r"how (?:is|are) [\w ]+ financed)\b"
)
# "Höjs priset …?", "Ersätts RUR …?": whether something is decided (unless it also asks
# "till vad", a figure).
_DECIDED = re.compile(r"^(?:hojs|sanks|ersatts|avvecklas|infors|pausas|stangs)\b")
# A question about when: "När …?", "Till när …?", or asking for a date or year anywhere
# ("vilket år" only after a preposition: folded, "vilket är" reads the same).
_WHEN_START = re.compile(r"^(?:(?:till|fran|sedan|senast|until|by|since)\s+)?(?:nar|when)\b")
_WHEN_WORDS = re.compile(
    r"\b(?:datum|datumet|(?<!to )date|deadline|arstal|artal|tidpunkt\w*|tidplan\w*|tidsplan\w*|timeline|"
    r"(?:fran|till|senast) vilket ar|vilket datum|(?:what|which) year"
    r"|(?:och|and) (?:nar|when)(?=\s*\??\s*$))\b"  # "… och när?"
)
# A question about why, anywhere in it ("reason for lower wage costs"): what the sources say.
WHY = re.compile(r"\b(?:varfor|why|reasons?|anledning\w*|orsak|orsaken|orsakerna|forklaring\w*)\b")
TOTAL_WORDS = frozenset(
    {"totala", "totalt", "total", "sammanlagt", "sammanlagda", "summa", "hela", "overall"}
)
# Units a question can name, and the curated units each stands for.
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "ton": ("ton CO2e", "ton"), "tonnes": ("ton CO2e",),
    "procent": ("%",), "procentenheter": ("%", "procentenheter"), "percent": ("%",),
    "andel": ("%", "av 10", "procentenheter"), "andelen": ("%", "av 10", "procentenheter"),
    "share": ("%", "av 10", "procentenheter"), "percentage": ("%", "procentenheter"),
    "mnkr": ("mnkr",), "miljoner": ("mnkr", "kr"), "miljarder": ("mnkr",), "mdkr": ("mnkr",),
    "kronor": ("kr", "mnkr"), "kr": ("kr", "mnkr"),
}  # fmt: skip
_YEAR = re.compile(r"(?:19|20)\d\d")
NUMBER_WORDS = frozenset(
    {"en", "ett", "one", "a", "tva", "two", "tre", "three", "fyra", "four", "fem", "five", "tio", "ten"}
)
# "Hur nöjda …", "how satisfied …": a share or a score, never a count (of respondents).
_HOW_SATISFIED = re.compile(r"\b(?:hur nojd\w*|how satisfied)\b")
# A "%" not written after a number ("2 %-målet"), or after a year ("jan-apr 2026 %").
_PERCENT_ASKED = re.compile(r"(?<![\d\s])\s*%|^\s*%|\b(?:19|20)\d\d\s*%")
# A question for a price alone: the answer is an amount of money, not a share or a change.
_PRICE_Q = re.compile(
    r"\b(?:vad|hur mycket) (?:\w+ )?(?:kostar|kostade|kosta)\b|\bpris(?:et)?\b|\bprices?\b|"
    r"\b(?:what|how much) (?:does|did|do|will) .*\bcost\b"
)
_RAISED = re.compile(r"\b(?:hoj\w*|sank\w*|raise\w*|go(?:es)? up|went up|uppraknas|uppraknade)\b")
# Words asking what something costs: the answer is an amount of money, never a count.
PRICE_WORDS = frozenset({"kostar", "kosta", "kostade", "pris", "priset", "price", "cost", "costs", "kostnad"})
# A question for how many there are ("antalet resor", "number of"): a count, not a share or a
# rate of change. "Hur många …" asks for a count too, or for a share ("hur många tycker …").
_COUNT_Q = re.compile(r"\b(?:antal(?:et)?|number of|hur manga [\w-]+ finns|how many [\w-]+ are there)\b")
_HOW_MANY_Q = re.compile(r"\b(?:hur manga|how many)\b")
# "Hur många resor/besök/tjänster …" asks for a count of things; of people ("hur många
# patienter får …") or with a verb ("hur många tycker …", "hur många av …") a share may answer;
# "over how many years" asks how long, which a period answers.
_HOW_MANY_OF = re.compile(r"\b(?:hur manga|how many) ([a-z]+)")
_PEOPLE_OR_VERB = re.compile(
    r"(?:"
    r"medarbetar|anstalld|invanar|patient|person|barn|familj|hushall|resenar|lansbo|kund|"
    r"kvinn|man|elev|brukar|anvandar|chef|deltagar|svarand|blodgivar|people|resident|employee|"
    r"staff|member|user|customer|donor|women|men|child|famil|household|av|som|of|who|har|hade|"
    r"far|fick|ar|var|tycker|tyckte|svarad|svarar|kommer|ska|skulle|kan|blev|gor|gjorde|vant|"
    r"behov|upplev|anser|kann|uppg|sag|kor|borj|start|gar|gick|tar|tog|lever|bor|dor|overlev|"
    r"avled|mar|anvand|do|did|are|were|have|had|think|said|say|got|get|will|would|can|feel|"
    r"year|month|manad|week|veck|dag|day"
    r")[a-z]*"
)
HELP_WORDS = frozenset({"hjalp", "help", "hjalpa", "kommandon", "instruktioner", "usage", "manual"})
SOURCE_WORDS = frozenset(
    {"kallor", "kallorna", "kalldokument", "kalldokumenten", "dokument", "dokumenten", "sources"}
)


@dataclass(slots=True)
class Cues:
    """What the cue words of a question ask for."""

    kinds: dict[str, float] = field(default_factory=dict)
    cue_tokens: set[str] = field(default_factory=set)  # tokens that only ask for a kind
    two_cues: set[str] = field(default_factory=set)  # two cue words written as one ("budgetram")
    heads: dict[str, str] = field(default_factory=dict)  # compound → its measure part
    tails: set[str] = field(default_factory=set)  # compound tails that say more than a kind
    relations: set[str] = field(default_factory=set)  # kinds named as a reference ("mot budget")
    latest: bool = False
    series: bool = False
    compare: bool = False
    yes_no: bool = False
    achieve: bool = False
    claim: bool = False  # "Stämmer det att …?", "Nås målet …?", "Görs avsteg …?": whether something holds
    when: bool = False  # "När ska …?"
    statement: bool = False
    ranking: str | None = None  # "desc" for "vilken … högst", "asc" for "… lägst"
    change: bool = False  # asks how much something changes
    figure: bool = False  # asks for a number ("hur många", "hur stor", "antal")
    price: bool = False  # asks what something costs ("vad kostar", "priset", "cost to buy"): money
    price_only: bool = False  # asks only for a price ("Vad kostar …?"): an amount of money, not a share
    past: bool = False  # in the past tense ("sålde", "kostade"): what was
    count: bool = False  # asks for a number of ("antalet resor"), naming no unit: never only shares
    how_many: bool = False  # "hur många …", naming no unit: a count, or a share of people
    total: bool = False  # "totala", "sammanlagt": the whole, not a part
    units: set[str] = field(default_factory=set)  # units the question names

    def ask(self, kind: str, weight: float) -> None:
        if weight > self.kinds.get(kind, 0.0):
            self.kinds[kind] = weight


# Past tense asks what was ("sålde", "kostade", "gjorde"): an outcome, unless another cue says more.
# ("låg", past of "ligga", is not listed: folded it is "lag", as "låg" (low) is.)
_PAST = frozenset(
    {"salde", "kostade", "gjorde", "fick", "gick", "tog", "gav", "holl", "kom", "blev", "hade",
     "sjonk",
     "steg", "okade", "minskade", "uppgick", "landade", "visade", "hamnade", "levererades", "genomfordes",
     "behandlades", "besvarades", "investerades", "anvandes", "infordes", "startades", "sold", "cost",
     "spent"}
)  # fmt: skip
# "utsläppen inom klimatmålet": the scope of a measure, not a question about the target.
_SCOPE = re.compile(r"\b(?:inom|enligt|i|for)\s+(?:\w+\s+)?(\w+mal(?:et|en)?)\b")


@lru_cache(maxsize=1 << 14)  # a question's words are looked up a score of times each
def kind_of_word(token: str) -> tuple[str, float] | None:
    """The kind a word asks for on its own ("budgeteras" → budget), or None."""
    if token in _WORDS:
        return _WORDS[token]
    for stem, endings, kind, weight in _FAMILIES:
        if token.startswith(stem) and token[len(stem) :] in endings:
            return kind, weight
    return None


@lru_cache(maxsize=1 << 14)
def split_compound(token: str) -> tuple[str, str] | None:
    """("klimat", "target") for "klimatmålet": a compound's first part and its tail's kind."""
    if token in _NOT_COMPOUNDS:
        return None
    for tail, kind in _TAILS:
        if token.endswith(tail) and len(token) - len(tail) >= 3:
            head = token[: -len(tail)]
            if head.endswith("s") and len(head) > 4 and head[:-1] not in EMPTY_HEADS:
                head = head[:-1]  # "investerings|budget"
            return head, kind
    return None


MIN_CUE_HEAD = 5  # "budget|ram", not "prog|ram" (an abbreviation of "prognos" in "program")


@lru_cache(maxsize=1 << 14)
def cue_after_cue(token: str) -> tuple[str, float] | None:
    """The kind of the second of two cue words written as one ("budget|ram"), or None."""
    for end in range(MIN_CUE_HEAD, len(token) - 2):
        head, rest = token[:end], token[end:]
        if kind_of_word(head) is not None or (head.endswith("s") and kind_of_word(head[:-1]) is not None):
            found = kind_of_word(rest)
            if found is not None:
                return found
    return None


_NOT = frozenset({"inte", "ej", "icke", "not"})
# A question whether something holds: "Stämmer det att …", "Är det sant att …", or one opening
# with a passive verb and its subject ("Nås det finansiella målet …?", "Görs avsteg …?").
_CLAIM = re.compile(
    r"(?:stammer det|ar det sant|galler det|is it true|does it hold)\b"
    r"|(?:nas|gors|sker|halls|uppnas|klaras|infors|tillats)\s+(?:det|den|de|ett|en|avsteg|malet|\w+et|\w+en)\b"
)
ACHIEVE_WEIGHT = 0.9  # how strongly "når vi målet" asks for the target and for the outcome


def read_cues(lower: str, folded: str, tokens: list[str], comparing: bool = False) -> Cues:
    """The cues of a question: `lower` is its casefolded text, `folded` without diacritics;
    `comparing`: asked with `/jämför`, whose "med" says what to compare with."""
    cues = Cues()
    references: list[str] = []
    scoped = {m.group(1) for m in _SCOPE.finditer(folded)}
    against = False
    relations = [*_RELATION.finditer(folded)]
    if comparing or _COMPARE_VERB.search(folded):
        relations += _COMPARED_WITH.finditer(folded)
    for match in relations:
        word = match.group(1) or match.group(2)
        found = kind_of_word(word) or (("budget", 0.6) if match.group(2) else None)
        if found:
            cues.relations.add(found[0])
            references.append(word)
            against = against or (
                bool(_AGAINST.match(match.group(0))) and not _DEVIATION.search(folded[: match.start()])
            )
    if _SHORT_OF.search(folded) and "budget" not in cues.relations:
        # "Hur mycket understiger skatteintäkter och utjämning budget 2026?": against budget.
        cues.relations.add("budget")
        references.append("budget")
    for i, token in enumerate(tokens):
        found = kind_of_word(token)
        if found is not None:
            cues.cue_tokens.add(token)
            if token in references:
                references.remove(token)  # the reference of a relation, not the figure asked for
            elif i == 0 or tokens[i - 1] not in _NOT:
                cues.ask(*found)  # ("utfallet, inte målet": no target asked)
            continue
        tail = cue_after_cue(token)
        if tail is not None:
            cues.cue_tokens.add(token)  # ("budgetram": two cue words, no name)
            cues.two_cues.add(token)
            cues.ask(*tail)
            continue
        split = split_compound(token)
        if split is not None:
            head, kind = split
            cues.ask(kind, 0.3 if token in scoped else 1.0)
            if head in EMPTY_HEADS or kind_of_word(head) is not None:
                cues.cue_tokens.add(token)  # ("budgetramen": two cue words, no name)
            else:
                cues.heads[token] = head
            if token.endswith(CEILING_TAILS):
                cues.tails.add("tak")  # "nettokostnadstaket": the ceiling, a qualifier of its own
    for pattern, kind, weight in _PHRASES:
        if pattern.search(folded):
            cues.ask(kind, weight)
    if any(t in _PAST for t in tokens):
        cues.past = True
        cues.ask("outcome", 0.6)
    token_set = set(tokens)
    # "senast 2026", "senast vid utgången av 2024": a deadline, not the newest figure.
    deadlines = {
        i
        for i, t in enumerate(tokens[:-1])
        if t == "senast" and (_YEAR.fullmatch(tokens[i + 1]) or tokens[i + 1] in _DEADLINE_NEXT)
    }
    cues.latest = any(t in LATEST_WORDS and i not in deadlines for i, t in enumerate(tokens))
    cues.series = bool(token_set & SERIES_WORDS) or bool(_SERIES_PHRASE.search(folded))
    cues.compare = (
        bool(token_set & COMPARE_WORDS)
        or "jamfort med" in folded
        or bool(_COMPARATIVE.search(folded))
        or against
    ) and not _LAST_YEAR.search(folded)
    cues.change = bool(_CHANGE.search(folded))
    cues.figure = bool(_FIGURE.search(folded))
    # "när" and "når" fold alike; the unfolded text tells them apart, "nar" + a target word means "når".
    reach = "når" in lower.split() or "nådde" in lower or bool(_REACH.search(folded) and "när" not in lower)
    achieving = _ACHIEVE.findall(folded)
    cues.achieve = bool(achieving) or reach or bool(_WITHIN.search(folded))
    cues.cue_tokens.update(w for w in achieving if " " not in w)  # "klarar": no content word
    cues.yes_no = cues.achieve and (bool(YES_NO_START.search(folded)) or folded.rstrip().endswith("?"))
    cues.claim = bool(_CLAIM.match(folded.lstrip()))
    # "fossilfria tåg när?", "återställs soliditeten när": a terse question ending in "när".
    ends_when = bool(tokens) and tokens[-1] in ("nar", "when") and not lower.rstrip(" ?!.").endswith("når")
    cues.when = bool(_WHEN_START.match(folded) or _WHEN_WORDS.search(folded) or ends_when) and not reach
    cues.statement = cues.when or bool(STATEMENT_Q.search(folded) or WHY.search(folded))
    cues.statement = cues.statement or (bool(_DECIDED.match(folded)) and not cues.figure)
    if cues.achieve:
        cues.ask("target", ACHIEVE_WEIGHT)
        cues.ask("outcome", ACHIEVE_WEIGHT)
    superlative = _SUPERLATIVE.search(folded)
    if superlative and not cues.achieve:
        falling = re.search(r"\b(?:minska\w*|sjunk\w*|sjonk|forbattr\w*)\s+(?:\w+\s+)?mest\b", folded)
        cues.ranking = "desc" if superlative.group(1) in _DESCENDING and not falling else "asc"
        if cues.kinds.get("target", 0.0) <= 0.5:  # "minst"/"högst" ranked, not a target's bound
            cues.kinds.pop("target", None)
        cues.ask("outcome", 0.7)
    cues.total = bool(token_set & TOTAL_WORDS)
    # A unit after a number names a figure ("2 %-målet", "65 mnkr", "ökar med en procent"),
    # not the unit asked for.
    cues.units = {
        unit
        for i, token in enumerate(tokens)
        if not (
            i
            and (tokens[i - 1].isdigit() or tokens[i - 1] in NUMBER_WORDS)
            and not _YEAR.fullmatch(tokens[i - 1])
        )
        for unit in UNIT_WORDS.get(token, ())
    }
    if _PERCENT_ASKED.search(folded):
        cues.units.add("%")
    if _HOW_SATISFIED.search(folded):
        cues.units.update(UNIT_WORDS["andel"])  # "Hur nöjda var resenärerna?": a share, not a count
    cues.figure = cues.figure or bool(cues.units)  # "… i procent", "in mnkr": a number
    cues.price = bool(PRICE_WORDS.intersection(tokens))
    # "Höjs priserna?", "Will ticket prices go up?": how much a price changes, a share too.
    cues.price_only = bool(_PRICE_Q.search(folded)) and not (cues.change or _RAISED.search(folded))
    counted = not cues.units and not cues.change
    things = _HOW_MANY_OF.search(folded)
    counted_things = things is not None and not _PEOPLE_OR_VERB.fullmatch(things[1])
    cues.count = counted and (bool(_COUNT_Q.search(folded)) or counted_things)
    cues.how_many = counted and bool(_HOW_MANY_Q.search(folded))
    return cues
