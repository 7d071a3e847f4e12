"""Ranked search over a catalogue: codes, names, symptoms, body places and typos.

The ranking model, in one place. Every match lands in one score band, so a better kind of match
always outranks a worse one; every weight below is a named constant of this module or rank.py:

    100      exact code (LEGACY_SCORE 98: what the code meant in an older numbering;
             MENTION_SCORE 96: codes written inside a longer query, in order)
    95       exact name: pinyin (tones ignored), characters, English name, alias
             (NAME_WORDS_SCORE 94: a name's words in any order or translation;
             CATEGORY_SCORE 93: every point of a kind, "he-sea points")
    30..89   words (WORD_BAND), for each point the sum of
               COVERAGE_WEIGHT    x the share of the query's words the point explains
               VOCABULARY_WEIGHT  x the share a symptom or body region explains
               SYMPTOM_WEIGHT     x the best matched symptom's graded weight (1..MAX_WEIGHT, from
                                    the references; a key point counts MAX_WEIGHT) x that share,
                                    plus OTHER_SYMPTOM_STEP per further symptom, to OTHER_SYMPTOM_MAX
               KEY_BONUS          for a key point of a named symptom, less KEY_STEP per place
                                    down the references' order
               PAIR_WEIGHT        x the share of adjacent query word pairs ("index finger") in
                                    the point's place text, for words no vocabulary explains
               REGION_BONUS       for a point in a named region (not a key point)
               PLACE_WEIGHT       x BM25F over the point's place fields (rank.py: the location's
                                    first clause, the rest of it, the find-it text, the region;
                                    each field weighted by name), for a place query
               CENTRE_BONUS       for a point at the middle of a place named without a side
             A finger measure ("two thumb widths below the navel") scores MEASURED_SCORE less
             MEASURED_ERROR_WEIGHT per cun off, plus MEASURED_CONTEXT for its other words.
    0..29    fuzzy: RapidFuzz similarity to a name (a sounds-like spelling counts), then word
             matches read through a corrected typo (at most CORRECTED_MAX); a typo among the
             catalogue's words ranks in the word band, CORRECTED_PENALTY lower.

Each match carries its reason ("why"). Ties break on catalogue order (meridian, then number),
so results never depend on hashing.
"""

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import NamedTuple

from ..data.catalogue import Catalogue, category_key
from ..data.normalise import (
    GENERIC_TOKENS,
    fold,
    is_phrase,
    name_key,
    name_words,
    phrase_words,
    shown,
    sounds_like,
    tokens,
)
from ..data.records import Declined, Point
from .errors import EmptyQuery, NotForSelfCare
from .measure import measured, query_relation
from .rank import PlaceModel

CODE_SCORE = 100.0
LEGACY_SCORE = 98.0
MENTION_SCORE = 96.0  # a code written inside a longer query ("B23 and B47", "B27-B34"), in order
NAME_SCORE = 95.0
NAME_WORDS_SCORE = 94.0  # a name's words, in any order and number ("wombs & vitals" ~ Womb and Vitals)
CATEGORY_SCORE = 93.0  # a kind of point ("he-sea", "back shu points"): every point of that kind
# A name of two or more words inside a longer query: above the word band's usual matches.
MENTIONED_NAME_SCORE = 87.0
MAX_NAME_WORDS = 6
WORD_BAND = (30.0, 89.0)
COVERAGE_WEIGHT = 30.0
VOCABULARY_WEIGHT = 10.0
SYMPTOM_WEIGHT = 3.0
OTHER_SYMPTOM_STEP = 0.05
OTHER_SYMPTOM_MAX = 0.15
PAIR_WEIGHT = 6.0
REGION_BONUS = 1.0
# A point measured from a landmark as the query measures it ("two thumb widths below the navel"):
# the top of the word band, less this much per cun the distances differ.
MEASURED_SCORE = 88.0
MEASURED_ERROR_WEIGHT = 4.0
# ... plus at most this much for how well its place fields answer the query's other words (BM25F).
MEASURED_CONTEXT = 0.9
# A place query's words, answered by a point's place fields (BM25F, see rank.py, from 0 to 1),
# add up to this much.
PLACE_WEIGHT = 8.0
# A place named without a side is read as its middle: a point at the midpoint or centre of it gains.
CENTRE_BONUS = 1.0
# A point measured at least this far (cun) to the side of a landmark ("1.5 B-cun lateral to the
# spine") lies aside of it: the landmark's words count less for it (rank.ASIDE_WEIGHT), unless
# the query itself says "beside".
ASIDE_CUN = 1.0
_CENTRE_WORDS = ("midpoint", "centre", "center", "middle", "midline", "median line")
_SIDE_WORDS = frozenset({"inner", "outer", "end", "edge", "corner"})
# The words of a finger measure ("half a thumb width"), which say nothing about the place.
_MEASURE_WORDS = frozenset(tokens("half one two three four five six seven eight thumb finger hand width breadth "
                                  "cun into inside within above below beside"))
