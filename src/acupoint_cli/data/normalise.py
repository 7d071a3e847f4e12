"""Text and code normalisation shared by the indexes and the search.

Everything a person may type is reduced to a comparison key here, in one place, so that the
catalogue's indexes and the queries always fold the same way.
"""

import re
import unicodedata
import zlib
from functools import lru_cache
from typing import NamedTuple

_ASCII_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=1)
def _unicode_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Combining marks, non-word runs and words beyond ASCII, compiled on first need.

    Their large character ranges take about 3 ms to compile, and most texts (every code, most
    queries and names) are ASCII, for which `fold` and `tokens` take a plain path instead.
    """
    return (re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"),
            re.compile(r"[^0-9a-z\u3400-\u9fff\U00020000-\U0002ffff]+"),
            re.compile(r"[0-9a-z\u3400-\u9fff]+"))


_CODE = re.compile(r"^(?P<prefix>[a-z3][a-z\s\-_.]*?)[\s\-_.]*(?P<number>\d{1,3})$")

# Words that carry no meaning in a look-up ("pain in my lower back" = "lower back").
STOPWORDS = frozenset(
    "a an and at for from i in is it me my of on or the to with what which where point points "
    "acupressure acupuncture have has had get gets got bad really very so some when how do does can am are be "
    "been this that there here you your help helps helping relief relieve relieving pressure spot spots "
    "massage exactly slightly".split()
)
# Folds the many ways people say "it hurts" into one token, irregular forms the stemmer misses,
# and anatomical terms into lay words ("lateral end of the cubital crease" ~ "outer end of the
# elbow crease").
_TOKEN_SYNONYMS = {
    "sore": "pain", "pains": "pain", "painful": "pain", "ache": "pain", "aches": "pain",
    "aching": "pain", "achy": "pain", "hurt": "pain", "hurts": "pain", "hurting": "pain",
    "backache": "back pain", "cant": "cannot", "stiffness": "stiff", "killing": "pain", "kills": "pain",
    "losing": "lose", "lost": "lose",
    "diarrhea": "diarrhoea", "feet": "foot", "teeth": "tooth",
    # Anatomical words of the location texts, folded into the words people use.
    "lateral": "outer", "outside": "outer", "outward": "outer", "medial": "inner", "inside": "inner",
    "inward": "inner", "umbilicus": "navel", "umbilical": "navel", "brow": "eyebrow", "brows": "eyebrow",
    "cubital": "elbow", "popliteal": "kneeback", "temporal": "temple", "axilla": "armpit", "axillary": "armpit",
    "occipital": "occiput", "gluteal": "buttock", "inguinal": "groin", "shin": "tibia", "mandible": "jaw",
    "zygomatic": "cheekbone", "dip": "hollow", "dent": "hollow", "pinky": "littlefinger",
    "pinkie": "littlefinger", "forefinger": "indexfinger", "tummy": "belly", "fold": "crease", "folds": "crease",
    "constipated": "constipation", "poop": "stool", "pooping": "stool",
    "middle": "centre", "central": "centre", "center": "centre", "halfway": "midpoint", "midway": "midpoint",
    "ulnaris": "ulnar", "anterior": "front", "toenail": "toe nail", "toenails": "toe nail",
    "bigtoenail": "bigtoe nail", "elbowcrease": "elbow crease", "innermalleolus": "inner malleolus",
    "outermalleolus": "outer malleolus", "underarm": "armpit", "oxter": "armpit",
    "caudal": "below", "inferior": "below", "superior": "above", "cranial": "above",
}
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth")
# Lay phrases and anatomical terms of several words, each read as one word that both the
# location texts and people's words fold to: "belly button" and "umbilicus" are both the navel,
# "behind the knee" and "popliteal" both the back of the knee. Applied before single words.
_PHRASES = {
    "navel": ("belly button", "tummy button", "bellybutton"),
    "malleolus": ("ankle bone", "anklebone"),
    "patella": ("knee cap", "kneecap"),
    "tibia": ("shin bone", "shinbone"),
    "sternum": ("breast bone", "breastbone"),
    "clavicle": ("collar bone", "collarbone"),
    "coccyx": ("tail bone", "tailbone"),
    "earlobe": ("ear lobe", "lobe of the ear"),
    "kneeback": ("behind the knee", "behind my knee", "behind the knees", "back of the knee", "back of my knee",
                 "back of the knees", "knee crease", "knee pit", "hollow of the knee", "posterior aspect of the knee",
                 "posterior knee"),
    "vertex": ("top of the head", "top of my head", "crown of the head", "crown of my head"),
    "sole": ("bottom of the foot", "bottom of my foot", "sole of the foot", "underside of the foot"),
    "skullbase": ("base of the skull", "base of my skull", "bottom of the skull", "below the occipital bone",
                  "under the occipital bone", "inferior to the external occipital protuberance", "below the skull",
                  "under the skull", "just under the skull", "below the occiput"),
    "occiput": ("occipital bone",),
    "canthus": ("corner of the eye", "corner of my eye"),
    "hipbone": ("iliac crest", "iliac crests", "hip bone", "hip bones", "hipbones"),
    "bigtoe": ("big toe", "great toe", "first toe"),
    "bigtoenail": ("big toenail", "big toe nail", "nail of the big toe"),
    "littlefinger": ("little finger", "fifth finger"),
    "indexfinger": ("index finger", "pointer finger", "first finger"),
    "spine": ("posterior median line", "posterior midline", "spinous process", "spinous processes"),
    "jawangle": ("angle of the jaw", "angle of the mandible", "jaw angle"),
    "period": ("every month", "each month", "time of the month", "monthly"),
    "ulnar": ("little finger side", "little-finger side", "pinky side"),
    "radial": ("thumb side",),
    "knuckle": ("metacarpophalangeal joint", "metacarpophalangeal joints"),
    "xiphoid": ("xiphisternal junction", "xiphoid process", "bottom of the breastbone", "lower end of the breastbone",
                "tip of the breastbone", "bottom of the sternum"),
    "patellatop": ("base of the patella", "top of the kneecap", "upper edge of the kneecap",
                   "upper border of the patella", "top of the patella"),
    "patellabottom": ("apex of the patella", "bottom of the kneecap", "lower edge of the kneecap",
                      "lower border of the patella"),
    **{f"{letter}{n}": tuple(f"{ordinal} {kind} {bone}" for kind in kinds for bone in ("vertebra", "vertebrae", "bone"))
       for letter, kinds, count in (("c", ("cervical", "neck"), 7), ("t", ("thoracic",), 12), ("l", ("lumbar",), 5))
       for n, ordinal in enumerate(_ORDINALS[:count], start=1)},
    # The location texts' "depression" is a hollow; a person's "depression" is low mood.
    "hollow": ("in the depression", "the depression between", "a depression", "small depression",
               "depression between", "depression just"),
    "dorsal": ("back of the wrist", "back of my wrist", "back of the hand", "back of my hand", "top of the foot",
               "top of my foot", "dorsum"),
    "palmar": ("palm side of the wrist", "inside of the wrist", "inside of my wrist", "inner wrist"),
    # Lay names of landmarks (docs/research/place-phrases.tsv gives a page for each lay phrase).
    "snuffbox": ("anatomical snuffbox", "anatomic snuffbox", "poor mans snuffbox", "hollow at the base of the thumb"),
    "psis": ("posterior superior iliac spine", "posterior superior iliac spines", "dimples low on your back",
             "dimples low on the back", "back dimples", "back dimple", "dimples of venus", "venus dimples",
             "dimples of apollo", "butt dimples", "dimples above the buttocks", "lower back dimples"),
    "suprasternal": ("suprasternal fossa", "suprasternal notch", "jugular notch", "sternal notch",
                     "notch at the top of the breastbone", "dip at the top of the breastbone",
                     "hollow at the base of the throat", "hollow at the base of the neck",
                     "dip at the base of the neck"),
    "thenar": ("thenar eminence", "fleshy part at the base of the thumb", "fat part of the thumb",
               "thick part of the thumb", "ball of the thumb"),
    "trochanter": ("greater trochanter", "bony bump on the side of the hip", "bony knob on the side of the hip",
                   "bony prominence on the outer hip", "bump on the side of the hip"),
    "asis": ("anterior superior iliac spine", "front hip bone", "front of the hip bone"),
    "mastoid": ("mastoid process", "bone behind the ear", "bony bump behind the ear"),
    "occipitalbump": ("external occipital protuberance", "bump at the back of the head",
                      "bone sticking out of the back of the head", "occipital knob", "inion"),
    "adamsapple": ("adams apple", "laryngeal prominence", "thyroid eminence"),
    "bigtoejoint": ("first metatarsophalangeal joint", "big toe joint", "great toe joint", "bunion joint",
                    "joint at the base of the big toe"),
    "achilles": ("achilles tendon", "calcaneal tendon"),
    "olecranon": ("tip of the elbow", "point of the elbow"),
    "fibulahead": ("head of the fibula", "fibular head", "bony bump on the outer side just below the knee"),
    "smileline": ("nasolabial groove", "nasolabial fold", "smile lines", "smile line", "laugh lines", "laugh line"),
    "philtrum": ("groove in the upper lip", "groove above the upper lip"),
    "scapulatip": ("inferior angle of the scapula", "tip of the shoulder blade", "lower tip of the shoulder blade",
                   "lower corner of the shoulder blade", "bottom of the shoulder blade"),
    "acromion": ("point of the shoulder", "tip of the shoulder", "peak of the shoulder"),
    "elbowcrease": ("crook of the elbow", "crook of the arm", "elbow pit", "hollow of the elbow", "bend in the arm"),
    "innermalleolus": ("inner ankle bone", "inside ankle bone", "inner ankle", "inside ankle", "inside of the ankle",
                       "inner side of the ankle", "inner bulge of the ankle"),
    "outermalleolus": ("outer ankle bone", "outside ankle bone", "outer ankle", "outside ankle", "outside of the ankle",
                       "outer side of the ankle", "outer bulge of the ankle"),
}
# The seventh neck vertebra as people find it: the big bump at the base of the neck.
_PHRASES["c7"] += ("bump at the base of the neck", "big bump at the base of the neck",
                   "biggest bump at the base of the neck", "largest bump at the bottom of the neck",
                   "bony bump at the base of the neck", "vertebra prominens", "prominent vertebra")
# The fourth lumbar vertebra is level with the tops of the hip bones (the iliac crests).
_PHRASES["l4"] += ("top of the hip bones", "tops of the hip bones", "top of the hipbones", "tops of the hipbones",
                   "highest points of the two iliac crests", "highest points of the iliac crests",
                   "highest point of the iliac crest", "top edges of the hip bones")
_PHRASE_WORD = {phrase: word for word, phrases in _PHRASES.items() for phrase in phrases}
# The words above that are no English word, and how a result's reason shows them.
_SHOWN = {"kneeback": "back of the knee", "skullbase": "base of the skull", "hipbone": "hip bone",
          "bigtoe": "big toe", "littlefinger": "little finger", "indexfinger": "index finger",
          "jawangle": "angle of the jaw", "patellatop": "top of the kneecap", "patellabottom": "bottom of the kneecap",
          "psis": "back dimples", "occipitalbump": "bump at the back of the head", "adamsapple": "Adam's apple",
          "bigtoejoint": "big toe joint", "fibulahead": "head of the fibula", "smileline": "smile line",
          "scapulatip": "tip of the shoulder blade"}


def shown(word: str) -> str:
    """A token as a reason shows it: 'kneeback' as 'behind the knee', 'psis' as its anatomical name."""
    return _SHOWN.get(word, word)
_PHRASE_LENGTH = max(len(phrase.split()) for phrase in _PHRASE_WORD)
_PHRASE_FIRST = frozenset(phrase.split()[0] for phrase in _PHRASE_WORD)


def _phrases(words: list[str]) -> list[str]:
    """The words with each phrase of the table (longest first) replaced by its one word: a scan of
    word runs against a dict, which costs nothing to set up, unlike one large regular expression."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] not in _PHRASE_FIRST:
            out.append(words[i])
            i += 1
            continue
        for size in range(min(_PHRASE_LENGTH, len(words) - i), 0, -1):
            word = _PHRASE_WORD.get(" ".join(words[i:i + size]))
            if word is not None:
                out.append(word)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out
