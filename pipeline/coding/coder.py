"""Article -> coded Events: the ``Coder`` the stream workers and the CLI call.

One spaCy pipeline per process. Per batch of articles: rule-split sentences, keep the
candidates (relevance.py), parse them with ``nlp.pipe``, then for every trigger the
pattern dictionary marked: roles from the parse, actors, claims and modality, codes in
the three schemes, place/date/counts. An article that fails anywhere becomes a
``Rejected`` (stage ``extract``); it never raises.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.coding.actor_lookup import ActorLookup, act_doers, is_crowd, names_more_closely
from pipeline.coding.attribute_rules import compile_attribute_ruler
from pipeline.coding.claims import Modality, modality, phrase_text
from pipeline.coding.codebooks import Codebook, load_codebook
from pipeline.coding.components import TRIGGERS_KEY, TriggerMarker
from pipeline.coding.enrich import Enricher, Enrichment
from pipeline.coding.event_rules import (
    armed_with,
    background,
    blames,
    chronicle_entry,
    clause_depth,
    confidence,
    controlled_detonation,
    covered_keys,
    dated_history,
    dated_long_ago,
    drop_borrowed_country,
    drop_unclaimed_repeats,
    drop_untargeted_repeats,
    in_background_clause,
    into_the_air,
    named_in_the_past,
    names_a_year,
    only_carries,
    own_act,
    plural_antecedents,
    riot_code,
    same_event_keys,
    sports_result,
    standing_toll,
    trigger_text,
)
from pipeline.coding.intent import derive, load_intent_table, states_intent_itself
from pipeline.coding.lemmas import cache_lemmatizer
from pipeline.coding.nlp import load_model
from pipeline.coding.patterns import (
    FORCE_ROOTS,
    Pattern,
    PatternSet,
    complements,
    is_passive,
    load_patterns,
    prep_objects,
)
from pipeline.coding.relevance import Selection, candidate_doc, select, split_sentences
from pipeline.coding.roles import Roles, condition_subjects, roles_for
from pipeline.errors import Rejected
from pipeline.ids import deterministic_id
from pipeline.models import Actor, Article, Event
from pipeline.settings import NlpSettings

log = logging.getLogger(__name__)

# Where an act naming no target happened says whose state it is aimed at: a protest's
# place (14), and that of aid (07), yielding (08), diplomatic cooperation (05) and an
# inquiry (09). Not a meeting's (04: "met in Geneva") or an attack's (18-20: the place
# hit is no party).
_PROTEST_PLACE_PREPS = frozenset({"in", "outside"})
_PLACE_TARGET_ROOTS = frozenset({"05", "07", "08", "09"})
_ACT_PLACE_PREPS = frozenset({"in", "to", "into", "inside"})
# When the place is a town, the event's resolved place gives the state, for acts done
# to a place's people: protests (14), aid (07), inquiry (09), a curfew, martial law or a
# ban threatened or imposed (132, 172), a blockade (191); and forces put on alert or
# deployed (15) only in another state's land ("on alert in the West Bank"). Not
# diplomatic cooperation (05: "signed the accord in Oslo" is not aimed at Norway) nor
# yielding (08: a withdrawal "from Bosnia" announced in Paris is not France's).
_HELD_ON_PLACE_ROOTS = frozenset({"07", "09", "14"})
_HELD_ON_PLACE_BASES = frozenset({"132", "172", "191"})
_POSTURE_ROOT = "15"
# Police or military alert, patrols and mobilisation (151-154): aimed at no one at home.
_ALERT_BASES = frozenset({"151", "152", "153", "154"})
# Doers who act in their own country: police and courts.
_HOME_SECTORS = frozenset({"COP", "JUD"})
# What a protest's purpose clause may be: a demand (10), disapproval (11) or a protest
# (14: "marched to protest against X", the same protest told again).
_PURPOSE_ROOTS = frozenset({"10", "11", "14"})

# Accident cues that as verbs are assaults ("stormed the compound", "guns blazing").
_ASSAULT_VERBS = frozenset({"storm", "blaze"})

EXTRACTOR_VERSION = "ww-0.3.15"
# A running toll of an episode of fighting this large is a total, not the day's news.
_STANDING_TOLL = 1000
_MAX_PER_ROLE = 3
# Plain saying verbs that make a report of violence an accusation; monitors' "reported"
# or "confirmed" stays a report.
_SAYING = frozenset({"say", "tell", "state", "declare"})
# Speech verbs by which a speaker owns an act it reports ("claimed it had bombed").
_OWNING = frozenset({"claim", "admit", "acknowledge", "confirm"})


@dataclass(frozen=True)
class Coding:
    """What an event is coded as: from its pattern, or derived (intent, threat, ...)."""

    code: str
    mode: str | None
    tags: tuple[str, ...]
    rule: str


@dataclass(frozen=True)
class CodingResult:
    """The events of one article and the sentences left unparsed, with reason codes."""

    events: tuple[Event, ...]
    skipped: tuple[tuple[int, str], ...]
    sentences: int


class Coder:
    """Codes articles into events; build once per process with ``from_settings``."""

    def __init__(
        self,
        nlp: Language,
        settings: NlpSettings,
        patterns: PatternSet,
        codebook: Codebook,
        actors: ActorLookup,
        enricher: Enricher,
    ) -> None:
        self.nlp = nlp
        self.settings = settings
        self.patterns = patterns
        self.codebook = codebook
        self.actors = actors
        self.enricher = enricher
        self.intents = load_intent_table()
        self._rules = {p.rule_id: p for group in patterns.by_lemma.values() for p in group}

    @classmethod
    def from_settings(cls, nlp_settings: NlpSettings) -> Coder:
        """Load the model and every table once (ModelNotInstalled names the fix)."""
        import pipeline.coding.components  # noqa: F401  (registers the factory)

        nlp = load_model(nlp_settings)
        compile_attribute_ruler(nlp)
        cache_lemmatizer(nlp)
        enricher = Enricher()
        patterns = replace(
            load_patterns(extra=tuple(nlp_settings.pattern_files)),
            known_place=enricher.gazetteer.is_town_name,
        )
        actors = ActorLookup(nlp, tuple(nlp_settings.actor_dictionaries))
        marker = nlp.add_pipe("wirewatch_triggers_v1", last=True)
        assert isinstance(marker, TriggerMarker)
        marker.set_patterns(patterns)
        return cls(nlp, nlp_settings, patterns, load_codebook(), actors, enricher)

    def with_relevance_filter(self, enabled: bool) -> Coder:
        """The same coder (model and tables shared) with the pre-filter on or off."""
        settings = self.settings.model_copy(update={"relevance_filter": enabled})
        return Coder(self.nlp, settings, self.patterns, self.codebook, self.actors, self.enricher)

    # --- public interface -----------------------------------------------------------

    def code_article(self, article: Article) -> list[Event] | Rejected:
        return self.code_articles([article])[0]

    def code_articles(self, articles: Sequence[Article]) -> list[list[Event] | Rejected]:
        """One entry per article, in order: its events, or why it could not be coded."""
        return [
            r if isinstance(r, Rejected) else list(r.events) for r in self.code_detailed(articles)
        ]

    def code_detailed(self, articles: Sequence[Article]) -> list[CodingResult | Rejected]:
        """Like ``code_articles``, with the skipped sentences and their reasons."""
        prepared: list[tuple[Selection, Doc] | Rejected] = []
        for article in articles:
            try:
                sentences = split_sentences(self.nlp, article.paragraphs)
                selection = select(
                    sentences,
                    self.patterns,
                    max_tokens=self.settings.max_sentence_tokens,
                    max_sentences=self.settings.max_sentences_per_article,
                    use_filter=self.settings.relevance_filter,
                    actor_cues=self.actors.cues,
                )
                prepared.append((selection, candidate_doc(self.nlp, selection)))
            except Exception as exc:
                prepared.append(Rejected.from_exception("extract", "split_failed", exc))
        parsed = self._parse([p[1] for p in prepared if not isinstance(p, Rejected)])
        results: list[CodingResult | Rejected] = []
        for article, prep in zip(articles, prepared, strict=True):
            if isinstance(prep, Rejected):
                results.append(prep)
                continue
            doc = next(parsed)
            if isinstance(doc, Rejected):
                results.append(doc)
                continue
            selection = prep[0]
            try:
                events = tuple(self._events(article, doc, selection))
                results.append(CodingResult(events, selection.skipped, selection.total))
            except Exception as exc:
                log.exception("coding failed for article %s", article.article_id)
                results.append(Rejected.from_exception("extract", "coder_error", exc))
        return results

    # --- internals --------------------------------------------------------------------

    def _parse(self, docs: list[Doc]) -> Iterator[Doc | Rejected]:
        try:
            out: list[Doc | Rejected] = list(
                self.nlp.pipe(docs, batch_size=self.settings.batch_size)
            )
        except Exception:
            out = []
            for doc in docs:
                try:
                    out.append(self.nlp(doc))
                except Exception as exc:
                    out.append(Rejected.from_exception("extract", "parse_failed", exc))
        return iter(out)

    def _events(self, article: Article, doc: Doc, selection: Selection) -> Iterator[Event]:
        if not selection.candidates:
            return
        on = article.published_at.date() if article.published_at else None
        # Built on the first event only: most candidate sentences code nothing.
        ctx = _Lazy(lambda: self.enricher.context(article, doc, self.actors.countries(doc, on)))
        sentence_index = {}
        start = 0
        for sent in selection.candidates:
            sentence_index[start] = sent.index
            start += len(sent.words)
        triggers = {span.start: span.label_ for span in doc.spans.get(TRIGGERS_KEY, [])}
        argument_of_trigger = self._arguments_of_triggers(doc, triggers)
        # The purpose clauses of protests ("struck to protest against X's decision"), by
        # the protest: they may name whom it is aimed at (see _clause_targets).
        purposes: dict[int, list[tuple[Token, str]]] = {}
        for i, rule in triggers.items():
            protest = self._purpose_of(doc[i], triggers)
            if protest is not None:
                purposes.setdefault(protest, []).append((doc[i], rule))
        # The noun triggers that are a verb trigger's subject or agent ("air strikes killed"),
        # by the verb: they may name its act more precisely (see _attack_noun).
        doer_nouns: dict[int, list[str]] = {}
        # The result clauses of a verb trigger ("shelled the town, killing eight
        # civilians"), by the verb: they may name whom its act hit (see _result_targets).
        results: dict[int, list[tuple[Token, str]]] = {}
        for arg, verb in argument_of_trigger.items():
            while verb in argument_of_trigger and verb != arg:
                verb = argument_of_trigger[verb]  # "an airstrike targeting X killed four"
            if (
                doc[arg].dep_ in ("nsubj", "nsubjpass")
                or doc[arg].head.dep_ == "agent"
                or self._means_of_passive(doc[arg], doc[verb], triggers)
            ):
                doer_nouns.setdefault(verb, []).append(triggers[arg])
            elif doc[arg].dep_ in ("advcl", "acl"):
                results.setdefault(verb, []).append((doc[arg], triggers[arg]))
        # "struck to protest": a protest in a protest's purpose is the same protest, coded
        # once if the protest codes (a demand there stays its own event).
        retold = {
            clause.i: protest
            for protest, clauses in purposes.items()
            for clause, rule in clauses
            if (pattern := self._rules.get(rule)) is not None and pattern.code[:2] == "14"
        }
        seen: set[str] = set()
        for span in doc.sents:
            index = sentence_index.get(span.start)
            if index is None:
                continue
            # Within a sentence the same root between the same actors is one event ("met
            # ... to discuss"): the trigger nearest the main clause keeps it.
            said: set[tuple[object, ...]] = set()
            ordered = sorted(
                (
                    doc[i]
                    for i in triggers
                    if span.start <= i < span.end and i not in argument_of_trigger
                ),
                key=lambda t: (clause_depth(t), t.i),
            )
            # A statement frame with a coded clause of its own waits: it codes only if
            # that clause coded nothing (see _defers).
            waiting = [t for t in ordered if self._defers(t, triggers)]
            ordered = [t for t in ordered if t not in waiting]
            coded: set[int] = set()
            produced: set[int] = set()
            kept: list[Event] = []
            # (the year of the news, when the sentence names a year at all)
            news_year = (
                on.year
                if on is not None and names_a_year(self.enricher.sentence_text(span))
                else None
            )
            if news_year is not None and chronicle_entry(
                self.enricher.sentence_text(span), news_year
            ):
                continue  # "1934 - Adolf Hitler demands ...": a chronology of history
            for token in [*ordered, *waiting]:
                if background(token) or retold.get(token.i, -1) in produced:
                    continue
                if news_year is not None and dated_history(token, news_year):
                    continue
                if on is not None and named_in_the_past(token, on):
                    continue
                if token in waiting and any(c.i in coded for c in complements(token)):
                    continue
                try:
                    events = list(
                        self._code_trigger(
                            article,
                            doc,
                            span,
                            index,
                            token,
                            triggers[token.i],
                            ctx,
                            on,
                            doer_nouns.get(token.i, ()),
                            results.get(token.i, ()),
                            purposes.get(token.i, ()),
                        )
                    )
                except Exception:
                    log.exception("trigger %r in %s skipped", token.text, article.article_id)
                    continue
                for event in events:
                    keys = same_event_keys(event)
                    if event.event_id in seen or keys & said:
                        continue
                    seen.add(event.event_id)
                    said |= covered_keys(event)
                    produced.add(token.i)
                    if not (event.negated or event.hypothetical or event.future):
                        coded.add(token.i)  # a statement the frame would only repeat
                    kept.append(event)
            yield from drop_unclaimed_repeats(drop_untargeted_repeats(kept))

    def _clause_targets(
        self, doc: Doc, clauses: Sequence[tuple[Token, str]], on: date | None, force: bool
    ) -> list[Actor]:
        """'Shelled the town, killing eight civilians': an act of force that hit no
        coded actor itself is aimed at whom its result clause harmed (``force``: only
        clauses of force count). That clause is folded into the act (it codes no event
        of its own), so this is the only place its victims are read. Likewise a protest
        naming no target is aimed at whom its purpose clause names ("began a hunger
        strike to protest against Sweden's decision": SWE)."""
        for clause, rule in clauses:
            pattern = self._rules.get(rule)
            if pattern is None or (force and pattern.code[:2] < "18"):
                continue
            roles = roles_for(clause, pattern)
            for heads in (roles.targets, roles.fallback_targets):
                if not force:
                    heads = tuple(h for h in heads if not _done_to_its_party(h))
                found = [a for a in self._actors(doc, heads, on) if a.code]
                if not force:
                    # whose state or which body: "demanding that governments act" or "an
                    # end to violence by soldiers" says less than where they marched
                    found = [a for a in found if a.country or len(a.code or "") > 3]
                if found:
                    return found
        return []

    def _went_off(self, pattern: Pattern, doers: Sequence[Token]) -> bool:
        """'A rocket hit the market', 'a car bomb detonated' (the bomb is what was set
        off): an act of force by or with a weapon (cue ``device``) among its roles, or
        naming one ("a car bomb attack killed 15", "rocket fire hit ..."). Such an act
        is news though no one is named on either side, as it is to ACLED (an
        unidentified armed group); the caller still asks for a count of the dead or a
        result clause."""
        named = [c for t in doers for c in t.children if c.dep_ == "compound"]
        return pattern.code[:2] in FORCE_ROOTS and any(
            self.patterns.cue(t.lemma_.lower(), "device") for t in (*doers, *named)
        )

    def _attack_noun(self, pattern: Pattern, doer_nouns: Sequence[str]) -> Pattern | None:
        """'Russian air strikes killed 20', 'a drone strike killed ...': a generic verb of
        force (190) whose subject or agent is a more specific attack noun (``doer_nouns``,
        the rule ids the trigger marker gave them) takes that noun's code (195), with the
        verb's roles. So does any verb of force whose code the noun refines: 'a car bomb
        exploded' is a vehicular bombing (1832), not only a bombing (183)."""
        for rule in doer_nouns:
            noun = self._rules.get(rule)
            if noun is None or noun.pos != "NOUN" or noun.code[:2] not in FORCE_ROOTS:
                continue
            if pattern.code == "190":
                return noun if noun.code != "190" else None
            if pattern.code[:2] in FORCE_ROOTS and noun.code.startswith(pattern.code):
                return noun if noun.code != pattern.code else None
        return None

    def _defers(self, token: Token, triggers: dict[int, str]) -> bool:
        """A statement frame whose clause holds a trigger of its own: that trigger codes
        the more specific statement ("X said Y must withdraw" is a demand to withdraw,
        106, not 100; "X agreed to lift sanctions" an intent to ease them, 0354, not 030).
        """
        pattern = self._rules.get(triggers[token.i])
        if pattern is None:
            return False
        # "offered to mediate": a future cue whose frame only rules objects out
        # ("offered condolences") is as generic as one with no frame
        plain = all(key == "objnot" for key, _ in pattern.frame)
        generic_intent = plain and self.patterns.cue(pattern.lemma, "future")
        if pattern.wants("modal") is None and not generic_intent:
            return False
        return any(c.i in triggers for c in complements(token))

    def _arguments_of_triggers(self, doc: Doc, triggers: dict[int, str]) -> dict[int, int]:
        """Nominal triggers that are the subject/agent of a verb trigger ("strikes hit X"),
        each with that verb: the verb codes the event, the noun only supplies its actor."""
        out: dict[int, int] = {}
        for i in triggers:
            tok = doc[i]
            if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.head.i in triggers:
                # "shelled the town, killing eight": the result of the head event
                out[i] = tok.head.i
                continue
            aim = self._aim_of(tok, triggers)
            if aim is not None:
                out[i] = aim
                continue
            if tok.pos_ not in ("NOUN", "PROPN"):
                continue
            head = tok.head
            through_prep = head.dep_ == "agent" or (
                head.lower_ == "in" and head.head.dep_ != "ROOT"
            )
            if tok.dep_ == "pobj" and (
                through_prep or self._means_of_passive(tok, head.head, triggers)
            ):
                head = head.head
            deps = ("nsubj", "nsubjpass", "pobj", "dobj")
            if head.i != i and head.i in triggers and tok.dep_ in deps:
                out[i] = head.i
            elif (
                tok.dep_ == "pobj"
                and tok.head.head.i in triggers
                and tok.head.head.i != i
                and self._posture(triggers[i])
            ):
                # "a bomb exploded near a U.S. patrol": the patrol is where it was aimed,
                # not news of its own
                out[i] = tok.head.head.i
        return out

    def _means_of_passive(self, noun: Token, verb: Token, triggers: dict[int, str]) -> bool:
        """'was killed in a Russian airstrike', 'were wounded in a rebel ambush': the attack
        noun a passive act of force happened in is how it was done, and its modifier who
        did it (the verb codes the attack, 195, not a second event). Only a noun that names
        the act more precisely than the verb: "killed in clashes between X and Y" stays
        the clash between them."""
        if not (
            noun.dep_ == "pobj"
            and noun.head.lower_ in ("in", "during")
            and noun.head.head.i == verb.i
            and noun.i in triggers
            and verb.i in triggers
            and verb.pos_ == "VERB"
            and is_passive(verb)
            and not any(c.dep_ == "agent" for c in verb.children)
        ):
            return False  # the parse first: most noun triggers are no such means
        act, means = self._rules.get(triggers[verb.i]), self._rules.get(triggers[noun.i])
        return (
            act is not None
            and means is not None
            and self._attack_noun(act, [means.rule_id]) is not None
        )

    def _purpose_of(self, tok: Token, triggers: dict[int, str]) -> int | None:
        """The protest whose purpose ``tok`` tells: "began a hunger strike to protest
        against X", "marched demanding ...", "a strike in protest of ...". The protest's
        trigger: the head, or the noun a light verb carries ("staged a hunger strike")."""
        pattern = self._rules.get(triggers[tok.i])
        if pattern is None or pattern.code[:2] not in _PURPOSE_ROOTS:
            return None
        if (
            tok.dep_ in ("advcl", "xcomp", "acl")
            and tok.pos_ == "VERB"
            and (
                tok.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            )
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
        ):
            act = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.lemma_.lower() == "protest":
            act = tok.head.head
        else:
            return None
        for candidate in (act, *(c for c in act.children if c.dep_ == "dobj")):
            rule = triggers.get(candidate.i)
            protest = self._rules.get(rule) if rule is not None else None
            if protest is not None and protest.code[:2] == "14" and candidate.i != tok.i:
                return candidate.i
        return None

    def _aim_of(self, tok: Token, triggers: dict[int, str]) -> int | None:
        """The act an attack participle on its means says the aim of: "an airstrike
        targeting a commander", "detonated a car bomb targeting a checkpoint" tell one
        attack, not two. The trigger of the act: the means' own, or the verb it is the
        object of."""
        pattern = self._rules.get(triggers[tok.i])
        if tok.dep_ != "acl" or tok.tag_ != "VBG" or pattern is None or pattern.code[:2] < "18":
            return None
        means = tok.head
        if means.i in triggers:
            return means.i
        if means.dep_ in ("dobj", "nsubjpass") and means.head.i in triggers:
            return means.head.i
        return None

    def _posture(self, rule: str) -> bool:
        pattern = self._rules.get(rule)
        return pattern is not None and pattern.code[:2] == "15"

    def _actors(self, doc: Doc, heads: tuple[Token, ...], on: date | None) -> list[Actor]:
        found: list[Actor] = []
        for head in heads[:_MAX_PER_ROLE]:
            antecedents = plural_antecedents(head)
            if antecedents:
                # "A and B said they would ...": they are both
                found += [a for t in antecedents if (a := self.actors.at(doc, t, on))]
                continue
            actor = self.actors.at(doc, head, on)
            if actor is None:
                continue
            found.append(actor)
            found += self._coordinated_owners(doc, head, actor, on)
        out: list[Actor] = []
        for actor in found:
            if all(a.code != actor.code or a.text != actor.text for a in out):
                out.append(actor)
        return out[: 2 * _MAX_PER_ROLE]

    def _state_where(
        self,
        doc: Doc,
        token: Token,
        roles: Roles,
        on: date | None,
        preps: frozenset[str],
        objects: bool = False,
    ) -> list[Actor]:
        """'Protested in Moscow', 'staged a rally in Beijing': a protest naming no target
        is addressed to the state where it is held; so is an act of aid, of yielding, of
        diplomatic cooperation or of inquiry ("lifted a curfew in Kosovo", "sent
        inspectors to Iran"; ``objects`` also reads the places of the act's objects:
        "sent a team of inspectors to Iran"). Only when the place is a country or a
        capital standing for it (an actor whose code is the bare country)."""
        holders = [token, token.head] if roles.voice == "light" else [token]
        if objects:
            holders += [o for h in list(holders) for o in h.children if o.dep_ == "dobj"]
        for holder in holders:
            for place in prep_objects(holder, preps):
                actor = self.actors.at(doc, place, on)
                if actor is not None and actor.country and actor.code == actor.country:
                    return [actor]
        return []

    def _at_home(self, code: str, sources: list[Actor], targets: list[Actor]) -> list[Actor]:
        """'Egyptian police opened fire on demonstrators': police and courts act at home,
        and so does a government coercing people (17), so the people they act on with no
        country of their own are of the doer's country (EGYOPP). Never refugees, who are
        from elsewhere."""
        homes = {
            s.country
            for s in sources
            if s.country and (s.sector in _HOME_SECTORS or (s.sector == "GOV" and code[:2] == "17"))
        }
        if len(homes) != 1 or all(t.country for t in targets):
            return targets
        home = homes.pop()
        return [t if t.sector == "REF" else self.actors.placed(t, home) for t in targets]

    def _state_of_place(
        self, code: str, sources: list[Actor], enrichment: Enrichment
    ) -> list[Actor]:
        """A protest, curfew, blockade, aid or inquiry naming no target is aimed at the
        state of the town it happens in, when the sentence names that town and a coded
        doer acts there ("thousands of Kurds demonstrated in Kirkuk": IRQ)."""
        country, location = enrichment.place_country, enrichment.location
        coded = [s for s in sources if s.code]
        if country is None or location is None or not coded:
            return []
        if code[:2] == _POSTURE_ROOT:
            if not _abroad(coded, country):
                return []  # "police on alert in Paris": at home, aimed at no one
        elif code[:2] not in _HELD_ON_PLACE_ROOTS and code[:3] not in _HELD_ON_PLACE_BASES:
            return []
        state = self.actors.state(country, location.name)
        return [state] if state is not None else []

    def _coordinated_owners(
        self, doc: Doc, head: Token, actor: Actor, on: date | None
    ) -> list[Actor]:
        """'US and British activists': the phrase's actor again for each further
        country among its coordinated modifiers (GBROPP beside USAOPP)."""
        code, country = actor.code, actor.country
        if not code or not country or not code.startswith(country):
            return []
        out: list[Actor] = []
        for mod in head.children:
            if mod.dep_ not in ("amod", "compound", "nmod"):
                continue
            for other in mod.conjuncts:
                if other.i > head.i or not other.text[:1].isupper():
                    continue
                owner = self.actors.at(doc, other, on)
                if owner is None or not owner.country or owner.code != owner.country:
                    continue
                if owner.country != country:
                    out.append(
                        actor.model_copy(
                            update={"code": owner.country + code[3:], "country": owner.country}
                        )
                    )
        return out

    def _code_trigger(
        self,
        article: Article,
        doc: Doc,
        sent: Span,
        index: int,
        token: Token,
        rule: str,
        ctx: _Lazy,
        on: date | None,
        doer_nouns: Sequence[str] = (),
        results: Sequence[tuple[Token, str]] = (),
        purposes: Sequence[tuple[Token, str]] = (),
    ) -> Iterator[Event]:
        pattern = self._rules.get(rule)
        if pattern is None or not self.codebook.is_code(pattern.code):
            return
        if "carrier" in pattern.tags and only_carries(token):
            return
        roles = roles_for(token, pattern)
        if (pattern.code[:2] >= "18" or pattern.code == "1712") and any(
            self.patterns.cue(t.lemma_.lower(), "accident")
            for t in (*roles.sources, *roles.fallback_sources)
        ):
            return  # "killed in a crash", "the quake destroyed ...": no one's act
        violent = pattern.code[:2] >= "18" or pattern.code == "1712"
        if violent and self._accident_did(token):
            return  # "crashed, killing 148 people": the crash's toll
        if self._recorded(token):
            return  # "cameras captured him", "were captured on video": a recording
        sources = self._actors(doc, roles.sources, on)
        if all(h.head.i == token.i and h.dep_ in _PHRASE_MODIFIERS for h in roles.sources):
            # "the Syrian government crackdown": one doer; "an Israeli army raid": the
            # country's army, as "an Israeli army post" is (a join takes two modifiers,
            # so one alone is not looked up again)
            joined = None
            if len(roles.sources) > 1:
                modifiers = [(h, a) for h in roles.sources if (a := self.actors.at(doc, h, on))]
                joined = self.actors.joined(doc, modifiers)
            sources = [joined] if joined is not None else _fullest(sources)
        inherited = roles.inherited
        if not sources and roles.fallback_sources:
            sources = self._actors(doc, roles.fallback_sources, on)
            # the subject of a light verb is the noun's own doer, not a borrowed one
            inherited = bool(sources) and roles.voice != "light"
        elif roles.voice == "passive" and not any(s.code for s in sources):
            # "blown up by a missile fired by rebels": the weapon names no one, the
            # one who fired it does
            named = [a for a in self._actors(doc, roles.fallback_sources, on) if a.code]
            sources = named or sources
        if pattern.code[:2] == "14" and not any(s.code for s in sources):
            # "some 300 cyclists rallied": counted people are the protest's crowd
            crowd = [c for h in roles.sources if (c := self.actors.counted_people(h))]
            sources = crowd or sources
        if inherited != roles.inherited:
            roles = replace(roles, inherited=inherited)
        targets = self._actors(doc, roles.targets, on)
        if not any(t.code for t in targets) and roles.fallback_targets:
            targets = self._actors(doc, roles.fallback_targets, on) or targets
        # A bare number is people only where crowds act: "thousands marched" (a source of
        # protest), "dozens were detained" (a target of coercion); not "dozens more
        # wounded", "hundreds detained" read as their doer.
        if pattern.code[:2] != "14":
            sources = [a for a in sources if not is_crowd(a)]
        if pattern.code[:2] != "17":
            targets = [a for a in targets if not is_crowd(a)]
        targets = [t for t in targets if not any(s.text == t.text for s in sources)]
        if not any(t.code for t in targets) and pattern.code[:2] >= "18":
            harmed = self._clause_targets(doc, results, on, force=True)
            targets = [t for t in harmed if not any(s.text == t.text for s in sources)] or targets
        source_heads = (*roles.sources, *roles.fallback_sources)
        target_heads = (*roles.targets, *roles.fallback_targets)
        sources = drop_borrowed_country(doc, source_heads, sources, target_heads, targets)
        if violent and not any(s.code for s in sources) and self._crashed_too(token):
            return  # "hit an antenna and crashed": a blow no one named dealt
        mod = modality(token, self.patterns, force=violent)
        said_now = states_intent_itself(pattern.code, mod)
        if said_now:
            # "A and B will deepen ties", "seeks closer ties with B": the act is the
            # expression of intent to cooperate (03), and that has happened.
            mod = Modality(
                reporter=mod.reporter,
                speech_verb=mod.speech_verb,
                notes=("intent: an expression of intent to cooperate is itself the event",),
            )
        reporter = self._reporter(doc, mod, on)
        if not targets and "airspace_violation" in pattern.event_tags and mod.reporter is not None:
            # A state reporting "a violation" without naming whose airspace means its own.
            own = self.actors.at(doc, mod.reporter, on)
            if own is not None and all(s.code != own.code for s in sources):
                targets = [own]
        if not any(t.code for t in targets) and (
            pattern.code[:2] == "13"
            or (mod.conditional and not mod.condition and (mod.future or mod.planned))
        ):
            # a threat, and an act held over someone ("will expel the diplomats if
            # Britain does not apologise"), is aimed at the one whose act would spare it
            heads = condition_subjects(token)
            spared = [
                a
                for a in self._actors(doc, heads, on)
                if a.code and not any(a.code == s.code for s in sources)
            ]
            targets = spared or targets
        if not targets and pattern.code[:2] == "14":
            aims = self._clause_targets(doc, purposes, on, force=False)
            # (never the protesters' own: "demanding jobs for their members")
            targets = [
                t for t in aims if not any(t.text == s.text or t.code == s.code for s in sources)
            ]
            targets = targets or self._state_where(doc, token, roles, on, _PROTEST_PLACE_PREPS)
        elif (
            not targets and pattern.code[:2] in _PLACE_TARGET_ROOTS and any(s.code for s in sources)
        ):
            # (only for a known doer: the place alone makes no event)
            targets = self._state_where(doc, token, roles, on, _ACT_PLACE_PREPS, objects=True)
        elif not targets and pattern.code[:2] == _POSTURE_ROOT:
            # "sent troops into Lebanon": forces sent to another state's land are aimed at
            # that state; a doer's forces at home, or a doer of no known state, at no one
            there = self._state_where(doc, token, roles, on, _ACT_PLACE_PREPS, objects=True)
            coded = [s for s in sources if s.code]
            if coded and all(_abroad(coded, t.country) for t in there):
                targets = there
        means = self._attack_noun(pattern, doer_nouns)
        unclaimed = not any(a.code for a in (*sources, *targets))
        if unclaimed and not self._went_off(means or pattern, (*source_heads, *target_heads)):
            return  # no coded actor: not an event we can stand behind
        if pattern.code[:2] >= "18" and sports_result(token, self.patterns, [*sources, *targets]):
            return  # "Kenya beat Uganda 3-0": a result, not an assault
        if pattern.code[:2] >= "18" and into_the_air(token):
            return  # "fired into the air", "shot in the air": at no one
        if armed_with(token):
            return  # "gunmen armed with rifles": what they carry, given by no one
        if pattern.code[:3] == "183" and controlled_detonation(token, sources, source_heads):
            return  # "police detonated a bomb found near the venue": made safe
        enrichment = self.enricher.enrich(sent, token, ctx.get(), article.published_at)
        if (
            enrichment.long_past is not None
            and not mod.future
            and dated_long_ago(sent, token, enrichment.long_past)
        ):
            return  # "shot down the bomber on May 13, 1944": history the story retells
        news_year = on.year if on else None
        toll = standing_toll(token, news_year) if pattern.code[:2] >= "18" else None
        if toll == "years" or (
            toll is not None
            and not enrichment.dated_in_text
            and (
                toll == "conflict"
                or enrichment.cumulative_toll
                or (enrichment.fatalities or 0) >= _STANDING_TOLL
            )
        ):
            # "the conflict has killed 130,000 people", "have been killed since 1984": a
            # running total, no event of its own
            return
        if unclaimed and not (enrichment.fatalities or results):
            return  # a weapon went off, and nothing says it hurt anyone
        if enrichment.place_country:
            # "killed 23 people in Tel Aviv": people with no country are the place's
            sources = [self.actors.placed(a, enrichment.place_country) for a in sources]
            targets = [self.actors.placed(a, enrichment.place_country) for a in targets]
        targets = self._at_home(pattern.code, sources, targets)
        if pattern.code[:3] in _ALERT_BASES:
            targets = _not_home_ground(sources, targets)
        if not any(t.code for t in targets):
            # (a target named but not coded, "inspectors sent to the plant in Iran", says
            # less than the state of the place)
            targets = self._state_of_place(pattern.code, sources, enrichment) or targets
        code = riot_code(means.code if means else pattern.code, sources)
        cameo = self.codebook.cameo(code)
        maybe_sources: list[Actor | None] = list(sources) or [None]
        maybe_targets: list[Actor | None] = list(targets) or [None]
        pairs = [(s, t) for s in maybe_sources for t in maybe_targets]
        said_by_source = list(pairs)  # a derived statement is made by the source only
        if "symmetric" in pattern.tags and targets and not said_now:
            # a statement is the speaker's own: "A seeks closer ties with B" is not B's
            # (an uncoded party only as the one acted on: its own copy would say the same)
            pairs += [(t, s) for s, t in pairs if s is not None and t is not None and t.code]
        elif not targets and len(sources) > 1 and {"symmetric", "mutual"} & set(pattern.tags):
            # "A, B and C met", "A and B agreed to a ceasefire": every ordered pair.
            pairs = [
                (a, b) for a in sources for b in sources if a is not b and (a.code or not b.code)
            ]
            # "A and B will meet": each states the intent towards the other.
            said_by_source = list(pairs)
        # "soldiers and police were patrolling": the police's event, not an uncoded one
        pairs = [p for p in pairs if unclaimed or _names_someone(p)]
        coding = Coding(code, pattern.mode, pattern.event_tags, pattern.rule_id)
        if means is not None and code == means.code:
            tags = tuple(dict.fromkeys((*pattern.event_tags, *means.event_tags)))
            coding = Coding(code, means.mode, tags, f"{pattern.rule_id}+{means.rule_id}")
        elif code != pattern.code:
            coding = Coding(code, None, pattern.event_tags, f"riot:{pattern.rule_id}")
        best = 0.0
        for source, target in pairs:
            event = self._event(
                article,
                sent,
                index,
                token,
                coding,
                pattern,
                roles,
                mod,
                reporter,
                source,
                target,
                enrichment,
                cameo,
            )
            best = max(best, event.confidence)
            yield event
        # An accusation inferred from a report is never surer than the report itself.
        yield from (
            e
            if e.confidence < best
            else e.model_copy(update={"confidence": max(0.05, best - 0.05)})
            for e in self._accusations(
                article,
                doc,
                sent,
                index,
                pattern,
                coding.rule,
                roles,
                mod,
                reporter,
                (sources, targets),
                enrichment,
                on,
            )
        )
        derived = derive(self.intents, pattern.code, mod)
        if derived is None or not self.codebook.is_code(derived[1]) or not sources:
            return
        kind, code = derived
        if code == pattern.code and {"symmetric", "mutual"} & set(pattern.tags) and not targets:
            # "A and B seek to deepen ties" (030) is itself a statement of intent: each
            # party's own statement, apart from the paired act ("A and B will meet": 036)
            said_by_source = [(s, None) for s in sources]
        speaker = self.actors.at(doc, mod.reporter, on) if mod.reporter is not None else None
        if kind == "demand":
            # "X said Y must withdraw": X demands of Y. With no speaker, no demand.
            if speaker is None or not speaker.code:
                return
            said_by_source = [(speaker, s) for s in sources if s.code != speaker.code]
        elif speaker is not None and mod.reporter is not None:
            # "X said Y will ...": only the doer's own words state its intent ("A and B
            # said they will ...": both speak)
            voices = [speaker] + [
                a for t in mod.reporter.conjuncts if (a := self.actors.at(doc, t, on))
            ]
            if all(v.country != s.country for v in voices for s in sources):
                return
        statement = Modality(
            reporter=mod.reporter,
            speech_verb=mod.speech_verb,
            notes=(f"{kind}: the statement of an event that has not happened",),
        )
        coding = Coding(code, None, pattern.event_tags, f"{kind}:{coding.rule}")
        for source, target in filter(_names_someone, said_by_source):
            yield self._event(
                article,
                sent,
                index,
                token,
                coding,
                pattern,
                roles,
                statement,
                reporter,
                source,
                target,
                enrichment,
                self.codebook.cameo(code),
            )

    def _accusations(
        self,
        article: Article,
        doc: Doc,
        sent: Span,
        index: int,
        pattern: Pattern,
        event_rule: str,
        roles: Roles,
        mod: Modality,
        reporter: str | None,
        actors: tuple[list[Actor], list[Actor]],
        enrichment: Any,
        on: date | None,
    ) -> Iterator[Event]:
        """'X claimed that Y attacked Z' is also X accusing Y (CAMEO 112). ``event_rule``
        is the rule of the reported event, which the statement's rule names.

        Only for a conflictual act (root 13 and up) reported through an accusing verb,
        or a violent act (root 18 and up) through a plain saying verb, by a speaker who
        blames the doer (``blames``: another country, or another side at home); the
        speech verb is the trigger. A speaker who claims or admits its own violent act
        ("IS claimed it had bombed Z") claims responsibility (015) instead.
        """
        sources, targets = actors
        speech = mod.speech_verb
        if speech is None or mod.reporter is None or mod.negated or not sources:
            return
        if mod.future or mod.hypothetical:
            return  # "X said Y will strike" blames Y for nothing yet done
        root = int(pattern.code[:2])
        lemma = speech.lemma_.lower()
        accusing = self.patterns.cue(lemma, "accusation")
        owning = root >= 18 and lemma in _OWNING
        if not owning and (root < 13 or (not accusing and (root < 18 or lemma not in _SAYING))):
            return
        speaker = self.actors.at(doc, mod.reporter, on)
        if speaker is None or not speaker.code:
            return
        if owning and any(own_act(speaker, s) for s in sources):
            owned = Coding("015", None, (), f"responsibility:{event_rule}")
            note = Modality(
                reporter=mod.reporter, notes=("responsibility: the speaker claims its own act",)
            )
            claimed: list[Actor | None] = [t for t in targets if t.code]
            for target in claimed or [None]:
                yield self._event(
                    article,
                    sent,
                    index,
                    speech,
                    owned,
                    pattern,
                    roles,
                    note,
                    reporter,
                    speaker,
                    target,
                    enrichment,
                    self.codebook.cameo("015"),
                )
            return
        if root < 13 or (not accusing and lemma not in _SAYING):
            return
        coding = Coding("112", None, (), f"accusation:{event_rule}")
        statement = Modality(
            reporter=mod.reporter, notes=("accusation: the speaker blames the doer",)
        )
        # "A and B said ...": B is a speaker too, not the accused
        co_speakers = {a.code for t in mod.reporter.conjuncts if (a := self.actors.at(doc, t, on))}
        for accused in sources:
            if blames(speaker, accused) and accused.code not in co_speakers:
                event = self._event(
                    article,
                    sent,
                    index,
                    speech,
                    coding,
                    pattern,
                    roles,
                    statement,
                    reporter,
                    speaker,
                    accused,
                    enrichment,
                    self.codebook.cameo("112"),
                )
                # inferred from the report, not said in so many words
                inferred = round(max(0.05, event.confidence - 0.15), 2)
                yield event.model_copy(update={"confidence": inferred})

    def _accident_did(self, token: Token) -> bool:
        """The harm told as the result of a crash or a collapse ("the plane crashed,
        killing 148 people"; "the building collapsed, burying dozens")."""
        return token.dep_ == "advcl" and token.tag_ == "VBG" and self._accident(token.head)

    def _crashed_too(self, token: Token) -> bool:
        """The trigger is joined to a crash of its own subject ("hit an antenna and
        crashed"); a joined verb with a subject of its own is another clause ("rebels
        shelled the town and a bridge collapsed")."""
        return any(
            c.dep_ == "conj"
            and self._accident(c)
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
            for c in token.children
        )

    def _accident(self, verb: Token) -> bool:
        lemma = verb.lemma_.lower()
        return (
            verb.pos_ == "VERB"
            and lemma not in _ASSAULT_VERBS
            and self.patterns.cue(lemma, "accident")
        )

    def _recorded(self, token: Token) -> bool:
        """The trigger tells what a camera or a film caught ("cameras captured him",
        "were captured on video"), not an act of the one it shows. Only the trigger's
        own subject or agent counts: "footage of fighters executing hostages" shows an
        execution."""
        seen = [c for c in token.children if c.dep_ == "nsubj"]
        if is_passive(token):
            held = prep_objects(token, {"on", "by"})
            # "on video kicking ...": the parser may make the medium a compound
            seen += held + [c for h in held for c in h.children if c.dep_ == "compound"]
        return any(self.patterns.cue(t.lemma_.lower(), "recording") for t in seen)

    def _reporter(self, doc: Doc, mod: Modality, on: date | None) -> str | None:
        if mod.reporter is None:
            return None
        actor = self.actors.at(doc, mod.reporter, on)
        text = phrase_text(mod.reporter)
        if mod.reporter.pos_ == "PRON" and actor is not None:
            text = actor.text
        return text[:500]

    def _event(
        self,
        article: Article,
        sent: Span,
        index: int,
        token: Token,
        coding: Coding,
        pattern: Pattern,
        roles: Roles,
        mod: Modality,
        reporter: str | None,
        source: Actor | None,
        target: Actor | None,
        enrichment: Any,
        cameo: Any,
    ) -> Event:
        code = coding.code
        trigger_index = token.i - sent.start
        event_id = deterministic_id(
            "event",
            article.article_id,
            index,
            trigger_index,
            code,
            source.code if source else None,
            target.code if target else None,
        )
        notes = list(mod.notes) + list(enrichment.notes)
        if source is None:
            notes.append("source: no actor found for the doer")
        if target is None:
            notes.append("target: no actor found for the one acted on")
        return Event(
            event_id=event_id,
            article_id=article.article_id,
            sentence_index=index,
            sentence=self.enricher.sentence_text(sent)[:5000],
            trigger=trigger_text(token),
            rule=f"{coding.rule}:{roles.voice}",
            extractor_version=EXTRACTOR_VERSION,
            source=source,
            target=target,
            cameo=cameo,
            plover=self.codebook.plover_for(code, coding.mode),
            acled=self.codebook.acled_for(
                code,
                source.acled_inter if source else None,
                target.acled_inter if target else None,
            ),
            tags=coding.tags,
            location=enrichment.location,
            event_date=enrichment.event_date,
            time_precision=enrichment.time_precision,
            fatalities=enrichment.fatalities,
            reported_by=reporter,
            negated=mod.negated,
            hypothetical=mod.hypothetical,
            future=mod.future,
            confidence=confidence(
                pattern,
                roles,
                mod,
                source,
                target,
                clause_depth(token),
                in_background_clause(token),
            ),
            report_count=enrichment.report_count,
            published_at=article.published_at,
            article_source=article.agency or article.source,
            notes=tuple(n[:300] for n in notes),
        )


# Acts done to their party by another: a protest "demanding the release of X" is
# aimed at whoever holds X, not at X (unless the phrase names the doer: "by Y", "Y's").
_DONE_TO_A_PARTY = frozenset(
    {"release", "freeing", "extradition", "arrest", "detention", "trial", "prosecution"}
)


def _done_to_its_party(head: Token) -> bool:
    return head.lemma_.lower() in _DONE_TO_A_PARTY and not act_doers(head)


# Modifiers inside a nominal trigger's own phrase ("Syrian government crackdown").
_PHRASE_MODIFIERS = frozenset({"amod", "compound", "nmod", "npadvmod"})


def _not_home_ground(doers: list[Actor], targets: list[Actor]) -> list[Actor]:
    """Forces on patrol or alert in their own state's land aim at no one: "police
    patrolled central Tokyo" is no act on Japan's government (the capital names the
    area patrolled). Abroad ("Nigerian peacekeepers patrolling Monrovia"), or by forces
    of no known state ("KFOR soldiers", "UN peacekeepers"), it is aimed at that state.
    Police with no country named are at home."""
    coded = [d for d in doers if d.code]

    def at_home(t: Actor) -> bool:
        return all(
            d.country == t.country or (d.country is None and d.sector == "COP") for d in coded
        )

    return [
        t
        for t in targets
        if not (coded and t.country and t.code in (t.country, f"{t.country}GOV") and at_home(t))
    ]


def _abroad(doers: list[Actor], country: str | None) -> bool:
    """Is every doer of a known state other than ``country``? Forces on alert or sent
    are aimed at a state only outside their own."""
    return all(d.country and d.country != country for d in doers)


def _fullest(actors: list[Actor]) -> list[Actor]:
    """The modifiers of one phrase name one party: drop an actor another one names
    more closely (SYR beside SYRGOV)."""
    return [a for a in actors if not any(names_more_closely(b, a) for b in actors)]


def _names_someone(pair: tuple[Actor | None, Actor | None]) -> bool:
    """Does a (source, target) pair hold a coded actor?"""
    return any(a is not None and a.code for a in pair)


class _Lazy:
    """A value computed on first use (per article, never shared)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make: Callable[[], Any] | None = make
        self._value: Any = None

    def get(self) -> Any:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value