_NONE: frozenset[str] = frozenset()
# Words that say where on a body part, never what is wrong with it ("outer" of "outer hip pain").
_POSITION_WORDS = frozenset({"outer", "inner", "edge", "end", "corner", "front", "bottom", "above", "behind",
                             "beside", "near", "tip"})
# Query words that put a point to the side of its landmark ("beside the spine").
_BESIDE = frozenset({"beside", "next", "either", "outer", "side", "out", "away"})
FUZZY_MAX = 29.0
CORRECTED_MAX = 23.0
# What reading a misspelt word among others as the word meant costs a match ('wasit' -> 'waist').
CORRECTED_PENALTY = 5.0
KEY_BONUS = 6.0
KEY_STEP = 0.2  # each place further down a symptom's key points takes this off the bonus
MAX_WEIGHT = 3  # an indication's greatest weight
FUZZY_CUTOFF = 72.0
# A misspelt word is read as the commonest catalogue word at most one edit away (a swap of two
# letters is one edit: 'haed' ~ 'head'), or two for a word longer than SHORT_WORD letters; a word
# longer than LONG_WORD letters may also be read as the word most like it (RapidFuzz ratio at
# least TYPO_CUTOFF: 'premenstrual' ~ 'menstrual', 'constipated' ~ 'constipation').
TYPO_CUTOFF = 80.0
SHORT_WORD = 5
LONG_WORD = 7
SUGGEST_CUTOFF = 60.0
# A real word is read as a catalogue word only if both start with its first letters, all but two
# and at least this many ('nervous' as 'nervousness', never 'typing' as 'type').
SAME_STEM = 5
# How many words either side of a misspelt word a phrase it makes may reach ('back of the nee').
PHRASE_REACH = 4


# Words that frame a look-up rather than say what is looked up ("where is hoku", "LI4 point",
# "the sea of energy pressure point"): left out before a query is read as a code or a name.
FILLER = frozenset("where is are the a an what which point points pressure acupressure acupuncture spot spots "
                   "massage find locate located location for of how to do i press".split())
# The longest run a code range may span ("B27-B34" is 8 points).
MAX_RANGE = 20
# A code inside a longer query: its prefix and number; and a range of codes on one channel.
_MENTION = re.compile(r"(?<![a-z0-9])([a-z]{1,3})[ .]?(\d{1,3})(?![a-z0-9])")
_RANGE = re.compile(r"(?<![a-z0-9])([a-z]{1,3})[ .-]?(\d{1,3}) ?(?:-|\u2013|to) ?(?:\1)?[ .-]?(\d{1,3})(?![a-z0-9])")
# A letter O where a code's number has a zero: after a digit, at the end ('BL-4O', 'GB-2O').
_O_AS_ZERO = re.compile(r"(?<=\d)[oO](?![a-zA-Z])")
# One-letter prefixes that a place query uses for vertebrae (C7, T1, L2, S1): never a code mention.
_VERTEBRA_LETTERS = frozenset("ctls")


class Match(NamedTuple):
    point: Point
    score: float
    tier: str
    matched: str


class _Term(NamedTuple):
    """One vocabulary phrase (a symptom synonym or region word) as a set of tokens."""

    target: str
    label: str
    tokens: frozenset[str]