GENERIC_TOKENS = frozenset({"pain", "problem"})


def is_phrase(text: str) -> bool:
    """Whether a folded text is one of the table's phrases ('hip bone', 'back of the knee')."""
    return text in _PHRASE_WORD


def phrase_words() -> str:
    """Every word of the phrase table's lay phrases ("collar", "bone", "belly", "button"...)."""
    return " ".join(_PHRASE_WORD)


def rules_stamp() -> int:
    """A checksum of the word rules and the stemmer: stored indexes made with others are not used."""
    rules = (sorted(STOPWORDS), sorted(_TOKEN_SYNONYMS.items()), sorted(_PHRASE_WORD.items()), sorted(GENERIC_TOKENS),
             sorted(_NAME_SYNONYMS.items()), stem.__code__.co_consts)  # the stemmer's suffixes and lengths
    return zlib.crc32(repr(rules).encode() + stem.__code__.co_code)


def fold(text: str) -> str:
    """Lower-case, strip accents and tone marks (ǚ -> u), and turn punctuation into spaces."""
    if text.isascii():  # NFKD changes no ASCII text, and it has no combining marks
        return " ".join(_ASCII_NON_ALNUM.sub(" ", text.lower().replace("'", "")).split())
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    """`fold` for any text; `fold` itself takes a shortcut for ASCII."""
    combining, non_alnum, _ = _unicode_patterns()
    stripped = combining.sub("", unicodedata.normalize("NFKD", text))
    lowered = stripped.casefold().replace("'", "").replace("\u2019", "")
    return " ".join(non_alnum.sub(" ", lowered).split())


