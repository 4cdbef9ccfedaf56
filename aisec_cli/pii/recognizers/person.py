"""Names of people, found from structure rather than a language model.

Evidence, strongest first: a key or column that holds a name (``name``, ``first_name``,
``Kunde:``), the position of a name in a message (chat speaker, e-mail header, greeting,
signature after a sign-off, reply attribution, self-introduction, "spoke to …"), a title
(``Mr``, ``Frau``, ``Mme``), and finally a known given name followed by a capitalised word.
A name found once is then found again everywhere else in the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from aisec_cli.core.regex import Alternation, Finder
from aisec_cli.pii.lexicons import (
    census_surnames,
    common_words,
    english_words,
    first_names,
    surname_like_given,
    surnames,
)
from aisec_cli.pii.model import Candidate
from aisec_cli.pii.recognizers.base import det
from aisec_cli.pii.structure import TextStructure, normalise_key
from aisec_cli.core.lazyre import LazyRegex

UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
LO = "a-zß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
# One capitalised name word: Anna, McDonald, O'Brien, Jean-Luc, Ní, D'Amico.
WORD = rf"(?:[{UP}]['’](?=[{UP}]))?[{UP}][{LO}]+(?:[{UP}][{LO}]+)?(?:[\-'’][{UP}{LO}][{LO}]+)*"
PARTICLE = (
    r"(?:van der|van den|van de|van 't|von der|von dem|de la|de las|de los|de l'|"
    r"van|von|vom|zu|zur|de|del|della|delle|degli|dello|der|den|di|da|dos|das|du|des|le|la|"
    r"ter|ten|te|y|i|e|bin|ibn|al|el|auch|St\.)"
)
NAME = rf"{WORD}(?:[ \u00a0](?:(?:{PARTICLE}|[{UP}][{LO}]{{0,2}}\.?)[ \u00a0])?{WORD}){{0,3}}"
_NAME_AT = LazyRegex(NAME)
_WORD_RE = LazyRegex(WORD)
_PARTICLE_RE = LazyRegex(PARTICLE)
_NAME_BEFORE = LazyRegex(rf"(?P<n>{NAME})\"?(?:[ \t]+<[^>\n]{{3,80}}>)?[ \t]*\Z")

_STOP = {
    w.casefold()
    for w in (
        "Customer Support Service Team Billing Account Accounts Admin Administrator System Support "
        "Sales Help Desk Helpdesk Office Manager Management Department Agent Bot Assistant User "
        "Unknown Anonymous None Null Test Example Demo Sample Staff Operator Security Info Hello "
        "Hi Dear Thanks Thank Regards Best Kind Ticket Order Invoice Payment Card Phone Email Mail "
        "Address Street Road City Country Company Ltd Inc GmbH Corp LLC AG SA SRL BV Bank Group "
        "Internal Note Template Reply Subject Date From To Re Fwd Fw Ref Saved Please Regarding "
        "Date Time Status Error Warning Debug Info Notice Critical Request Response Client Server "
        "Team Kunde Kundin Client Cliente Klant Monsieur Madame Herr Frau Signora Signor Señor Señora "
        "Dienst Service Abteilung Équipe Equipo Squadra Afdeling Klantenservice Kundenservice "
        "Kundendienst Servicio Assistenza Facturation Buchhaltung Fatturazione Facturación "
        "Staging Production Prod Dev Development Database Server Host Cluster Docs Documentation "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
        "July September October November December Montag Dienstag Mittwoch Donnerstag "
        "Freitag Samstag Sonntag Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Lunes Martes "
        "Miércoles Jueves Viernes Sábado Domingo Lunedì Martedì Mercoledì Giovedì Venerdì Sabato "
        "Maandag Dinsdag Woensdag Donderdag Vrijdag Zaterdag Zondag Everyone All Team Folks Guys "
        "Sir Madam Colleagues Kollegen Collègues Colegas Colleghi Collega Allemaal Tous Todos Tutti "
        "Alle Leute Mr Mrs Ms Dr Prof "
        # Function words of a title-cased label ("Chain Of Density", "Tips For Beginners").
        "Of For With The "
        # Words that end a company's name ("Wayne Enterprises", "Stark Industries").
        "Enterprise Enterprises Industries Solutions Consulting Ventures Studios Holdings Technologies "
        "Labs Partners Investments Insurance Associates Logistics Pharmaceuticals Networks Realty Properties "
        "Orchestra Band Choir Ensemble Quartet "
        "School Schools Elementary Academy University College Institute Building Tower Center Centre "
        "Hospital Clinic Cathedral Museum Library Foundation Racing Motors Airlines Stadium Arena "
        "Airport Railway Hotel Resort Club Says High World "
        # Words of software labels, products and placeholders ("Default Project", "Sign Up",
        # "Mobile Safari", "Image Generation Toolkit", "Git Mailing List", "Foo Bar").
        "Default New Project Toolkit Generation Image Start Sign Up Chatting Mobile Desktop Microsoft "
        "Google Chrome Safari Firefox Folder Workspace Search Advisor Authentication Attributes Custom "
        "Payments Refunds Gift Cards Detectors Meeting Scrum Booking Merchant Conversion Units Memory "
        "Stats Category Settings Plugin Plugins Integration Generator Mailing List Login Logout Dashboard "
        "Toolbar Sidebar Button Menu Dialog Upload Download Submit Cancel Delete Update Create Filter "
        "Preferences Notifications Analytics Metrics Pipeline Workflow Tutorial Quickstart Example Examples "
        "Tests Testing Benchmark Module Package Library Framework Foo Baz Qux "
        # A program or bot as a message's author ("Python Executor", "Code Interpreter").
        "Executor Interpreter Compiler "
        # A form's own labels and placeholders ("Full Name", "Your Name", "My Store", "Another
        # Author", "Some Body").
        "Name Names Store Shop Author Another Some Someone Somebody Anyone One Person"
    ).split()
}

_TITLES_LONG = (
    "Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Herr|Frau|Mme|Mlle|Señor|Señora|Doña|Signor|Signora|"
    "Mevrouw|Meneer|Madame|Monsieur"
)
_TITLES_DOTTED = "M|Hr|Fr|Sr|Sra|Srta|Sig|Sig\\.ra|Dott|Dott\\.ssa|Ing|Avv|Dhr|Mevr"
_TITLE = Finder(
    rf"(?<![\w'’])(?:(?:{_TITLES_LONG})\.?|(?:{_TITLES_DOTTED})\.)[ \u00a0]+(?P<n>{NAME})",
    rf"(?:{_TITLES_LONG}|{_TITLES_DOTTED})\.?[ \x{{a0}}]+\p{{Lu}}",
    shared=True,
)
_CHAT_SPEAKER = Finder(
    r"(?m)^[ \t]*(?:\[[^\]\n]{4,30}\]|\(?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?\)?)[ \t]*"
    r"(?:<(?P<a>[^>\n]{2,60})>|(?P<b>[^:\n]{2,60}?)[ \t]*:)",
    r"(?m:^[ \t]*(?:\[|\(?[0-9]{1,2}:[0-9]{2}))",
    shared=True,
)
_LINE_SPEAKER = Finder(
    rf"(?m)^[ \t]*(?P<n>{NAME})[ \t]*:[ \t]+\S",
    r"(?m:^[ \t>]*\p{Lu}\p{Ll}+[ \x{a0}])",  # ends before the next word: its start stays visible
    shared=True, family="line",
)
_TIMESTAMPED = Finder(
    rf"(?m)^[ \t>]*(?P<n>{NAME})[ \t]+\((?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|[A-Z][a-z]{{2}},)",
    r"(?m:^[ \t>]*\p{Lu}\p{Ll}+[ \x{a0}])",  # ends before the next word: its start stays visible
    shared=True, family="line",
)
_ANGLE_EMAIL = LazyRegex(r"<[^<>@\s]{1,64}@[^<>\s]{1,255}>")
_RE2_PARTICLES = "van|von|vom|zu|zur|de|del|della|delle|degli|dello|der|den|di|da|dos|das|du|des|le|la|ter|ten|te|y|i|e|bin|ibn|al|el|auch|l'|'t"
# Runs of two or more capitalised words (name particles allowed between them).
# A middle initial may stand between two of them ("Richard M. Nixon").
_CAPITALISED_RUN = Finder(
    LazyRegex(rf"{WORD}(?:[ \u00a0](?:(?:{PARTICLE})[ \u00a0]|[{UP}]\.[ \u00a0])?{WORD})+"),
    r"\p{Lu}[\p{Ll}'’][\p{L}'’\-]*(?:[ \x{a0}](?:(?:" + _RE2_PARTICLES + r")[ \x{a0}]|\p{Lu}\.[ \x{a0}]){0,2}"
    r"\p{Lu}[\p{Ll}'’][\p{L}'’\-]*)+",
)
_ROLE_SUFFIX = LazyRegex(r"[ \t]*[(\[][^()\[\]\n]{1,24}[)\]]\Z")
_MIDDLE_BEFORE = LazyRegex(rf"(?P<g>{WORD})[ \u00a0]\Z")
_INITIAL = LazyRegex(rf"[{UP}]\.")
_BARE_INITIAL = LazyRegex(rf"[{UP}]")
# Words after a run that make it the subject of a sentence about a person ("Dan May has …").
_PERSON_VERB = LazyRegex(
    r"[ \u00a0]+(?:has|had|is|was|will|would|said|says|wrote|writes|asked|told|called|lives|lived|works|worked|"
    r"signed|joined|left|replied|agreed|confirmed|thinks|thought|and his|and her)\b"
)
_NOT_PERSON_KEY = LazyRegex(
    r"company|org|firm|business|product|item|app|service|file|host|server|bucket|project|package|"
    r"model|repo|branch|table|db|database|queue|topic|class|func|method|module|field|column|event|"
    r"metric|tag|label|key|role|group|team|device|region|zone|cluster|node|image|container|pod|job|"
    r"task|step|template|plan|tier|city|country|street|state|brand|category|type|kind|domain|display_?type|"
    r"user_?name|username|login|handle|nick|screen|bank|store|shop|merchant|vendor|supplier|station|"
    r"venue|hotel|school|site|page|title|subject|path|url|uri|email|mail|phone|id$|_id|number|no$|"
    r"version|env|variable|var|param|header|cookie|font|color|colour|icon|theme|locale|lang|format|"
    r"channel|provider|platform|agent|browser|os$|network|wifi|ssid|printer|queue|pipeline|workflow|"
    r"policy|rule|scope|permission|namespace|schema|index|dataset|collection|document|folder|dir|style"
)


_NAME_KEY = LazyRegex(
    r"(?:first|last|full|given|family|sur|maiden|middle|display|contact|customer|holder|account_holder)_?name"
)
_PART_KEY = LazyRegex(
    r"first|last|given|family|sur|vorname|nachname|prenom|prénom|apellido|cognome|voornaam|achternaam"
)


@lru_cache(maxsize=4096)  # pure; a text repeats its few keys
def _not_a_person_key(key: str) -> bool:
    return _NOT_PERSON_KEY.search(key) is not None and not _NAME_KEY.search(key)


def _tokens(value: str) -> list[str]:
    return value.replace("\u00a0", " ").split()


def _is_particle(token: str) -> bool:
    return _PARTICLE_RE.fullmatch(token) is not None or _PARTICLE_RE.fullmatch(token.lower()) is not None


@lru_cache(maxsize=8192)  # pure; names repeat through a text (every line of a log)
def name_shaped(value: str, single_ok: bool, keyed: bool = False) -> bool:
    """``value`` could be a person's name: 1-6 capitalised words (particles allowed).

    ``keyed``: the value sits under a name key, so short lower-case words before the last
    capitalised one are taken as particles ("van der Laan", "de Vries").
    """
    tokens = _tokens(value)
    if keyed and len(tokens) > 1 and all(t.islower() and len(t) <= 4 and t.isalpha() for t in tokens[:-1]):
        if not all(_is_particle(t) for t in tokens[:-1]) and not tokens[-1][1:].islower():
            return False  # "test KlarnaSearch": a word and a class name, no particle and surname
        return _WORD_RE.fullmatch(tokens[-1]) is not None and tokens[-1].casefold() not in _STOP
    if not tokens or len(tokens) > 6:
        return False
    if len(tokens) == 1 and not single_ok:
        return False
    capitals = 0
    for index, token in enumerate(tokens):
        if _WORD_RE.fullmatch(token):
            if token.casefold() in _STOP:
                return False
            capitals += 1
        elif index not in (0, len(tokens) - 1) and (_is_particle(token) or (token.islower() and len(token) <= 4)):
            continue
        elif index not in (0, len(tokens) - 1) and (_INITIAL.fullmatch(token) or _BARE_INITIAL.fullmatch(token)):
            continue  # a middle initial, with or without its full stop ("John A Smith")
        elif index == 0 and _is_particle(token) and len(tokens) > 1:
            continue
        else:
            return False
    return capitals >= 1 and _WORD_RE.fullmatch(tokens[-1]) is not None


@lru_cache(maxsize=8192)  # pure (the lexicons are fixed for the process)
def _lexicon_backed(value: str) -> bool:
    tokens = [t for t in _tokens(value) if _WORD_RE.fullmatch(t)]
    if not tokens:
        return False
    names = first_names()
    families = surnames()
    common = common_words()
    first = tokens[0].casefold()
    if first in names:
        if first in common:
            return len(tokens) > 1 and tokens[-1].casefold() in families
        return True
    return len(tokens) > 1 and tokens[-1].casefold() in families and tokens[-1].casefold() not in common


@lru_cache(maxsize=8192)  # pure (the lexicons are fixed for the process); runs repeat
def _lexicon_candidate(
    run: str, names: frozenset[str], surname_like: frozenset[str]
) -> tuple[int, str, str, str, tuple[str, ...]] | None:
    """In a run of capitalised words, the name that starts at its first known given name:
    (offset in the run, the name, its first and last word folded, its words); ``None`` when
    the run holds none (what the text after the run says is weighed by :func:`_lexicon_pair`)."""
    tokens = run.replace("\u00a0", " ").split(" ")
    pos = 0
    for index, token in enumerate(tokens):
        at = pos
        pos += len(token) + 1
        first = token.casefold()
        if first not in names and first not in surname_like:
            continue
        if index and tokens[index - 1].casefold() in _PLACE_BEFORE:
            return None  # "San Francisco Bay Area", "Fort Worth": a place named for someone
        rest = tokens[index : index + 4]
        while len(rest) > 1 and not _WORD_RE.fullmatch(rest[-1]):
            rest = rest[:-1]
        if len(rest) < 2:
            return None
        value = " ".join(rest)
        if not name_shaped(value, single_ok=False):
            return None
        return at, value, first, rest[-1].casefold(), tuple(rest)
    return None


def _lexicon_pair(
    first: str, last: str, tokens: tuple[str, ...] | list[str], names: frozenset[str], common: frozenset[str],
    families: frozenset[str], surname_like: frozenset[str], text: str, end: int,
) -> bool:
    """A run that starts with a given name is a name when its last word is a known family name,
    or an unknown word; a word that is also a common word ("May") only with a verb after
    ("Dan May has …"); a given name that is also a word ("Will", "Grace") needs the family name."""
    middle = [t.casefold() for t in tokens[1:-1] if _WORD_RE.fullmatch(t)]
    if any(t in common and t not in names and t not in surname_like for t in middle):
        return False
    if last in families and (last not in common or last in surname_like or first not in common):
        return True  # "Michael Jordan": a plain given name and a known family name
    if first in common and first not in surname_like:
        # "Grace Marsh will join": a word-like given name needs the family name or a verb
        return last in families or (last not in common and _PERSON_VERB.match(text, end) is not None)
    if last in common and last not in surname_like and last not in names:
        return _PERSON_VERB.match(text, end) is not None  # "Dan May has …"
    return True


def _trim_trailing(value: str) -> str:
    return value.strip().strip("\"'`").strip().rstrip(",.;:")


# Words after a title that make a brand or a character, not a person ("Dr Pepper", "Mr Clean").
_TITLE_BRANDS = frozenset("pepper clean martens oetker scholl pibb muscle sheen freeze robot".split())

# Offices addressed with a title ("Mr. Speaker", "Mr Vice-President", "Madam Chair"): a role,
# not a name; a name after the office stays ("Mr. Justice Breyer" -> "Breyer").
_TITLE_ROLES = frozenset(
    "speaker president vice chairman chairwoman chair secretary minister ambassador mayor governor chancellor "
    "premier commissioner justice deputy".split()
)

# Words before a given name that make a place of it ("San Francisco", "Fort Worth", "Lake Louise").
_PLACE_BEFORE = frozenset("san santa santo são sao saint st. ste. fort port lake mount mt. cape".split())

_TITLE_WORDS = frozenset(
    "mr mrs ms miss mx dr prof sir dame herr frau hr fr mme mlle m sr sra srta señor señora doña sig "
    "signor signora dott ing avv dhr mevr mevrouw meneer madame monsieur".split()
)


# Words that open the unit line of an address, which a label run on into one line puts after a name.
_UNIT_WORDS = frozenset("suite apt apartment unit flat ste".split())


def _without_unit(value: str) -> str:
    """``value`` without a unit word run on after it ("Ada Lovelace Suite" -> "Ada Lovelace")."""
    head, _, last = value.rpartition(" ")
    return head if head and last.casefold() in _UNIT_WORDS else value


def _add(out: list[Candidate], start: int, value: str, confidence: float, recognizer: str) -> None:
    """Record a name, without leading titles or role words ("Frau", "Customer")."""
    kept = _name_part(value)
    if kept is not None:
        out.append(det("PERSON", start + kept[0], start + kept[1], confidence, recognizer))


@lru_cache(maxsize=8192)  # pure; dense text records the same few names on every line
def _name_part(value: str) -> tuple[int, int] | None:
    """Where the name lies in ``value`` once leading titles and role words are cut off
    (offsets into ``value``), or ``None`` when no name is left."""
    start = 0
    while value:
        head, _, rest = value.partition(" ")
        folded = head.rstrip(".").casefold()
        if rest and (folded in _TITLE_WORDS or folded in _STOP):
            start += len(head) + 1  # one blank counted (a second one would stay in the offset)
            value = rest.lstrip()
            continue
        break
    if not value:
        return None
    head = value.split(" ")[0]
    if _WORD_RE.fullmatch(head) or (" " in value and (head.islower() or _is_particle(head))):
        return start, start + len(value)
    return None


def _name_before(scan: TextStructure, lo: int, hi: int) -> tuple[int, str] | None:
    """The name ending right before ``hi`` (an optional ``<address>`` between), without
    leading words that are no part of it ("From", "Customer", "Frau")."""
    found = _NAME_BEFORE.search(scan.text, lo, hi)
    if found is None:
        return None
    start, value = found.start("n"), found.group("n")
    while value and not name_shaped(value, single_ok=False):
        head, _, rest = value.partition(" ")
        if not rest:
            return None
        start += len(head) + 1
        value = rest.lstrip()
    return (start, value) if value else None


# On the question's line only (an answer on another line is not read: see the tests).
_ANSWER_LABEL = LazyRegex(r"[ \t]*(?:User|Customer|Caller|Client|Human|Me|A):[ \t]+")


def _after_answer(text: str, end: int) -> bool:
    """More words follow the answer to a name question on its line: a sentence, not a name."""
    rest = text[end : text.find("\n", end) if "\n" in text[end:] else len(text)].strip(" \t")
    return bool(rest) and rest not in (".", "!") and not rest.startswith((",", ".", "!", "?"))


def _name_after(scan: TextStructure, pos: int) -> re.Match[str] | None:
    text = scan.text
    while pos < len(text) and text[pos] in " \u00a0\t":
        pos += 1
    return _NAME_AT.match(text, pos)


def _at_message_start(text: str, pos: int) -> bool:
    """``pos`` starts a line, a sentence, or the message after a "Speaker:" prefix."""
    before = text[max(0, pos - 3) : pos]
    stripped = before.rstrip(" \t>")
    return pos == 0 or not stripped or stripped.endswith(("\n", ":", ".", "!", "?"))


def _followed_by_cue(scan: TextStructure, end: int) -> bool:
    """A "the name came before" cue (telefoniert, gebeld …) right after ``end``."""
    for start, _ in scan.hits.between("PERSON.mention_after", end, end + 30):
        between = scan.text[end:start]
        if "\n" not in between and "." not in between and len(between.split()) <= 3:
            return True
    return False


# Keys that only configuration documents use (CI workflows, compose files, Kubernetes
# manifests, Ansible playbooks, pipelines).
_CONFIG_KEYS = frozenset(
    "runs-on uses run with steps jobs needs strategy matrix shell timeout-minutes concurrency permissions "
    "workflow_dispatch on apiVersion kind metadata spec template containers initContainers services image "
    "depends_on container_name entrypoint command args restart ports volumes hosts tasks become handlers roles "
    "pre_tasks post_tasks stages script before_script pool vmImage trigger workflows executors replicas "
    "selector".split()
)
# A YAML key at the start of a line or of a list item: its indentation, the dash, the key.
_YAML_KEY = LazyRegex(r"([ \t]*)(-[ \t]+)?([A-Za-z_][\w\-]*)[ \t]*:(?:[ \t]|$)")
# The key a configuration document names its own parts with (a job, a step, a container).
_OWN_NAME_KEYS = frozenset({"name", "display_name"})


def _names_a_config_part(text: str, pos: int) -> bool:
    """The ``name:`` key of the value at ``pos`` sits in a YAML mapping that a configuration
    document writes: a sibling key or one of the two keys above it is a workflow, compose,
    manifest or playbook key ("- name: Run Pytest" / "  run: pytest"; "containers:" /
    "- name: web"). Forty lines each way are looked at."""
    line_start = text.rfind("\n", 0, pos) + 1
    own = _YAML_KEY.match(text, line_start, pos)
    if own is None or own.group(3) not in _OWN_NAME_KEYS:
        return False
    depth = _depth(own)
    above = text[max(0, line_start - 4000) : line_start].split("\n")[:-1][-40:]
    parents = 0
    for line in reversed(above):
        key = _YAML_KEY.match(line)
        if key is None or _depth(key) > depth:
            continue
        if key.group(3) in _CONFIG_KEYS:
            return True  # a sibling, or a parent
        if _depth(key) < depth:
            parents += 1
            if parents == 2:
                break
            depth = _depth(key)
    line_end = text.find("\n", pos)
    below = text[line_end + 1 : line_end + 4001].split("\n")[:40] if line_end != -1 else []
    for line in below:
        key = _YAML_KEY.match(line)
        if key is None or _depth(key) > _depth(own):
            continue
        if _depth(key) < _depth(own) or key.group(2):
            break  # the mapping ended, or the next list item began
        if key.group(3) in _CONFIG_KEYS:
            return True
    return False


def _depth(key: re.Match[str]) -> int:
    """Where a YAML key's content starts: its indentation and a list item's dash."""
    return len(key.group(1)) + len(key.group(2) or "")


# Words of a key that say whose name it is; without one, ``name`` / ``display_name`` / ``s.name``
# names whatever the object around it is.
_WHOSE_NAME = LazyRegex(
    r"first|last|full|given|family|sur|maiden|middle|contact|customer|client|holder|user|author|owner|person|"
    r"patient|employee|sender|recipient|member|speaker|signer|applicant|guest|tenant|passenger|beneficiary|"
    r"assignee|reporter|requester|kunde|klant|vor|nach|pre|apellido|cognome|achter|voor"
)
# Keys beside a name that only things have: a model in a provider list, a Word style, a CI action
# or issue form, a UI step, an agent or tool.
_THING_KEYS = frozenset(
    "provider provider_id model model_id multi_modal max_tokens context_window context_length show_input input "
    "output inputs outputs instructions tools runs steps uses using description priority locked semi_hidden "
    "unhide_when_used q_format version icon endpoint labels assignees handoffs features".split()
)
_SIBLING_KEY = LazyRegex(r"(?<![\w.\-])[\"']?([A-Za-z_][\w.\-]*)[\"']?[ \t]*(?:=(?![=>])|:(?![:/]))")
# The call a keyword argument belongs to: "cl.Step(", "client.vector_stores.create(", "ModelInfo(".
_CALLEE_BEFORE = LazyRegex(r"([A-Za-z_][\w.]*)\([^()]*\Z")
_THING_CALLEES = frozenset(
    "step steps store stores model models tool tools agent agents task tasks project projects workflow pipeline "
    "chain node graph tab page button menu field column table index collection dataset bucket queue topic "
    "channel span trace metric logger thread assistant file folder job event action".split()
)


def _bare_name_key(key: str) -> bool:
    """``name``, ``display_name``, ``mso_style_name``: the key says a name but not whose."""
    if key != "name" and not key.endswith("_name"):
        return False
    return _WHOSE_NAME.search(key[: -len("name")]) is None


def _thing_callee(text: str, paren: int) -> bool:
    """The call whose ``(`` is at ``paren`` makes a step, store, model or tool."""
    callee = _CALLEE_BEFORE.search(text, max(0, paren - 120), paren + 1)
    if callee is None:
        return False
    return any(word in _THING_CALLEES for word in normalise_key(callee.group(1)).split("_"))


def _thing_list(text: str, bracket: int) -> bool:
    """The list opened at ``bracket`` sits under a key naming things ("products", "subtasks")
    and not people ("employees", "task_assignees")."""
    key = _LIST_KEY_BEFORE.search(text, max(0, bracket - 80), bracket)
    if key is None:
        return False
    name = normalise_key(key.group(1))
    return _PEOPLE_LISTS.search(name) is None and _THING_LISTS.search(name) is not None


def _names_a_thing(text: str, pos: int) -> bool:
    """The value at ``pos`` (under a bare name key) is the name of a thing: a keyword argument of
    a call that makes a step, store, model or tool (or a dict passed to one), an object in a list
    of things ("products": [{…}]), or a key beside it in the same object, call, tag or block
    that only things have (``provider``, ``show_input``, ``description``, ``Priority``, ``runs``)."""
    around = _enclosing(text, pos)
    if around is not None:
        lo, hi = around
        if text[lo] == "(" and _thing_callee(text, lo):
            return True
        if text[lo] == "{":
            before = text[max(0, lo - 120) : lo].rstrip()
            outer = before[-1:]
            if outer == "(" and _thing_callee(text, max(0, lo - 120) + len(before) - 1):
                return True  # LiteralStep.from_dict({"name": …})
            if outer in ("[", ","):
                enclosing = _enclosing(text, lo)
                if enclosing is not None and text[enclosing[0]] == "[" and _thing_list(text, enclosing[0]):
                    return True
        return _things_beside([match.group(1) for match in _SIBLING_KEY.finditer(text, lo + 1, hi)])
    # No brackets (YAML, statements): the keys of the lines around it at its own indentation.
    line_start = text.rfind("\n", 0, pos) + 1
    own = _YAML_KEY.match(text, line_start, pos)
    depth = _depth(own) if own is not None else len(_INDENT.match(text, line_start, pos).group(0))
    lines = text[max(0, line_start - 300) : line_start].split("\n")[:-1][-4:]
    line_end = text.find("\n", pos)
    if line_end != -1:
        lines += text[line_end + 1 : line_end + 301].split("\n")[:4]
    keys = []
    for line in lines:
        key = _YAML_KEY.match(line)
        if key is not None and _depth(key) == depth:
            keys.append(key.group(3))
        statement = _STATEMENT_KEY.match(line)
        if statement is not None and len(statement.group(1)) == depth:
            keys.append(statement.group(2))
    return _things_beside(keys)


_LIST_KEY_BEFORE = LazyRegex(r"[\"']?([A-Za-z_][\w\-]*)[\"']?[ \t]*[:=][ \t]*\Z")
# Keys of a list of things, and of a list of people (checked first).
_THING_LISTS = LazyRegex(
    r"product|task|step|tool|model|feature|industr|competitor|categor|project|service|section|chapter|"
    r"slide|component|module|package|dataset|document|file|event|course|lesson|ingredient|recipe|dish|"
    r"menu|skill|topic|function|action|resource|endpoint|command"
)
_PEOPLE_LISTS = LazyRegex(
    r"user|people|person|customer|client|employee|staff|member|author|contact|patient|student|attendee|"
    r"participant|speaker|guest|passenger|candidate|applicant|friend|famil|child|parent|owner|assignee|"
    r"reviewer|teacher|player|actor|character|team|founder|contributor|signator|recipient|sender"
)


def _thing_word(token: str) -> bool:
    """An abstract noun of a label ("Optimization", "Governance", "Hospitality"): an ending names
    rarely have, on a word long enough to spare those that do ("Clement", "Trinity", "Constance"),
    and no known name."""
    word = token.casefold()
    if word in first_names() or word in surnames():
        return False
    return (
        (len(word) >= 6 and word.endswith(("tion", "sion", "ness", "ism", "ogy", "ship")))
        or (len(word) >= 8 and word.endswith(("ment", "ity")))
        or (len(word) >= 10 and word.endswith(("ance", "ence")))
    )


def _thing_label(value: str) -> bool:
    """A label made with an abstract noun: "Back-end Optimization", "Data Governance"."""
    return any(_thing_word(part) for token in _tokens(value) for part in token.split("-"))


_INDENT = LazyRegex(r"[ \t]*")
_STATEMENT_KEY = LazyRegex(r"([ \t]*)([A-Za-z_][\w.]*)[ \t]*=(?!=)")


# Keys beside a name that only a person's record has: then it is a person whatever else is there.
_PERSON_SIBLING = LazyRegex(r"e_?mail|phone|mobile|birth|dob|gender|address|passport|ssn|^age$|^contact")


# Parts of keys only goods have: "retail_price_usd", "sku", "quantity".
_GOODS_KEY = LazyRegex(r"(?:^|_)(?:price|sku|quantity|stock|inventory|discount|msrp)(?:_|$)")


def _thing_key(raw: str) -> bool:
    key = normalise_key(raw)
    return key in _THING_KEYS or _GOODS_KEY.search(key) is not None or (key.count("_") == 1 and key.rsplit("_", 1)[-1] in ("input", "output", "features"))


def _things_beside(keys: list[str]) -> bool:
    """Some key is a thing's and none is a person's."""
    return any(_thing_key(key) for key in keys) and not any(_PERSON_SIBLING.search(normalise_key(key)) for key in keys)


def _enclosing(text: str, pos: int) -> tuple[int, int] | None:
    """The bracket, parenthesis or markup tag that ``pos`` sits in (400 characters each way at
    most): where it opens and where it closes."""
    depth = 0
    tag_possible = True
    index = pos - 1
    floor = max(0, pos - 400)
    opener = -1
    while index >= floor:
        char = text[index]
        if char in "})]":
            depth += 1
        elif char in "{([":
            if depth == 0:
                opener = index
                break
            depth -= 1
        elif char == ">" and text[index - 1 : index] not in ("=", "-"):
            tag_possible = False
        elif char == "<" and depth == 0 and tag_possible and text[index + 1 : index + 2].isalpha():
            opener = index
            break
        index -= 1
    if opener == -1:
        return None
    if text[opener] == "<":
        close = text.find(">", pos, pos + 400)
        return opener, close if close != -1 else min(len(text), pos + 300)
    depth = 0
    for index in range(pos, min(len(text), pos + 400)):
        char = text[index]
        if char in "{([":
            depth += 1
        elif char in "})]":
            if depth == 0:
                return opener, index
            depth -= 1
    return opener, min(len(text), pos + 300)


def find_person(scan: TextStructure) -> list[Candidate]:
    """Names in ``scan``; a text typed all in lower case is read with its name-like words
    capitalised (see :func:`capitalised_names`), offsets unchanged."""
    if scan.text.islower() and not scan.is_tabular:
        shadow = capitalised_names(scan.text)
        if shadow != scan.text:
            return _find_person(TextStructure(shadow, scan.config))
    return _find_person(scan)


_LOWER_WORD = LazyRegex(rf"[{LO}]+")
# Cues of a self-introduction or a relation after which the next words are a name, typed in
# lower case ("my name is borna jerković", "call me ana").
_LOWER_INTRO = LazyRegex(
    r"(?:\bmy name is|\bmy name's|\bname is|\bcall me|\bcalls me|\bi'm|\bi am|\bthis is|\bmaiden name is)[ \t]+\Z"
)


def capitalised_names(text: str) -> str:
    """``text`` (all lower case) with the words that read as names capitalised, every offset
    kept: a known given name that is no ordinary word, a Census family name (none is an English
    word), a word that is no English word beside one of those ("olga krylova"), the words after
    a self-introduction ("my name is borna jerković") and a lone initial between two of them
    ("emidio p lombardo"). The recognisers then read the text as they would if it had been
    typed with capitals."""
    given = first_names()
    common = common_words()
    census = census_surnames()
    english = english_words()
    words = list(_LOWER_WORD.finditer(text))
    if not words:
        return text
    kinds: list[int] = []  # 2: a name by the lexicons, 1: no English word, 0: neither
    for match in words:
        word = match.group()
        if len(word) < 2 or word in common or word in _STOP:
            kinds.append(0)
        elif (word in given and word not in common) or word in census:
            kinds.append(2)
        else:
            kinds.append(0 if word in english else 1)
    up = [False] * len(words)
    for index, match in enumerate(words):
        if kinds[index] == 2:
            up[index] = True
            continue
        if _LOWER_INTRO.search(text, max(0, match.start() - 20), match.start()) and kinds[index]:
            up[index] = True
    for index in range(len(words)):  # a foreign word beside a name: its other part
        if kinds[index] != 1 or up[index]:
            continue
        for other in (index - 2, index - 1, index + 1, index + 2):
            if 0 <= other < len(words) and up[other] and _adjacent(text, words, min(index, other), max(index, other)):
                up[index] = True
    chars = list(text)
    for index, match in enumerate(words):
        if up[index]:
            chars[match.start()] = chars[match.start()].upper()
    for index in range(1, len(words) - 1):  # "emidio p lombardo", "hyuuma t. maida"
        match = words[index]
        if len(match.group()) == 1 and up[index - 1] and up[index + 1]:
            chars[match.start()] = chars[match.start()].upper()
    shadow = "".join(chars)
    return shadow if len(shadow) == len(text) else text


_LOWER_GAP = LazyRegex(r"[ \u00a0](?:[a-z]\.?[ \u00a0])?")


def _adjacent(text: str, words: list[re.Match[str]], first: int, last: int) -> bool:
    """Words ``first`` and ``last`` stand next to each other: one blank between, or (two
    apart) a lone initial ("emidio p lombardo", "hyuuma t. maida")."""
    if last - first == 2 and len(words[first + 1].group()) != 1:
        return False
    gap = _LOWER_GAP.fullmatch(text, words[first].end(), words[last].start())
    return gap is not None


def _find_person(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    out: list[Candidate] = []
    labelled: set[tuple[int, int]] = set()  # found under a bare name key: its first word stays put
    things: set[str] = set()  # values under a bare name key that name a thing

    # 1. Keys and columns that hold a name.
    fields = scan.column_values("PERSON.keys") if scan.is_tabular else scan.field_values("PERSON.keys")
    for field in fields:
        key = field.key
        if _not_a_person_key(key):
            continue
        if key in _OWN_NAME_KEYS and scan.fmt in ("yaml", "text") and _names_a_config_part(text, field.start):
            continue  # "- name: Run Pytest" in a workflow (or a README showing one)
        raw = text[field.start : field.end]
        cut = raw.find("<")
        if cut > 0:
            raw = raw[:cut]
        value = _trim_trailing(raw)
        offset = text.find(value, field.start, field.end) if value else -1
        if offset == -1:
            continue
        # a name starts with a letter: "client_ip=81.2.3.4" is no name, and is not remembered as none
        if value[0].isalpha() and name_shaped(value, single_ok=True, keyed=True):
            if len(_tokens(value)) == 1 and not (_PART_KEY.search(key) or _lexicon_backed(value)):
                continue
            if _bare_name_key(key):
                if _names_a_thing(text, field.start) or _thing_label(value):
                    things.add(value)
                    continue  # "name": "Magistral Medium" beside "provider"; cl.Step(name="Tool Progress")
                if not scan.is_tabular:
                    labelled.add((offset, offset + len(value)))
            _add(out, offset, value, 0.9, "person-keyed")
    if things:  # a value named as a thing in one place is that thing under a name key elsewhere too
        out = [d for d in out if text[d.start : d.end] not in things]

    if scan.is_tabular:
        return _propagate(scan, out) if scan.config.propagate_names else out

    hits = scan.hits
    # 2. Positions in messages.
    if "\n" in text or text.lstrip().startswith(("[", "(")):
        for match in scan.find(_CHAT_SPEAKER):
            group = "a" if match.group("a") else "b"
            value = _ROLE_SUFFIX.sub("", _trim_trailing(match.group(group)))  # "Chloe (agent)"
            single_given = value.casefold() in first_names() or value.casefold() in surname_like_given()
            if name_shaped(value, single_ok=False) or (name_shaped(value, True) and (single_given or _lexicon_backed(value))):
                _add(out, match.start(group), value, 0.9, "person-chat")  # a speaker: "Victor" is a name here
    if "@" in text:
        for match in _ANGLE_EMAIL.finditer(text):
            line_start = scan.line_start(match.start())
            named = _name_before(scan, max(line_start, match.start() - 80), match.start())
            if named is not None:
                _add(out, named[0], named[1], 0.9, "person-email-header")
    for start, _ in hits.get("PERSON.reply"):
        line_start = scan.line_start(start)
        named = _name_before(scan, max(line_start, start - 120), start)
        if named is not None:
            _add(out, named[0], named[1], 0.9, "person-reply")
    if "(" in text:
        for match in scan.find(_TIMESTAMPED):
            value = match.group("n")
            if name_shaped(value, single_ok=False):
                _add(out, match.start("n"), value, 0.85, "person-timestamped")
    for start, end in hits.get("PERSON.greeting"):
        if not text[start].isupper() or not _at_message_start(text, start):
            continue
        match = _name_after(scan, end)
        if match is None or match.start() == end:
            continue
        value = match.group()
        after = text[match.end() : match.end() + 1]
        if after and after not in ",:!\n\r" and not (after == " " and text[match.end() + 1 : match.end() + 2] in ",:!"):
            continue
        if name_shaped(value, single_ok=True):
            _add(out, match.start(), value, 0.85, "person-greeting")
    for start, end in hits.get("PERSON.signoff"):
        if not _at_message_start(text, start):
            continue
        line_end = scan.line_end(end)
        if text[end:line_end].strip(" \t,.!\r"):
            continue  # the sign-off must be the whole line
        next_start = line_end + 1
        if next_start >= len(text):
            continue
        next_end = scan.line_end(next_start)
        line = text[next_start:next_end]
        value = _trim_trailing(line.lstrip(" \t>"))
        if value and name_shaped(value, single_ok=True) and (len(_tokens(value)) > 1 or _lexicon_backed(value)):
            _add(out, next_start + line.find(value), value, 0.9, "person-signature")
    for start, end in hits.get("PERSON.signoff"):  # "Thanks, Mehmet" on one line, the message's last
        if not _at_message_start(text, start) or text[end : end + 1] != ",":
            continue
        line_end = scan.line_end(end)
        value = _trim_trailing(text[end + 1 : line_end])
        if not value or text[line_end:].strip():
            continue
        if (name_shaped(value, single_ok=False) and _lexicon_backed(value)) or _single_given(value):
            _add(out, text.find(value, end, line_end), value, 0.85, "person-signature")
    for category, strong in (("PERSON.intro_strong", True), ("PERSON.intro", False)):
        for _, end in hits.get(category):
            asked = strong and text[end : end + 1] == "?"  # "What's your name? Ingvar Lodmundsson"
            pos = end + 1 if asked else end
            if asked:  # "… on the account? User: Eve Magrath": the answer's speaker label first
                label = _ANSWER_LABEL.match(text, pos)
                pos = label.end() if label is not None else pos
            match = _name_after(scan, pos)
            if match is None or match.start() == end:
                continue
            value = match.group()
            if asked and (not _plain_words(_tokens(value), common_words()) or _after_answer(text, match.end())):
                continue  # "What's your name? Please tell me": words, not a name
            if name_shaped(value, single_ok=True) and (strong or _lexicon_backed(value) or _foreign_name(value, common_words())):
                _add(out, match.start(), value, 0.9 if strong else 0.75, "person-intro")
    for category, weak in (("PERSON.mention", False), ("PERSON.mention_weak", True)):
        for cue_start, end in hits.get(category):
            match = _name_after(scan, end + 1 if text[end : end + 1] == ":" else end)  # "Directed By: …"
            if match is None or match.start() == end:
                continue
            value = match.group()
            if not name_shaped(value, single_ok=False):
                # "I spoke with Rafael yesterday": one known given name after a strong cue;
                # after a cue of several words ("escalated to Victor") even one that is a word
                phrase = " " in text[cue_start:end].strip()
                if weak or not _single_given(value, word_ok=phrase):
                    continue
            elif weak and not (
                _lexicon_backed(value) or _followed_by_cue(scan, match.end()) or _foreign_name(value, common_words())
            ):
                continue
            _add(out, match.start(), value, 0.75 if weak else 0.85, "person-mention")
    if "." in text or "Mr" in text or "Mrs" in text or "Ms" in text:
        for match in scan.find(_TITLE):
            value = match.group("n")
            if text[match.start() + 1 : match.start() + 2] == ".":
                before = _MIDDLE_BEFORE.search(text, max(0, match.start() - 40), match.start())
                if before is not None and before.group("g").casefold() in first_names():
                    continue  # "Richard M. Nixon": a middle initial, not "M." (Monsieur)
            if value.casefold() in _TITLE_BRANDS:
                continue  # "Dr Pepper", "Mr Clean": a brand, not a doctor
            start = match.start("n")
            while value and re.split(r"[ \u00a0\-]", value, maxsplit=1)[0].casefold() in _TITLE_ROLES:
                cut = re.search(r"[ \u00a0\-]", value)
                start, value = (start + cut.end(), value[cut.end() :]) if cut else (start, "")
            if not value:
                continue  # "Mr. Speaker", "Mr Vice President": an office
            value = _without_unit(value)  # "Mrs. Ada Lovelace Suite 541 …": a label's next line run on
            if name_shaped(value, single_ok=True):
                _add(out, start, value, 0.85, "person-title")
    if ":" in text:
        for match in scan.find(_LINE_SPEAKER):
            value = match.group("n")
            if name_shaped(value, single_ok=False) and _lexicon_backed(value):
                _add(out, match.start("n"), value, 0.8, "person-speaker")

    # 3. A known given name followed by capitalised words, anywhere.
    names = first_names()
    common = common_words()
    families = surnames()
    surname_like = surname_like_given()
    runs = list(scan.find(_CAPITALISED_RUN))
    for match in runs:
        plan = _lexicon_candidate(match.group(), names, surname_like)
        if plan is None:
            continue
        at, value, first, last, rest = plan
        start = match.start() + at
        # the Census family names too: "Julia Fitzgerald" (a given name that is also a word) is a
        # name by its family name
        if _lexicon_pair(first, last, rest, names, common, census_surnames(), surname_like, scan.text, start + len(value)):
            _add(out, start, value, 0.7, "person-lexicon")

    out.extend(_said_by(scan, runs, names, common, families))
    out.extend(_lone_given(scan))
    out.extend(_after_family_cue(scan, common))
    out.extend(_before_a_deed(scan, common))
    out.extend(_named_works(scan, common))
    out.extend(_called_to(scan, common))
    out.extend(_pair_subjects(scan, common))
    out.extend(_owners_and_receivers(scan, common))
    out.extend(_foreign_pairs(scan, runs, common))
    if ", " in text or "." in text or " " in text:
        shapes = list(scan.find(_INITIAL_OR_LIST))
        if shapes:
            out.extend(_with_initial(scan, [m for m in shapes if m.group("list") is None], names, common))
            out.extend(_name_lists(scan, [m for m in shapes if m.group("list") is not None], names, common))
    if "\n" in text:
        out.extend(_above_an_address(scan, runs, names, common))
    if '"' in text or "”" in text:
        out.extend(_quote_speaker(scan, common))
    out = _without_places(scan, out)
    out.extend(_coordinated(scan, out, common))
    models = _models_named(scan)
    if models:
        out = _without_models(text, out, models)
    found = _propagate(scan, out, labelled) if scan.config.propagate_names else out
    return _without_models(text, found, models) if models else found


# The word after a lone given name that makes it a person: a verb of a person, a possessive,
# a speaker's colon, a list going on ("Gregory, Natalie and …").
_LONE_AFTER = LazyRegex(
    r"(?:['’]s\b|:[ \t]|,[ \t]+(?:\p{Lu}|and\b|can\b|could\b|please\b|I\b)|[ \t]+and[ \t]+\p{Lu}|"
    r"[ \t]+(?:is|was|has|had|will|would|can|could|did|does|lives|lived|said|says|shouted|spent|began|told|asked|"
    r"replied|wrote|called|thinks|thought|likes|loves|wants|needs|agreed|always|never|just|also|went|came|got)\b)"
    .replace("\\p{Lu}", "[A-ZÀ-ÖØ-Þ]")
)
# The word before it: a preposition or verb that takes a person, a relation, a list going on.
_LONE_BEFORE = LazyRegex(
    r"(?:\b(?:to|at|with|by|and|me|him|her|kid|son|daughter|wife|husband|brother|sister|mother|father|friend|named|"
    r"called|is|was|ask|tell|told|met|meet|call|put|invite|thank|from|under|add|heard|given|ms\.?|mr\.?|mrs\.?|dear|hi|"
    r"hello|hey)|,)[ \t]+\Z",
    re.IGNORECASE,
)


_AFTER_FAMILY_CUE = LazyRegex(rf"[ \t]+(?P<n>{WORD})(?![\w])")
_SPEAKER_LINE = LazyRegex(rf"(?m)^[ \t>]*(?P<n>{WORD})[ \t]*:(?=[ \t]*\S)")


def _after_family_cue(scan: TextStructure, common: frozenset[str]) -> list[Candidate]:
    """One name after "my son", "maiden name is", "call me": known, or no English word."""
    text = scan.text
    out: list[Candidate] = []
    for _start, end in scan.hits.get("PERSON.family"):
        match = _AFTER_FAMILY_CUE.match(text, end)
        if match is None:
            continue
        folded = match.group("n").casefold()
        if folded in _STOP or folded in common or (folded not in first_names() and folded in english_words()):
            continue
        out.append(det("PERSON", match.start("n"), match.end("n"), 0.8, "person-family"))
    return out


_DEED_SUBJECT = LazyRegex(rf"(?:^|(?<=[.!?;:\"“(\n])[ \t]*|(?<=, ))(?P<n>{WORD})[ \t]+\Z")
# "lives in", "was born in": only before a place or a street line ("… lives in /etc" is a file's).
_PLACE_AFTER = LazyRegex(rf"[ \t]+(?:[0-9]|[{UP}])")


def _before_a_deed(scan: TextStructure, common: frozenset[str]) -> list[Candidate]:
    """One capitalised word that opens a sentence or clause as the subject of a verb only people
    do ("Mehrudin shouted at Todd", "Timotea lives on Via dei Fiorentini"): no English or ordinary
    word, no role ("Python shouted" is an error message's)."""
    text = scan.text
    out: list[Candidate] = []
    for start, end in scan.hits.get("PERSON.deed"):
        if text[end - 2 : end] in ("on", "in", "at") and not _PLACE_AFTER.match(text, end):
            continue
        subject = _DEED_SUBJECT.search(text, max(0, start - 40), start)
        if subject is None:
            continue
        if _unknown_word(subject.group("n"), common):
            out.append(det("PERSON", subject.start("n"), subject.end("n"), 0.7, "person-deed"))
    return out


# Prose recognisers whose names may also be a street's or a place's (named after a person).
_PLACE_PRONE = frozenset({"person-lexicon", "person-foreign", "person-lone", "person-list", "person-initial"})
_PLACE_BEFORE_RUN = LazyRegex(
    r"\b(?:grew up|lives|lived|living|born|located|based|situated|moved|relocated)[ \t]+(?:in|at|to|near)[ \t]+\Z"
)
# (a house number's full stop, "Csabai kapu 39.", ends no sentence)
_CORNER_BEFORE = LazyRegex(r"\bcorner of\b(?:[^\n.?!;]|(?<=\d)\.){0,60}\Z", re.IGNORECASE)
_HOUSE_NUMBER_BEFORE = LazyRegex(r"(?:^|\n)[ \t>]*\d{1,5}[ \t]+\Z")
_FIRM_LINE = LazyRegex(rf"[ \t>]*{WORD}(?:,[ \t]*{WORD}){{0,8}},?[ \t]+(?:and|&)[ \t]+{WORD}[ \t]*")


def _without_places(scan: TextStructure, found: list[Candidate]) -> list[Candidate]:
    """Names a prose cue found that are a street or a place: the corner of two streets ("the
    corner of Kuusiku 7 and Alexander Flat"), a town after "grew up in", the street of an
    address line after its house number ("5850 Jana Nerudy 894"), a firm's line ("Marshall,
    Hernandez and Simpson")."""
    text = scan.text
    kept: list[Candidate] = []
    for detection in found:
        start = detection[0]
        if start < 2 or text[start - 1] != " " or detection[5] not in _PLACE_PRONE:
            kept.append(detection)  # the usual case: a quote, a key or a line start before it
            continue
        before = text[start - 3 : start - 1]
        if before in ("in", "at", "to", "ar") and _PLACE_BEFORE_RUN.search(text, max(0, start - 24), start):
            continue
        if before[-1:].isdigit() and _HOUSE_NUMBER_BEFORE.search(text, max(0, start - 12), start):
            continue
        if text.find("orner of", max(0, start - 80), start) != -1:
            if _CORNER_BEFORE.search(text, max(scan.line_start(start), start - 80), start):
                continue
        kept.append(detection)
    return kept


def _firm_line(scan: TextStructure, start: int, end: int) -> bool:
    """The name at ``start`` opens a line that is a list of names and nothing else: a firm's
    name ("Marshall, Hernandez and Simpson")."""
    text = scan.text
    return text[end : end + 1] == "," and _FIRM_LINE.fullmatch(text, scan.line_start(start), scan.line_end(start)) is not None


def _unknown_word(word: str, common: frozenset[str]) -> bool:
    """A plainly capitalised word that is no English or ordinary word, role or model's name."""
    folded = word.casefold()
    if len(word) < 3 or folded in _STOP or folded in common or folded in english_words():
        return False
    return _PLAIN_CAPITAL.fullmatch(word) is not None and _MODEL_NAME_RE.fullmatch(word) is None


_WORK_OWNER = LazyRegex(rf"\b(?:[Aa]n?|[Tt]he)[ \t]+(?P<n>{WORD}(?:[ \u00a0](?:[{UP}]\.?[ \u00a0])?{WORD}){{0,2}})[ \t]+\Z")


def _named_works(scan: TextStructure, common: frozenset[str]) -> list[Candidate]:
    """The author or performer a work or a show is named after: "the Dickens novel", "a Zorvina
    Teplauk concert" (a family name, or words no dictionary knows)."""
    text = scan.text
    out: list[Candidate] = []
    for start, _ in scan.hits.get("PERSON.work"):
        owner = _WORK_OWNER.search(text, max(0, start - 60), start)
        if owner is None:
            continue
        value = owner.group("n")
        words = [t for t in _tokens(value) if _WORD_RE.fullmatch(t)]
        if len(words) == 1:
            folded = words[0].casefold()
            if not (_unknown_word(words[0], common) or (folded in census_surnames() and folded not in common)):
                continue
        elif not _foreign_name(value, common):
            continue
        out.append(det("PERSON", owner.start("n"), owner.end("n"), 0.7, "person-work"))
    return out


_CALLED_AT_START = LazyRegex(rf"(?:^|(?<=[.!?\n\"“]))[ \t]*(?P<n>{WORD}),[ \t]*\Z")


def _called_to(scan: TextStructure, common: frozenset[str]) -> list[Candidate]:
    """A name called at the start of a request: "Kuba, can I please speak to your boss?"."""
    text = scan.text
    out: list[Candidate] = []
    for start, _ in scan.hits.get("PERSON.request"):
        called = _CALLED_AT_START.search(text, max(0, start - 40), start)
        if called is not None and _unknown_word(called.group("n"), common):
            out.append(det("PERSON", called.start("n"), called.end("n"), 0.7, "person-called"))
    return out


_PAIR_SUBJECT = LazyRegex(rf"(?:^|(?<=[.!?\n])[ \t]+)(?P<a>{WORD})[ \t]+(?:and|&)[ \t]+(?P<b>{WORD})[ \t]+\Z")


def _pair_subjects(scan: TextStructure, common: frozenset[str]) -> list[Candidate]:
    """Two family names joined by "and" that open a sentence about them ("Torpy and Salinas
    were precision engineers"): each a known family name or no English word, one of them known."""
    text = scan.text
    out: list[Candidate] = []
    census = census_surnames()
    for start, _ in scan.hits.get("PERSON.pair"):
        pair = _PAIR_SUBJECT.search(text, max(0, start - 50), start)
        if pair is None:
            continue
        words = (pair.group("a"), pair.group("b"))
        folded = [w.casefold() for w in words]
        if any(f in _STOP or f in common for f in folded) or not any(f in census for f in folded):
            continue
        if all(f in census or _unknown_word(w, common) for w, f in zip(words, folded, strict=True)):
            out.extend(det("PERSON", pair.start(g), pair.end(g), 0.7, "person-pair") for g in ("a", "b"))
    return out


_OWNER = LazyRegex(rf"(?<![\w\-])(?P<n>{WORD})['’]s[ \t]+\Z")
_RECEIVER = LazyRegex(rf"[ \t]+(?P<n>{WORD})[ \t]+(?:his|her|their)\b")


def _personal_word(word: str, common: frozenset[str]) -> bool:
    """No English word (or a known given name that is no ordinary word): "Asya", "Belle"."""
    folded = word.casefold()
    return _unknown_word(word, common) or (folded in first_names() and folded not in common and folded not in _STOP)


def _owners_and_receivers(scan: TextStructure, common: frozenset[str]) -> list[Candidate]:
    """One name with a possessive before a relative or a contact detail ("Asya's kid", "Matej's
    phone number"), and the one a person gives something of theirs to ("had given Belle his
    address")."""
    text = scan.text
    out: list[Candidate] = []
    for start, _ in scan.hits.get("PERSON.kin"):
        if text[start - 3 : start] not in ("'s ", "’s "):
            continue  # the usual case: no possessive before the word
        owner = _OWNER.search(text, max(0, start - 40), start)
        if owner is not None and _personal_word(owner.group("n"), common):
            out.append(det("PERSON", owner.start("n"), owner.end("n"), 0.7, "person-owner"))
    for _, end in scan.hits.get("PERSON.giving"):
        receiver = _RECEIVER.match(text, end)
        if receiver is not None and _personal_word(receiver.group("n"), common):
            out.append(det("PERSON", receiver.start("n"), receiver.end("n"), 0.7, "person-receiver"))
    return out


def _dialogue_speakers(scan: TextStructure, common: frozenset[str]) -> list[Candidate]:
    """Every one-word speaker of a dialogue ("Gregory: …", "Oskarine: …") once two lines start
    with a speaker and one of them is a known given name: the others are names too unless they
    are English words or roles ("Note:", "Destiny:" stays unsure)."""
    text = scan.text
    found = [m for m in _SPEAKER_LINE.finditer(text)]
    if len(found) < 2:
        return []
    names = first_names()
    if not any(m.group("n").casefold() in names and m.group("n").casefold() not in common for m in found):
        return []
    out: list[Candidate] = []
    for match in found:
        folded = match.group("n").casefold()
        if folded in _STOP or folded in common:
            continue
        if folded in names or folded not in english_words():
            out.append(det("PERSON", match.start("n"), match.end("n"), 0.8, "person-dialogue"))
    return out


def _lone_given(scan: TextStructure) -> list[Candidate]:
    """A known given name standing alone ("Why is Gregory late?", "Ask Loretta to sign"), where
    the word before or after it is one a person takes: not a capitalised run (those are judged
    whole), not part of an identifier. A given name that opens a line as its speaker ("Gregory:")
    makes the text a dialogue: its other one-word speakers are looked for too."""
    text = scan.text
    out: list[Candidate] = []
    n = len(text)
    dialogue = False
    for start, end in scan.hits.get("PERSON.given"):
        after = text[end : end + 2]
        if after[:1] == " " and after[1:2].isupper():
            continue  # "Gregory Hale": a run, judged by the lexicon rules (the usual case: first)
        if after[:1] == ":" and not text[scan.line_start(start) : start].strip(" \t>"):
            dialogue = True
        if start and (text[start - 1].isalnum() or text[start - 1] in "_@.-/'’"):
            continue
        if end < n and (text[end].isalnum() or text[end] in "_@-/"):
            continue
        if _MODEL_NAME_RE.fullmatch(text, start, end) or text[start:end].casefold() in _PLACE_BEFORE:
            continue  # "Claude": the model, in the text of software built on it; "San …"
        # "… Tom Gregory" ends a run: only a word before it makes it a name of its own
        end_of_run = start >= 2 and text[start - 1] == " " and text[start - 2].isalpha() and _ends_capitalised(text, start - 1)
        if end_of_run or not _LONE_AFTER.match(text, end):
            if _LONE_BEFORE.search(text, max(scan.line_start(start), start - 12), start) is None:
                continue
        if _firm_line(scan, start, end):
            continue  # "Marshall, Hernandez and Simpson" on a line of its own
        out.append(det("PERSON", start, end, 0.7, "person-lone"))
    if dialogue:
        out.extend(_dialogue_speakers(scan, common_words()))
    return out


# Stricter cues for names no lexicon knows: a verb that takes a person, a possessive (a verb of
# saying is left to ``_said_by``, which wants a known name: "Goldman Sachs said").
_PAIR_BEFORE = LazyRegex(
    r"\b(?:to|by|under|add|called|named|met|told|ask|tell|thank|heard|kid|son|daughter|wife|husband|ms\.?|mr\.?|mrs\.?|"
    r"dear|hi|hello|hey|producer|director|player|singer|actor|actress|author|writer|artist|founder|colleague|neighbou?r|"
    r"features|featuring|starring)[ \t]+\Z",
    re.IGNORECASE,
)
_PAIR_AFTER = LazyRegex(
    r"(?:['’]s\b|[ \t]+(?:is|was|has|had|will|would|lives|lived|shouted|spent|began|"
    r"thinks|thought|likes|loves|wants|needs|agreed|went|came|from[ \t]+[A-Z]|of[ \t]+[A-Z]|"
    # a verb, then a possessive or object pronoun of a person ("… listed his top 20")
    r"[a-z]{3,}[ \t]+(?:his|her|him)\b)|"
    # a role in apposition ("…, the cinematographer, said")
    r",[ \t]+(?:the|a|an|our|their|its)[ \t]+(?:[Cc]o-?)?(?:[Pp]roducer|[Dd]irector|[Ss]inger|[Aa]ctor|[Aa]ctress|[Aa]uthor|"
    r"[Ww]riter|[Aa]rtist|[Ff]ounder|[Cc]omposer|[Ee]ditor|[Pp]hotographer|[Cc]inematographer|[Jj]ournalist|[Rr]eporter|"
    r"[Nn]ovelist|[Pp]oet|[Pp]ainter|[Dd]rummer|[Gg]uitarist|[Cc]hef|[Cc]oach|[Cc]aptain|[Pp]rofessor|CEO|CTO|CFO)\b)"
)
# How a role in apposition starts after a name ("…, the cinematographer, said").
_APPOSITION = (", the ", ", a ", ", an ", ", our ", ", their ", ", its ")
# A role written before a name like a title ("Producer Liviana Palerma explained …"): the run
# starts with it, and the words after it are judged as the name.
_ROLE_WORDS = frozenset(
    "producer director player singer actor actress author writer artist founder cofounder co-founder colleague "
    "neighbour neighbor composer conductor editor photographer cinematographer journalist reporter novelist "
    "poet painter drummer guitarist bassist pianist violinist chef coach captain detective inspector "
    "officer sergeant senator governor mayor professor dean ceo cto cfo chairman chairwoman".split()
)
_PLAIN_CAPITAL = LazyRegex(rf"[{UP}][{LO}]+(?:[\-'’][{UP}{LO}][{LO}]+)*")


def _foreign_pairs(scan: TextStructure, runs: list[re.Match[str]], common: frozenset[str]) -> list[Candidate]:
    """Two or three capitalised words, none of them an English word or a role ("Tomomi Nishiyama",
    "Ushurma Dratchev"), where the word before or after is one a person takes ("… lives at",
    "by …", "…'s")."""
    text = scan.text
    out: list[Candidate] = []
    for match in runs:
        start, end = match.span()
        value = match.group()
        # the cue first: most runs have none, and it is one look at the text around them
        space = value.find(" ")
        # "Producer Liviana Palerma", "ex-Zombie Lundberg" (a former member): the role goes
        role = space > 0 and (
            value[:space].casefold() in _ROLE_WORDS or (text[start - 1 : start] == "-" and text[start - 3 : start] == "ex-")
        )
        if role:
            start, value = start + space + 1, value[space + 1 :]
            if " " not in value:  # one word after the role: a family name, or no English word
                folded = value.casefold()
                if _unknown_word(value, common) or (folded in census_surnames() and folded not in common):
                    out.append(det("PERSON", start, end, 0.7, "person-foreign"))
                continue
        else:
            after = text[end : end + 2]
            if not (
                after[:1] in ("'", "’") or (after[:1] == " " and after[1:2].islower()) or text.startswith(_APPOSITION, end)
            ) and not (
                start >= 2 and text[start - 1] in (" ", "\t") and text[start - 2].islower()
            ):
                continue  # no lower-case word beside the run (and no possessive): no cue can be there
            if not _PAIR_AFTER.match(text, end) and _PAIR_BEFORE.search(text, max(scan.line_start(start), start - 16), start) is None:
                continue
        if not 2 <= len(_tokens(value)) <= 4 or not _foreign_name(value, common):
            continue  # "San Francisco"; "GitHub-associated Git": a place, a product's spelling
        out.append(det("PERSON", start, end, 0.7, "person-foreign"))
    return out


_LIST_ITEM = LazyRegex(WORD)


# A list of family names that is a firm's name: "the" before it, a capitalised word or another
# list after it.
_FIRM_BEFORE = LazyRegex(r"\b[Tt]he[ \t]+\Z")
_FIRM_AFTER = LazyRegex(rf"(?:[ \t]+|,[ \t]*)[{UP}]")


def _name_lists(scan: TextStructure, found: list[re.Match[str]], names: frozenset[str], common: frozenset[str]) -> list[Candidate]:
    """Every word of a list of single capitalised words when most are known given or family names
    and none is an English word, a role or a place-like word ("Python, Ruby and Julia" is no list
    of people)."""
    out: list[Candidate] = []
    text = scan.text
    for match in found:
        line_end = text.find("\n", match.end())
        alone = not text[scan.line_start(match.start()) : match.start()].strip(" \t>*-") and not text[
            match.end() : len(text) if line_end == -1 else line_end
        ].strip(" \t.,")
        if alone:
            continue  # "Marshall, Hernandez and Simpson" on a line of its own: a firm's name
        if _FIRM_BEFORE.search(text, max(0, match.start() - 5), match.start()) or _FIRM_AFTER.match(text, match.end()):
            continue  # "The Clark, Romero and Hall Orchestra", "… and Hoffman, Lucid and …": a firm's name
        items = [m for m in _LIST_ITEM.finditer(match.group()) if m.group() not in ("and",)]
        folded = [m.group().casefold() for m in items]
        if any(f in _STOP or f in common for f in folded):
            continue
        # a word may be one of the family names ("Brown", "Rogers"), not all of them ("Smith, Baker and Cook")
        worded = [f in english_words() for f in folded]
        if all(worded) or any(w and f not in census_surnames() for w, f in zip(worded, folded, strict=True)):
            continue
        known = sum(1 for f in folded if f in names or f in census_surnames())
        if known * 3 < len(folded) * 2:
            continue
        for item in items:
            out.append(det("PERSON", match.start() + item.start(), match.start() + item.end(), 0.7, "person-list"))
    return out


# The first lines of an address block: a house number and a street, a PO box, a unit.
# (A second number may come first: a building and its number, "4127 18 Clarke Avenue".)
_ADDRESS_LINE = LazyRegex(
    r"[ \t]*(?:>+|\?{3})?[ \t]*(?:\d{1,5}[ \t]+(?:\d{1,5}[ \t]+)?[^\W\d_]|P\.[ ]?O\.[ ]?Box|PO Box|PSC[ \t]+\d|Unit[ \t]+\d)"
)


def _above_an_address(
    scan: TextStructure, runs: list[re.Match[str]], names: frozenset[str], common: frozenset[str]
) -> list[Candidate]:
    """A name alone on its line at the head of an address block (a signature, a label): a run of
    two to four capitalised words, none an English word or a role, followed within three lines
    (a company's line may come between) by a house number and street or a PO box."""
    text = scan.text
    out: list[Candidate] = []
    for match in runs:
        start, end = match.span()
        after = text[end : end + 1]
        if after in (" ", "\t", ","):
            after = text[end + 1 : end + 2]
        if after not in ("\n", "\r"):
            continue  # the usual case: the run goes on in its sentence
        head = text[scan.line_start(start) : start]
        line_end = text.find("\n", end)
        if line_end == -1 or head.strip(" \t>?*-") or text[end:line_end].strip(" \t,"):
            continue
        words = [t for t in _tokens(match.group()) if _WORD_RE.fullmatch(t)]
        if not 2 <= len(words) <= 4:
            continue
        folded = [w.casefold() for w in words]
        if any(f in _STOP or f in common for f in folded) or _ORGANISATION.search(match.group()):
            continue
        if _address_below(text, line_end) and (folded[0] in names or not any(f in english_words() for f in folded)):
            out.append(det("PERSON", start, end, 0.75, "person-block"))
    return out


def _address_below(text: str, line_end: int) -> bool:
    """One of the three lines after ``line_end`` opens an address (a house number, a box)."""
    pos = line_end
    for _ in range(4):
        if pos >= len(text):
            return False
        nxt = text.find("\n", pos + 1)
        if _ADDRESS_LINE.match(text[pos + 1 : len(text) if nxt == -1 else nxt]):
            return True
        if nxt == -1:
            return False
        pos = nxt
    return False


# A speaker named after a quotation: '… direction," says Hartvigsson.'
_QUOTE_SAYS = LazyRegex(rf"[ \t]+(?P<n>{WORD}(?:[ \u00a0]{WORD}){{0,2}})(?=[ \t]*[.,;!?\n]|\Z)")


def _quote_speaker(scan: TextStructure, common: frozenset[str]) -> list[Candidate]:
    """The speaker after a quotation's verb of saying (a "mention" cue right after the closing quote)."""
    text = scan.text
    out: list[Candidate] = []
    for start, end in scan.hits.get("PERSON.mention"):
        if text[max(0, start - 3) : start].rstrip(" \t")[-1:] not in ('"', "”"):
            continue
        match = _QUOTE_SAYS.match(text, end)
        if match is None:
            continue
        folded = [w.casefold() for w in _tokens(match.group("n"))]
        if any(f in _STOP or f in common or f in english_words() for f in folded):
            continue
        out.append(det("PERSON", match.start("n"), match.end("n"), 0.75, "person-quoted"))
    return out


def _ends_capitalised(text: str, pos: int) -> bool:
    """The word that ends at ``pos`` is capitalised."""
    i = pos
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return i < pos and text[i].isupper()


# Two capitalised words around a middle initial ("Oskarine T. Vrbanek", "Vendela P Marcussen"),
# and lists of single capitalised words ("Morrison, Rogers and Torres"): one pass of their own
# with a prefilter of Latin capitals (in the shared pass, these Unicode shapes made the whole
# automaton twice as slow).
_PREFILTER_UP = "A-ZÀ-ÖØ-ÞŠŽČŘŁ"
_PREFILTER_LO = "a-zß-öø-ÿáéíóúščřžłńśćąęő"
_INITIAL_OR_LIST = Finder(
    rf"(?<![\w.\-])(?:(?P<g>{WORD})[ \u00a0](?P<i>[{UP}])(?P<dot>\.?)[ \u00a0](?P<f>{WORD})(?![\w])"
    rf"|(?P<list>(?:{WORD},[ \u00a0]){{1,8}}{WORD},?[ \u00a0](?:and|&)[ \u00a0]{WORD}(?![\w\-])))",
    rf"[{_PREFILTER_UP}][{_PREFILTER_LO}]+(?: [{_PREFILTER_UP}]\.? |, )[{_PREFILTER_UP}][{_PREFILTER_LO}]",
)


def _with_initial(
    scan: TextStructure, found: list[re.Match[str]], names: frozenset[str], common: frozenset[str]
) -> list[Candidate]:
    """A given word, a middle initial and a family word, neither side an English word: a name when
    one side is a known name, when the initial has its full stop, or when a person's cue stands
    beside it ("Tsvetelin K Dobrevski lives at …"); an "A" or "I" without full stop needs the cue."""
    text = scan.text
    out: list[Candidate] = []
    for match in found:
        given, family = match.group("g"), match.group("f")
        folded_g, folded_f = given.casefold(), family.casefold()
        if folded_g in _STOP or folded_f in _STOP or folded_g in common or folded_f in common:
            continue
        start, end = match.span()
        cue = _PAIR_AFTER.match(text, end) is not None or (
            _PAIR_BEFORE.search(text, max(scan.line_start(start), start - 16), start) is not None
        )
        if folded_g in english_words() or folded_f in english_words():
            # "Section B. Overview", "Plan A Review"; a known given name with a person's cue stays
            if not (cue and folded_g in names and folded_g not in english_words()):
                continue
        if match.group("i") in "AI" and not match.group("dot") and not cue:
            continue  # "… Dune I Think": a word, not an initial
        known = folded_g in names or folded_f in census_surnames()
        if known or match.group("dot") or cue:
            out.append(det("PERSON", start, end, 0.75, "person-initial"))
    return out


# Assistants and model families whose names are also given names ("Claude") or read like one.
_MODEL_NAMES = (
    "Claude|Gemini|Gemma|Llama|Mistral|Mixtral|Magistral|Pixtral|Devstral|Codestral|Ministral|Grok|Bard|Copilot|"
    "Qwen|Falcon|Vicuna|Alpaca"
)
# What follows a model's name when it names the model: a version, a tier, the product around it.
_MODEL_TAIL = (
    r"(?:[ \u00a0\-]?v?\d|\.ai\b|[ \u00a0]+(?:Instant|Sonnet|Opus|Haiku|Code|Desktop|Cowork|Python|SDK|API|AI|"
    r"Pro|Ultra|Flash|Nano|Large|Small|Medium|Nemo|Chat|[Mm]odels?|[Ff]amily|app|[Cc]onsole)\b)"
)
_MODEL_USE = LazyRegex(rf"\b(?P<m>{_MODEL_NAMES}){_MODEL_TAIL}|\b(?P<id>claude|gemini|llama|mistral)-(?:\d|instant|pro)")
_MODEL_AFTER = LazyRegex(_MODEL_TAIL)
_MODEL_NAME_RE = LazyRegex(rf"(?:{_MODEL_NAMES})\Z")


@lru_cache(maxsize=1)
def _model_needles() -> Alternation:
    """What a match of ``_MODEL_USE`` must contain (it is case-sensitive), as one RE2 pattern:
    one linear look over the text before the regex runs (built on first use)."""
    needles = (*_MODEL_NAMES.split("|"), "claude-", "gemini-", "llama-", "mistral-")
    return Alternation(["|".join(re.escape(n) for n in needles)], "model names")


def _models_named(scan: TextStructure) -> frozenset[str]:
    """The names the text uses for an AI model somewhere ("Claude 3.5 Sonnet", "the Claude API",
    "claude-3-opus"): there a bare "Claude" is the model too."""
    text = scan.text
    if next(_model_needles().finditer(scan.encoded), None) is None:
        return frozenset()
    named: set[str] = set()
    for match in _MODEL_USE.finditer(text):
        named.add((match.group("m") or match.group("id")).casefold())
    return frozenset(named)


def _without_models(text: str, found: list[Candidate], models: frozenset[str]) -> list[Candidate]:
    """Drop a model's name: the name alone where the text names that model elsewhere, and a
    run that starts with it and goes on as a model does ("Claude Instant", "Claude Code")."""
    kept: list[Candidate] = []
    for detection in found:
        value = text[detection.start : detection.end]
        head = value.split(" ", 1)[0]
        if head.casefold() in models and _MODEL_NAME_RE.fullmatch(head):
            if " " not in value or _MODEL_AFTER.match(text, detection.start + len(head)):
                continue
        kept.append(detection)
    return kept


def _single_given(value: str, word_ok: bool = False) -> bool:
    """One word that is a known given name and not an ordinary word ("Rafael", not "Will"
    unless ``word_ok``)."""
    folded = value.casefold()
    if _WORD_RE.fullmatch(value) is None or folded in _STOP:
        return False
    return (folded in first_names() or folded in surname_like_given()) and (word_ok or folded not in common_words())


def _plain_words(tokens: list[str], common: frozenset[str]) -> bool:
    """Every capitalised word is neither an ordinary word nor a role/organisation word."""
    words = [t.casefold() for t in tokens if _WORD_RE.fullmatch(t)]
    return bool(words) and all(w not in common and w not in _STOP for w in words)


_SAID = LazyRegex(
    r"[ \u00a0]+(?:said|says|told|asked|replied|explained|added|wrote|recalled|insisted|admitted|"
    r"whispered|shouted|laughed|smiled|nodded|sighed)\b"
)
_ORGANISATION = LazyRegex(
    r"\b(?:Inc|Corp|Corporation|Ltd|LLC|GmbH|Group|Bank|Partners|Capital|Holdings|Systems|Labs|"
    r"Technologies|Software|Research|News|Times|Post|Journal|Press|Agency|Ministry|Council|Court|"
    r"Committee|Commission|Department|Police|Army|Party|Union|Association|Society|Institute|University)\b"
)


def _said_by(
    scan: TextStructure, runs: list[re.Match[str]], names: frozenset[str], common: frozenset[str], families: frozenset[str]
) -> list[Candidate]:
    """Two or three capitalised words that start a sentence or clause and are followed by a
    verb of saying: "Wen Zhao said the build is green", "…, Siobhan Kearney replied"."""
    text = scan.text
    out: list[Candidate] = []
    for match in runs:
        if text[match.end() : match.end() + 1] not in _BLANKS:
            continue  # no verb of saying can follow (it starts with a blank): the usual case
        tokens = _tokens(match.group())
        if not 2 <= len(tokens) <= 3 or _SAID.match(text, match.end()) is None:
            continue
        if tokens[0].casefold() in _ROLE_WORDS:
            continue  # "Producer Okafor explained": a role and a name (see _foreign_pairs)
        before = text[max(0, match.start() - 2) : match.start()].rstrip(" \t\"“")
        if before and not before.endswith((".", ",", ":", ";", "!", "?", "\n")):
            continue  # a clause of its own: "the Flask Blueprint said" is no person
        value = match.group()
        if not name_shaped(value, single_ok=False) or not _plain_words(tokens, common):
            continue
        if _ORGANISATION.search(value) or not _one_part_known(tokens, names, families):
            continue
        out.append(det("PERSON", match.start(), match.end(), 0.7, "person-said"))
    return out


# What ``_SAID`` and ``_AND`` start with (a cheap look before the pattern); "" is no blank.
_BLANKS = frozenset(" \u00a0")
_AND_STARTS = frozenset(", \u00a0")
_AND = LazyRegex(r"[ \u00a0]*(?:,[ \u00a0]*(?:and[ \u00a0]+)?|[ \u00a0]+(?:and|&|und|et|y|e|en)[ \u00a0]+)")
_AND_BEFORE = LazyRegex(r"(?:,[ \u00a0]*(?:and[ \u00a0]+)?|[ \u00a0]+(?:and|&|und|et|y|e|en)[ \u00a0]+)\Z")


def _coordinated(scan: TextStructure, found: list[Candidate], common: frozenset[str]) -> list[Candidate]:
    """A full name joined by "and" (or a comma) to a name already found: "Olusegun Adeyemi and
    Priya Raman will present"."""
    text = scan.text
    out: list[Candidate] = []
    taken = {(d.start, d.end) for d in found}
    several: dict[str, bool] = {}  # per value: a name of several words (dense text repeats a few)
    for detection in found:
        if detection.entity != "PERSON":
            continue
        value = text[detection.start : detection.end]
        words = several.get(value)
        if words is None:
            words = several[value] = len(_tokens(value)) >= 2
        if not words:
            continue
        joint = _AND.match(text, detection.end) if text[detection.end : detection.end + 1] in _AND_STARTS else None
        if joint is not None:
            after = _NAME_AT.match(text, joint.end())
            if after is not None and _full_plain_name(after.group(), common) and after.span() not in taken:
                out.append(det("PERSON", after.start(), after.end(), 0.7, "person-coordinated"))
        tail = text[max(0, detection.start - 6) : detection.start]
        if "," not in tail and " " not in tail:
            continue
        joint_before = _AND_BEFORE.search(text, detection.start - len(tail), detection.start)
        if joint_before is not None:
            lo = max(scan.line_start(detection.start), detection.start - 60)
            named = _name_before(scan, lo, joint_before.start())
            if named is not None and _full_plain_name(named[1], common):
                span = (named[0], named[0] + len(named[1]))
                if span not in taken:
                    out.append(det("PERSON", span[0], span[1], 0.7, "person-coordinated"))
    return out


def _foreign_name(value: str, common: frozenset[str]) -> bool:
    """Two to four plainly capitalised words, none an English or ordinary word, a role or an
    organisation's word ("Zorvina Teplauk"): a name no lexicon knows, once a cue stands beside it."""
    words = [t for t in _tokens(value) if _WORD_RE.fullmatch(t)]
    if not 2 <= len(words) <= 4 or _ORGANISATION.search(value) or _MODEL_NAME_RE.fullmatch(words[0]):
        return False
    if words[0].casefold() in _PLACE_BEFORE:
        return False
    return all(
        _PLAIN_CAPITAL.fullmatch(w) and w.casefold() not in _STOP and w.casefold() not in common and w.casefold() not in english_words()
        for w in words
    )


def _full_plain_name(value: str, common: frozenset[str]) -> bool:
    tokens = _tokens(value)
    if not (2 <= len(tokens) <= 4 and name_shaped(value, single_ok=False) and _plain_words(tokens, common)):
        return False
    return _one_part_known(tokens, first_names(), surnames()) and not _ORGANISATION.search(value)


def _one_part_known(tokens: list[str], names: frozenset[str], families: frozenset[str]) -> bool:
    """The first word is a known given name or the last a known family name."""
    return tokens[0].casefold() in names or tokens[-1].casefold() in families


def _first_word(
    value: str, common: frozenset[str], given: frozenset[str], surname_like: frozenset[str]
) -> tuple[str, bool] | None:
    """The first word of a name of several words when it may be looked for alone, and whether
    it may be so whatever key the name was under (a known given name); ``None`` when never."""
    first = _tokens(value)[0]
    folded = first.casefold()
    if not (_WORD_RE.fullmatch(first) and len(first) >= 3 and folded not in common):
        return None
    return first, folded in given or folded in surname_like


# Above this many distinct full names in one text (a record dump, a log), family names are not
# looked for alone: prose that repeats one ("… starring Borkowski") names a few people.
_FAMILY_NAMES_CAP = 64


def _last_word(value: str, common: frozenset[str]) -> str | None:
    """The family name of a full name when it may be looked for alone ("… and starring
    Borkowski"): no ordinary or English word ("Key", "Brown"), no given name."""
    last = value[max(value.rfind(" "), value.rfind("\u00a0")) + 1 :]  # cheap looks first: one call per name
    if len(last) < 3 or not last[0].isupper():
        return None
    folded = last.casefold()
    if folded in common or folded in _STOP or folded in english_words() or folded in first_names():
        return None
    return last if _WORD_RE.fullmatch(last) else None


# One-word names found again elsewhere in the text: by their place in a message or under a key,
# and by a prose cue that takes only a word no dictionary knows (or a known given name).
_SINGLE_FOUND_AGAIN = frozenset(
    {"person-greeting", "person-intro", "person-keyed", "person-deed", "person-called", "person-owner", "person-receiver",
     "person-pair", "person-work", "person-family"}
)


def _propagate(
    scan: TextStructure, found: list[Candidate], labelled: set[tuple[int, int]] | None = None
) -> list[Candidate]:
    """Find every other occurrence of the names already found, and of their given names: the
    first word of a name found by its place in a message or under a key that says whose name
    it is ("Author:", "From:"), or a known given name; not the first word of a label under a
    bare ``name`` key ("Table" of "Table Grid", "Income" of "Income Verification")."""
    if not found:
        return found
    text = scan.text
    labelled = labelled or set()
    common = common_words()
    given = first_names()
    surname_like = surname_like_given()
    full: set[str] = set()
    single: set[str] = set()
    families: list[str] = []  # full names whose family name may be looked for alone
    # per full name: its first word when that may be looked for alone, and whether under any key
    first_words: dict[str, tuple[str, bool] | None] = {}
    for detection in found:
        value = text[detection.start : detection.end]
        if value in full:  # seen before (dense text repeats a few names): judged then
            first = first_words[value]
        elif len(_tokens(value)) > 1:
            full.add(value)
            first = first_words[value] = _first_word(value, common, given, surname_like)
            if (detection.start, detection.end) not in labelled:
                families.append(value)
        else:
            first = None
            if detection.recognizer in _SINGLE_FOUND_AGAIN and len(value) >= 3:
                if value.casefold() not in common:
                    single.add(value)
        if first is not None and (first[1] or (detection.start, detection.end) not in labelled):
            single.add(first[0])
    if len(full) <= _FAMILY_NAMES_CAP:  # a record dump names thousands: its family names do not recur alone
        single.update(last for last in (_last_word(value, common) for value in families) if last is not None)
    needles = sorted(full | single, key=len, reverse=True)
    if not needles:
        return found
    taken = {(d.start, d.end) for d in found}
    extra: list[Candidate] = []
    n = len(text)
    for start, end in _occurrences(scan, needles):
        if (start, end) in taken:
            continue
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_@."):
            continue
        if end < n and (text[end].isalnum() or text[end] in "_@"):
            continue
        if scan.is_tabular:
            cell = scan.cell_bounds(start)
            if cell is None or not re.search(r"name|nom|nombre|nome|naam|customer|contact", scan.column_at(start)):
                if cell is None or (cell[0], cell[1]) != (start, end):
                    continue
        value = text[start:end]
        confidence = 0.8 if value in full else 0.7
        extra.append(det("PERSON", start, end, confidence, "person-repeat"))
    return found + extra


_WORD_RUN = LazyRegex(r"\w+")
# Up to this many names, one RE2 union of them all: its DFA stays within 8 MB (at 2,000 it
# no longer does: 4 s a megabyte instead of 0.05).
_NAMES_IN_ONE_PASS = 1024


@lru_cache(maxsize=1)
def _capitalised_words() -> Alternation:
    """Where a name may start again: a word that opens with a capital (RE2 finds them, the
    rest is read in Python)."""
    return Alternation([r"\p{Lu}[\p{L}\p{M}\p{N}_]*"], "capitalised words")


def _occurrences(scan: TextStructure, needles: list[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of the ``needles`` (longest first) in the text, left to right and not
    overlapping. A few hundred go into one RE2 union; more (a log naming a different person
    on every line) would outgrow its DFA, and RE2's slow matcher took tens of seconds a
    megabyte: they are looked up by their first word where a word starts, so the cost grows
    with the text, not with the number of names."""
    text = scan.text
    if len(needles) <= _NAMES_IN_ONE_PASS:
        union = Alternation(["|".join(re.escape(n) for n in needles)], "repeated names", max_mem=8 << 20)
        for _, start, end in union.finditer(scan.encoded):
            yield start, end
        return
    by_word: dict[str, list[str]] = {}
    for needle in needles:
        head = _WORD_RUN.match(needle)
        if head is not None:
            by_word.setdefault(head.group(), []).append(needle)
    starts: Iterable[int]
    if all(needle[:1].isupper() and needle[:1].isalpha() for needle in needles):
        starts = (start for _, start, _ in _capitalised_words().finditer(scan.encoded))
    else:  # a name written in small letters: every word may start one
        starts = (word.start() for word in _WORD_RUN.finditer(text))
    resume = 0
    word_at = _WORD_RUN.match
    for start in starts:
        if start < resume:
            continue
        word = word_at(text, start)
        if word is None:
            continue
        for needle in by_word.get(word.group(), ()):
            if text.startswith(needle, start):
                resume = start + len(needle)
                yield start, resume
                break