class _Index:
    """Token-level views of a catalogue that only the search needs, built once per catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    @cached_property
    def symptom_terms(self) -> list[_Term]:
        phrases = self.catalogue.symptom_phrases
        return [_Term(s.id, s.label, frozenset(words)) for s in self.catalogue.symptoms for words in phrases[s.id]]

    @cached_property
    def region_terms(self) -> list[_Term]:
        return [_Term(r.id, r.label, frozenset(tokens(phrase)))
                for r in self.catalogue.regions for phrase in (r.label, *r.words, r.id.replace("-", " "))]

    @cached_property
    def declined_phrases(self) -> list[tuple[frozenset[str], Declined]]:
        """Each phrase of what acupoint never suggests points for, as a set of tokens."""
        return [(frozenset(tokens(phrase)), topic) for topic in self.catalogue.records.safety.declined
                for phrase in topic.phrases]

    def declined(self, query: list[str]) -> Declined | None:
        """The declined topic a query's tokens ask about ('pressure points to induce labor'), if any."""
        said = set(query)
        return next((topic for words, topic in self.declined_phrases if words and words <= said), None)

    @cached_property
    def complaint_phrases(self) -> frozenset[tuple[str, ...]]:
        """Every symptom phrase as its tokens, in order."""
        return frozenset(words for phrases in self.catalogue.symptom_phrases.values() for words in phrases)

    def is_complaint(self, words: list[str]) -> bool:
        """Whether the words are a symptom's whole phrase ('stiff neck')."""
        return tuple(tokens(" ".join(words))) in self.complaint_phrases

    @cached_property
    def body_words(self) -> frozenset[str]:
        """Every word the body regions are named by ("hand", "knuckle", "wrist")."""
        return frozenset(word for term in self.region_terms for word in term.tokens)

    def aside(self, point: Point) -> frozenset[str]:
        """The words of the landmarks a point's location measures it to the side of ("1.5 B-cun
        lateral to the posterior median line": spine)."""
        return frozenset(word for r in self.catalogue.relations.get(point.code, ()) if r.direction == "side"
                         and r.cun >= ASIDE_CUN for word in r.landmark)

    def off_centre(self, point: Point) -> bool:
        """Whether a point is measured out to the side of something: never at its middle."""
        return any(r.direction == "side" for r in self.catalogue.relations.get(point.code, ()))

    @cached_property
    def places(self) -> PlaceModel:
        """The BM25F statistics of the points' place fields."""
        region_words: dict[str, frozenset[str]] = {}
        for term in self.region_terms:
            region_words[term.target] = region_words.get(term.target, _NONE) | term.tokens
        return PlaceModel(self.catalogue.place_words, {p.code: region_words.get(p.region, _NONE)
                                                       for p in self.catalogue.points}, self.catalogue.by_place_word)

    @cached_property
    def key_rank(self) -> dict[tuple[str, str], int]:
        """(symptom id, code) -> position in the symptom's key points (0 = most central)."""
        return {(s.id, code): rank for s in self.catalogue.symptoms for rank, code in enumerate(s.key_points)}

    def place_text(self, point: Point) -> str:
        """The location tokens as one padded string: ' a b ' in it means the pair (a, b) is there."""
        return f" {self.catalogue.place_words[point.code]} "

    @cached_property
    def known_words(self) -> frozenset[str]:
        """Every token the indexes know: a word outside it is a candidate typo."""
        words = set(self.catalogue.by_place_word)
        for term in (*self.symptom_terms, *self.region_terms):
            words |= term.tokens
        return frozenset(words)

    @cached_property
    def name_tokens(self) -> frozenset[str]:
        """Every word of a point's names ('hoku', 'vitality'): never a typo either."""
        return frozenset(word for key in self.catalogue.by_name_words for word in key.split())

    @cached_property
    def vocabulary(self) -> list[str]:
        """The words of the catalogue as written (folded, not stemmed), long enough to correct a
        typo towards, in a fixed order: a misspelt word is read as a word people write, so that
        'bottom of the fot' becomes 'bottom of the foot' before phrases are read."""
        catalogue = self.catalogue
        texts = [p.location + " " + p.find_it + " " + p.english + " " + " ".join((*p.aliases, *p.group_names))
                 for p in catalogue.points]
        texts += [" ".join((s.label, *s.synonyms)) for s in catalogue.symptoms]
        texts += [" ".join((r.label, *r.words)) for r in catalogue.regions] + [phrase_words()]
        counts = Counter(w for text in texts for w in fold(text).split() if len(w) > 2 and not w.isdigit())
        words = [w for w in counts if tokens(w) or len(w) > 4]  # not 'had', 'the'...
        return sorted(words, key=lambda w: (-counts[w], w))  # the commoner word wins a tie

    @cached_property
    def name_keys(self) -> list[str]:
        """The keys of `name_choices`, listed once for RapidFuzz."""
        return list(self.name_choices)

    @cached_property
    def name_choices(self) -> dict[str, list[tuple[Point, str]]]:
        """Sounds-like name key -> points and the name as written: the choices of fuzzy matching."""
        choices: dict[str, list[tuple[Point, str]]] = {}
        for key, entries in self.catalogue.by_name.items():
            choices.setdefault(sounds_like(key), []).extend((point, label) for point, _, label in entries)
        for point in self.catalogue.points:
            choices.setdefault(sounds_like(name_key(point.code)), []).append((point, point.code))
        return choices