def name_key(text: str) -> str:
    """Key for exact name matching: folded, no spaces, no leading article.

    "The Sea of Vitality", "sea-of-vitality" and "Sea of vitality" share one key; so do
    "Wěi Zhōng" and "weizhong". Chinese characters are kept (NFC) and compared as written.
    """
    words = fold(text).split()
    if len(words) > 1 and words[0] in ("the", "a", "an"):
        words = words[1:]
    return "".join(words)


# One character of a point name is put into English in several ways (溪 a stream, ravine or creek;
# 香 a fragrance or perfume; 池 a pond or pool): a name's words are compared through these.
_NAME_SYNONYMS = {
    "ravine": "stream", "creek": "stream", "brook": "stream", "perfume": "fragrance", "scent": "fragrance",
    "pool": "pond", "hill": "mound", "gorge": "valley", "door": "gate", "fountain": "spring",
    "celestial": "heaven", "heavenly": "heaven", "big": "great", "grand": "great", "mansion": "palace",
    "residence": "palace", "hall": "palace", "crooked": "crook", "bend": "crook", "meeting": "convergence",
    "reunion": "convergence", "intersection": "crossing", "junction": "crossing",
}


def name_words(text: str) -> str:
    """Key for matching a name by its words in any order and translation: 'Wombs & Vitals' ~
    'Womb and Vitals', 'Back Ravine' ~ 'Back Stream'."""
    return " ".join(sorted({_NAME_SYNONYMS.get(word, word) for word in tokens(text)}))