_INDEXES: dict[int, tuple[Catalogue, _Index]] = {}


def _index(catalogue: Catalogue) -> _Index:
    cached = _INDEXES.get(id(catalogue))
    if cached is None or cached[0] is not catalogue:
        cached = (catalogue, _Index(catalogue))
        _INDEXES[id(catalogue)] = cached
    return cached[1]


def find(
    catalogue: Catalogue,
    query: str,
    *,
    limit: int = 10,
    region: str | None = None,
    meridian: str | None = None,
    pregnancy_safe: bool = False,
) -> list[Match]:
    """Rank the points for a query, best first; at most `limit` results."""
    text = " ".join(query.split())
    if not text:
        raise EmptyQuery("the query is empty")
    best: dict[str, Match] = {}

    def offer(matches: Iterable[Match]) -> None:
        for match in matches:
            held = best.get(match.point.code)
            if held is None or match.score > held.score:
                best[match.point.code] = match

    def kept(match: Match) -> bool:
        point = match.point
        return ((region is None or point.region == region) and (meridian is None or point.meridian == meridian)
                and not (pregnancy_safe and point.pregnancy_caution))

    index = _index(catalogue)
    words = tokens(text)
    declined = index.declined(words)
    if declined is not None:
        raise NotForSelfCare(declined.topic, " ".join(declined.message.split()))
    core = " ".join(w for w in text.split() if fold(w) not in FILLER) or text
    for said in dict.fromkeys((text, core)):
        offer(_code_matches(catalogue, said))
        offer(_name_matches(catalogue, said))
    offer(_name_word_matches(catalogue, core))
    offer(Match(point, CATEGORY_SCORE, "name", f"category {catalogue.category_names[key]}")
          for key in [category_key(core)] for point in catalogue.by_category.get(key, ()))
    offer(_mentioned_codes(catalogue, text))
    offer(_mentioned_names(catalogue, index, text))
    offer(_zero_typed_as_o(catalogue, text))
    offer(_measured_matches(catalogue, index, text, words))
    offer(_word_matches(catalogue, index, words))
    # Fuzzy evidence scores at most FUZZY_MAX, below every band above it: once `limit` kept
    # matches score higher, it cannot change the answer, and its work (importing RapidFuzz,
    # building the sounds-like keys: about 15 ms on a first query) is skipped unless a word of
    # the query is one the catalogue does not know.
    short = sum(1 for m in best.values() if m.score > FUZZY_MAX and kept(m)) < limit
    unknown = _unknown_words(index, text)
    if short or unknown:
        offer(_typo_matches(catalogue, index, text, core, unknown))
        if short:
            offer(_fuzzy_matches(index, text))

    order = catalogue.order
    results = [m for m in best.values() if kept(m)]
    results.sort(key=lambda m: (-m.score, order[m.point.code]))
    return results[:limit]


def _measured_matches(catalogue: Catalogue, index: _Index, text: str, words: list[str]) -> list[Match]:
    """The points a finger measure describes ("two thumb widths below the navel"), if it has one."""
    wanted = query_relation(text)
    if wanted is None:
        return []
    # The query's other words ("... into the hairline above the pupil") break ties between points
    # measured alike.
    rest = set(words) - wanted.landmark - GENERIC_TOKENS - _MEASURE_WORDS
    return [Match(point, MEASURED_SCORE - MEASURED_ERROR_WEIGHT * error
                  + MEASURED_CONTEXT * index.places.score(point.code, rest), "place",
                  f"{wanted.cun:g} cun {wanted.direction} from {' '.join(sorted(wanted.landmark))}")
            for point, error in measured(catalogue, wanted)]


def _typo_matches(catalogue: Catalogue, index: _Index, text: str, core: str, unknown: list[str]) -> list[Match]:
    """The matches of the text read with its misspelt words corrected, each noting the reading."""
    corrected, corrections = _correct(index, text, unknown)
    if not corrections:
        return []
    note = _correction_note(corrections)
    again = [*_word_matches(catalogue, index, tokens(corrected)), *_name_word_matches(catalogue, corrected)]
    if len(tokens(core)) > len(corrections) and set(tokens(corrected)) <= index.known_words | GENERIC_TOKENS:
        # A misspelt word among the catalogue's words ('lower back at wasit level') is read as the
        # word meant, and the reading ranks as words do, a little lower.
        return [Match(m.point, m.score - CORRECTED_PENALTY, m.tier, m.matched + note) for m in again]
    # One misspelt word, or words that are not the catalogue's, may as well be a name ('hegoo',
    # 'qu chee'): the reading is fuzzy evidence, below a close fuzzy match of a whole name.
    return [Match(m.point, CORRECTED_MAX * m.score / 100, "fuzzy", m.matched + note) for m in again]


def _code_matches(catalogue: Catalogue, text: str) -> list[Match]:
    """A code's readings: the likelier one at CODE_SCORE, another at LEGACY_SCORE."""
    found = []
    for rank, (point, kind) in enumerate(catalogue.readings(text)):
        reason = f"code {point.code}" if kind == "code" else \
            f"older bladder numbering: {text.strip()} meant {point.code}"
        found.append(Match(point, CODE_SCORE if rank == 0 else LEGACY_SCORE, "code" if kind == "code" else "legacy",
                           reason))
    return found


def _name_matches(catalogue: Catalogue, text: str) -> list[Match]:
    return [Match(point, NAME_SCORE, "name", f"{kind} {label}")
            for point, kind, label in catalogue.by_name.get(name_key(text), [])]


def _name_word_matches(catalogue: Catalogue, text: str) -> list[Match]:
    return [Match(point, NAME_WORDS_SCORE, "name", f"{kind} {label}")
            for point, kind, label in catalogue.by_name_words.get(name_words(text), ())]


def _mentioned_names(catalogue: Catalogue, index: _Index, text: str) -> list[Match]:
    """Names of two or more words written inside a longer query ("stomach point below the navel",
    "is the sea of energy safe"), at MENTIONED_NAME_SCORE. Words the catalogue reads as a place or
    a complaint ("hip bone", "stiff neck") are that inside a longer query, not a name."""
    words = fold(text).split()
    found: dict[str, Match] = {}
    for size in range(min(len(words) - 1, MAX_NAME_WORDS), 1, -1):
        for start in range(len(words) - size + 1):
            said = words[start:start + size]
            if not set(said) - FILLER or is_phrase(" ".join(said)) or index.is_complaint(said):
                continue
            for point, kind, label in catalogue.by_name.get("".join(said), ()):
                found.setdefault(point.code, Match(point, MENTIONED_NAME_SCORE, "name", f"{kind} {label} in the query"))
    return list(found.values())


def _zero_typed_as_o(catalogue: Catalogue, text: str) -> list[Match]:
    """A code whose zero was typed as the letter O ('BL-4O', 'GB2O'), read with the zero, as a typo."""
    fixed = _O_AS_ZERO.sub("0", text)
    if fixed == text or catalogue.readings(text):
        return []
    return [Match(point, FUZZY_MAX, "fuzzy", f"read {text.strip()} as {fixed.strip()}")
            for point, _ in catalogue.readings(fixed)[:1]]