_SOUNDS = (("oo", "u"), ("ee", "i"), ("ph", "f"), ("ck", "k"), ("ou", "u"))
_DOUBLED = re.compile(r"([a-z])\1+")


def sounds_like(key: str) -> str:
    """A rough spelling-by-ear key for typo matching: 'hegoo' ~ 'hegu', 'zusanly' ~ 'zusanli'."""
    for written, heard in _SOUNDS:
        key = key.replace(written, heard)
    key = _DOUBLED.sub(r"\1", key)
    return key[:-1] + "i" if key.endswith("y") else key


def pinyin_keys(pinyin: str) -> set[str]:
    """Keys for a pinyin name: ü may be typed as u or as v."""
    plain = name_key(pinyin)
    with_v = name_key(unicodedata.normalize("NFC", pinyin).replace("ü", "v").replace("ǖ", "v")
                      .replace("ǘ", "v").replace("ǚ", "v").replace("ǜ", "v"))
    return {plain, with_v}


def stem(word: str) -> str:
    """A deliberately light stemmer: 'webbing' -> 'web', 'ribs' -> 'rib', 'pressed' -> 'press',
    'allergies' -> 'allergy'."""
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]
            return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Content words of a text, stemmed, with the 'it hurts' family and plurals folded together."""
    out: list[str] = []
    folded = fold(text)
    for word in _phrases(folded.split() if folded.isascii() else _unicode_patterns()[2].findall(folded)):
        out.extend(_word_tokens(word))
    return out


@lru_cache(maxsize=8192)
def _word_tokens(word: str) -> tuple[str, ...]:
    """One folded word as tokens (none for a stopword); words repeat, so this is memoised."""
    if word in STOPWORDS:
        return ()
    return tuple(stem(w) for w in _TOKEN_SYNONYMS.get(word, word).split())


class CodeRef(NamedTuple):
    """A point code as parsed from user text, before anyone checks it exists."""

    meridian: str
    number: int

    @property
    def code(self) -> str:
        return format_code(self.meridian, self.number)


def format_code(meridian: str, number: int) -> str:
    """WHO form: 'BL-40' for channel points, 'EX-UE7' for extra points."""
    return f"{meridian}{number}" if meridian.startswith("EX-") else f"{meridian}-{number}"


def prefix_key(prefix: str) -> str:
    """Key for a meridian prefix: case, spaces and hyphens ignored ('Ex-Ue' == 'EXUE')."""
    return fold(prefix).replace(" ", "")


def parse_code(text: str, prefixes: dict[str, str]) -> CodeRef | None:
    """Parse 'BL40', 'ub-40', 'Bladder 40', 'Ren6', 'EX-UE-7' into a CodeRef.

    `prefixes` maps prefix keys (see `prefix_key`) to canonical meridian codes; it comes from
    the catalogue's meridian variants, so a new notation is a data change, not a code change.
    """
    folded = fold(text)
    match = _CODE.match(folded)
    if not match:
        return None
    meridian = prefixes.get(prefix_key(match["prefix"]))
    if meridian is None:
        return None
    return CodeRef(meridian, int(match["number"]))