def _mentioned_codes(catalogue: Catalogue, text: str) -> list[Match]:
    """Codes written inside a longer query, in the order written: a range ("B27-B34") gives each
    point of it; a lone one-letter code counts only where it cannot be a vertebra (C7, L2)."""
    lowered = text.lower()
    said: list[tuple[str, int]] = []
    for prefix, first, last in _RANGE.findall(lowered):
        if int(first) < int(last) <= int(first) + MAX_RANGE:
            said += [(prefix, n) for n in range(int(first), int(last) + 1)]
    mentions = _MENTION.findall(lowered)
    if len(mentions) > 1 or said:
        said += [(prefix, int(number)) for prefix, number in mentions]
    elif mentions and (len(mentions[0][0]) > 1 or mentions[0][0] not in _VERTEBRA_LETTERS):
        said.append((mentions[0][0], int(mentions[0][1])))
    found: dict[str, Match] = {}
    for rank, (prefix, number) in enumerate(dict.fromkeys(said)):
        readings = catalogue.readings(f"{prefix}{number}")
        if readings and readings[0][0].code not in found:
            point = readings[0][0]
            found[point.code] = Match(point, MENTION_SCORE - rank / 100, "code",
                                      f"{prefix.upper()}{number} in the query")
    return list(found.values())


def _unknown_words(index: _Index, text: str) -> list[str]:
    """The words of a text that no index knows: a catalogue word, a name's word, a stopword or a
    symptom's word is known."""
    outside = [w for w in fold(text).split() if len(w) > 2 and not w.isdigit()
               and not set(tokens(w)) <= index.known_words | GENERIC_TOKENS]
    return [w for w in outside if not set(tokens(w)) <= index.name_tokens] if outside else []


def _correct(index: _Index, text: str, unknown: list[str]) -> tuple[str, dict[str, str]]:
    """The text with each unknown word that is not an English word either read as the nearest
    word of the catalogue ('fot' -> 'foot', 'wasit' -> 'waist'), and those readings. A real word
    is never read as another word ('every' is not 'very', 'sick' not 'stick')."""
    words = fold(text).split()
    corrections: dict[str, str] = {}
    if not unknown:
        return text, corrections
    from .english import english

    real = english(set(unknown))
    for word in real:
        # A real word is only read as another form of itself ('nervous' -> 'nervousness').
        stem = word[:max(SAME_STEM, len(word) - 2)]
        hit = next((w for w in index.vocabulary if w.startswith(stem)), word)
        if hit != word:
            corrections[word] = hit
    if len(real) < len(set(unknown)):
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import DamerauLevenshtein

        for word in dict.fromkeys(unknown):
            if word in real:
                continue
            edits = 1 if len(word) <= SHORT_WORD else 2
            # Among the nearest, a word that makes a phrase with its neighbours wins ('back of the
            # nee' is the back of the knee, not of the need), then one with the same first letter
            # (people seldom mistype it: 'kne' is 'knee', not 'one'), then the commoner word.
            near = min(process.extract(word, index.vocabulary, scorer=DamerauLevenshtein.distance,
                                       score_cutoff=edits, limit=None),
                       key=lambda hit: (hit[1], not _makes_phrase(words, word, hit[0]), hit[0][0] != word[0],
                                        hit[2]), default=None)
            like = process.extractOne(word, index.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF) \
                if near is None and len(word) > LONG_WORD else None
            hit = near[0] if near is not None else like[0] if like is not None else word
            if hit != word:
                corrections[word] = hit
    return " ".join(corrections.get(w, w) for w in words), corrections


def _makes_phrase(words: list[str], word: str, reading: str) -> bool:
    """Whether reading `word` as `reading` makes a phrase of the table with the words around it."""
    at = words.index(word)
    said = [reading if i == at else w for i, w in enumerate(words)]
    return any(is_phrase(" ".join(said[start:end])) for start in range(max(0, at - PHRASE_REACH), at + 1)
               for end in range(at + 1, min(len(said), at + PHRASE_REACH) + 1) if end - start > 1)


def _best_terms(terms: list[_Term], query: set[str]) -> dict[str, tuple[float, frozenset[str], str]]:
    """Target id -> (strength, query tokens explained, label) of its best-matching phrase."""
    best: dict[str, tuple[float, frozenset[str], str]] = {}
    for term in terms:
        shared = term.tokens & query
        meaningful = term.tokens - GENERIC_TOKENS
        if not shared or shared <= GENERIC_TOKENS:
            continue
        strength = len(shared & meaningful) / len(meaningful)
        held = best.get(term.target)
        if held is None or (strength, len(shared)) > (held[0], len(held[1])):
            best[term.target] = (strength, frozenset(shared), term.label)
    return best


def _candidates(catalogue: Catalogue, symptoms: Mapping[str, object], regions: Mapping[str, object],
                content: set[str]) -> list[Point]:
    """Only the points some evidence points at, in catalogue order: through the symptom, region and
    location-word indexes."""
    codes = {p.code for s in symptoms for p, _ in catalogue.by_symptom.get(s, ())}
    codes.update(p.code for r in regions for p in catalogue.by_region.get(r, ()))
    for word in content:
        codes |= catalogue.by_place_word.get(word, frozenset())
    # A point not for pressing on oneself is never offered for a complaint or a place; its code
    # or name still finds it, with the warning first.
    found = (catalogue.by_code[c] for c in sorted(codes, key=catalogue.order.__getitem__))
    return [point for point in found if point.self_care]


def _centre(index: _Index, point: Point, place: set[str]) -> float:
    """CENTRE_BONUS for a point at the middle of a place named without a side (BL-40 for the
    crease behind the knee); nothing for one measured out to the side of something."""
    location = point.location.lower()
    if place and not place & _SIDE_WORDS and any(word in location for word in _CENTRE_WORDS) \
            and not index.off_centre(point):
        return CENTRE_BONUS
    return 0.0


def _without_context(query: list[str], content: set[str], symptoms: Mapping[str, tuple[float, frozenset[str], str]],
                     regions: Mapping[str, tuple[float, frozenset[str], str]]) -> set[str]:
    """The words a point must explain. A complaint named in full ("aches", "bloated"; a body part
    alone is a place) makes the rest of a sentence its context ("my lower back aches after
    sitting", "sore wrists from typing"), not more places the point must be at."""
    named = {word for strength, words, _ in symptoms.values() if strength == 1.0 for word in words}
    places = {word for _, words, _ in regions.values() for word in words}
    if named & content and (set(query) & GENERIC_TOKENS or named - places - GENERIC_TOKENS):
        return content & (named | places)
    return content


class _Evidence(NamedTuple):
    whole: set[str]  # query words a symptom phrase explains in full
    partial: set[str]  # query words a symptom phrase explains in part
    weights: list[float]  # the point's weight for each matched symptom, times the match's strength
    reasons: list[str]  # the matched symptoms' labels
    key_bonus: float  # for a key point of a fully matched symptom: KEY_BONUS less KEY_STEP per rank


def _symptom_evidence(index: _Index, point: Point,
                      symptoms: Mapping[str, tuple[float, frozenset[str], str]]) -> _Evidence:
    """What the matched symptoms say for one point."""
    evidence = _Evidence(set(), set(), [], [], 0.0)
    key_bonus = 0.0
    for symptom, weight in point.indications:
        hit = symptoms.get(symptom)
        if hit:
            (evidence.whole if hit[0] == 1.0 else evidence.partial).update(hit[1])
            evidence.weights.append(hit[0] * weight)
            evidence.reasons.append(hit[2])
            rank = index.key_rank.get((symptom, point.code))
            if rank is not None and hit[0] == 1.0:
                key_bonus = max(key_bonus, KEY_BONUS - KEY_STEP * rank)
    return evidence._replace(key_bonus=key_bonus)


def _word_matches(catalogue: Catalogue, index: _Index, query: list[str]) -> list[Match]:
    """Symptom, body-region and location words, weighed together for each point.

    Words explained by the symptom vocabulary or a region count more than words found in the
    location text, so at equal coverage a symptom match outranks a place match. A stray word
    of a longer phrase ("sea" of "sea sickness") counts only if the whole query is explained.
    """
    content = set(query) - GENERIC_TOKENS or set(query)
    if not content:
        return []
    pairs = set(zip(query, query[1:], strict=False))
    symptoms = _best_terms(index.symptom_terms, set(query))
    regions = _best_terms(index.region_terms, set(query))
    named = {word for _, words, _ in symptoms.values() for word in words}
    if not set(query) & GENERIC_TOKENS and named <= index.body_words | _POSITION_WORDS and not content <= named:
        # A body part with more place words and no complaint ("pain", "tension") is a place
        # ("wrist crease on the little finger side"), not "wrist pain"; a body part alone
        # ("lower back") still means its complaint.
        symptoms = {}
    content = _without_context(query, content, symptoms, regions)
    postings = catalogue.by_place_word
    beside = bool(set(query) & _BESIDE)
    found = []
    for point in _candidates(catalogue, symptoms, regions, content):
        whole, partial, weights, reasons, key_bonus = _symptom_evidence(index, point, symptoms)
        region_hit = regions.get(point.region)
        if region_hit:
            (whole if region_hit[0] == 1.0 else partial).update(region_hit[1])
        place = {word for word in content if point.code in postings.get(word, ())}
        covered = (whole | partial | place) & content
        if covered != content:
            partial = set()
            covered = (whole | place) & content
        vocabulary = (whole | partial) & content
        if not covered or (not vocabulary and 2 * len(covered) <= len(content)):
            continue
        # The best symptom's weight counts in proportion to how much of the query the
        # vocabulary explains; further symptoms only break ties.
        weights.sort(reverse=True)
        explained = len(vocabulary) / len(content)
        # A key point counts as a point of the greatest weight: the sources' order (the key bonus)
        # then ranks the key points, not the catalogue's own weights.
        best = MAX_WEIGHT if key_bonus else (weights[0] if weights else 0)
        weight_score = SYMPTOM_WEIGHT * best * explained + min(OTHER_SYMPTOM_MAX, OTHER_SYMPTOM_STEP * sum(weights[1:]))
        # Word pairs of the location text ("index finger") sharpen place matches; they add
        # nothing where the vocabulary already explains the query.
        text = index.place_text(point) if pairs and explained < 1 else ""
        phrase = PAIR_WEIGHT * (1 - explained) * sum(f" {a} {b} " in text for a, b in pairs) / len(pairs) if text else 0
        aside = _NONE if beside or reasons else index.aside(point)
        placed = 0.0 if reasons else PLACE_WEIGHT * index.places.score(point.code, content, aside) \
            + _centre(index, point, place)
        score = WORD_BAND[0] + COVERAGE_WEIGHT * len(covered) / len(content) + VOCABULARY_WEIGHT * explained \
            + weight_score + key_bonus + phrase + (REGION_BONUS if region_hit and not key_bonus else 0) + placed
        tier = "symptom" if reasons else "place"
        if not reasons:
            reasons = [f"on the {region_hit[2]}"] if region_hit and not place else \
                ["location: " + ", ".join(shown(word) for word in sorted(place))]
        found.append(Match(point, min(WORD_BAND[1], score), tier, ", ".join(reasons[:3])))
    return found


def _fuzzy_matches(index: _Index, text: str) -> list[Match]:
    key = sounds_like(name_key(text))
    if len(key) < 3:
        return []
    from rapidfuzz import fuzz, process

    found = []
    for choice, score, _ in process.extract(key, index.name_keys, scorer=fuzz.ratio,
                                            score_cutoff=FUZZY_CUTOFF, limit=20):
        for point, label in index.name_choices[choice]:
            found.append(Match(point, FUZZY_MAX * score / 100, "fuzzy", f"similar to {label}"))
    return found


def _correction_note(corrections: dict[str, str]) -> str:
    return " (read " + ", ".join(f"{k!r} as {v!r}" for k, v in sorted(corrections.items())) + ")"


def suggest(catalogue: Catalogue, text: str, limit: int = 5) -> list[str]:
    """Nearest point names and symptoms for a text that found nothing ("did you mean")."""
    key = sounds_like(name_key(text))
    if not key:
        return []
    from rapidfuzz import fuzz, process

    index = _index(catalogue)
    labels: dict[str, str] = {}
    for choice, _, _ in process.extract(key, index.name_keys, scorer=fuzz.ratio,
                                        score_cutoff=SUGGEST_CUTOFF, limit=limit * 3):
        for point, label in index.name_choices[choice]:
            if point.code not in labels and len(labels) < limit:
                named = f" ({label})" if label not in (point.code, point.pinyin) else ""
                labels[point.code] = f"{point.code} {point.pinyin}{named}"
    symptom_keys = {name_key(s.label): s.label for s in catalogue.symptoms}
    for choice, _, _ in process.extract(key, list(symptom_keys), scorer=fuzz.ratio,
                                        score_cutoff=SUGGEST_CUTOFF, limit=2):
        labels[choice] = symptom_keys[choice]
    return list(labels.values())
