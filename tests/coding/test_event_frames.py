"""Statement frames, light verbs, lists and the doer's own means, on real parses.

Every sentence here is written by us. Each test names the class of construction it
guards, so a failure says which rule broke.
"""

from __future__ import annotations

from pipeline.models import Event
from tests.coding.coder_fixture import codes, events


def _asserted(evs: list[Event]) -> list[Event]:
    return [e for e in evs if not (e.negated or e.hypothetical or e.future)]


def test_said_that_someone_must_act_is_a_demand_of_that_someone() -> None:
    evs = events("The French foreign minister said on Friday that Iran must halt its programme.")
    assert codes(_asserted(evs)) == [("100", "FRAGOV", "IRN")]
    assert evs[0].plover is not None
    assert evs[0].plover.event_type == "REQUEST"


def test_a_coded_clause_under_must_gives_the_specific_demand_not_the_frame() -> None:
    evs = events("The French foreign minister said that Iran must withdraw its troops from Iraq.")
    assert codes(_asserted(evs)) == [("106", "FRAGOV", "IRN")]
    # the withdrawal itself has not happened
    # a military withdrawal is 0874 (retreat); 0872 is easing a blockade
    assert [e.cameo.code for e in evs if e.hypothetical and e.cameo] == ["0874"]


def test_lodged_a_protest_with_is_an_official_complaint() -> None:
    evs = events("Egypt lodged a formal protest with Israel over the border incident.")
    assert codes(evs) == [("114", "EGY", "ISR")]


def test_staged_demonstrations_to_demand_the_protest_is_the_main_event() -> None:
    evs = events("Thousands of students staged demonstrations in Cairo to demand reforms.")
    best = max(_asserted(evs), key=lambda e: e.confidence)
    assert best.cameo is not None
    assert best.cameo.code == "141"
    assert best.rule.endswith(":light")


def test_a_list_read_as_an_apposition_still_gives_every_member() -> None:
    evs = events("Germany, France, and Italy met in Brussels on Monday.")
    pairs = {(s, t) for _, s, t in codes(evs)}
    assert pairs == {(a, b) for a in ("DEU", "FRA", "ITA") for b in ("DEU", "FRA", "ITA") if a != b}


def test_the_doers_own_troops_are_the_means_not_the_target() -> None:
    assert codes(events("Jordan offered its troops to the Lebanese government.")) == [
        ("030", "JOR", "LBNGOV")
    ]
    assert codes(events("Israel withdrew its forces from southern Lebanon.")) == [
        ("0874", "ISR", "LBN")
    ]


def test_plover_types_follow_the_type_definitions_within_a_family() -> None:
    sanction = events("The European Union imposed sanctions on Belarus.")
    assert codes(sanction) == [("166", "IGOEUREEC", "BLR")]
    destroy = events("Israeli bulldozers demolished Palestinian homes in Gaza.")
    curfew = events("Serbia lifted the curfew in Montenegro.")
    taken = events("Chinese troops captured the village after heavy fighting.")
    types = [
        evs[0].plover.event_type if evs and evs[0].plover else None
        for evs in (sanction, destroy, curfew, taken)
    ]
    assert types == ["SANCTION", "COERCE", "CONCEDE", "ASSAULT"]


def test_a_raising_verb_passes_its_subject_and_marks_the_event_as_planned() -> None:
    evs = events("The Indian prime minister is scheduled to visit Pakistan next month.")
    assert ("042", "INDGOV", "PAK") in codes(evs)
    assert all(e.future for e in evs if e.cameo and e.cameo.code == "042")
    # a timetable in the writer's words: nobody stated an intent (cue kind "plan")
    assert codes(_asserted(evs)) == []


def test_an_agreement_to_act_codes_the_intent_to_act_not_a_bare_agreement() -> None:
    evs = events("Kenya agreed to share intelligence with Uganda.")
    assert codes(_asserted(evs)) == [("031", "KEN", "UGA")]


def test_a_background_clause_ranks_below_the_main_event() -> None:
    evs = events(
        "Italy announced a suspension of flights to Serbia, a day after Serbian jets shot "
        "down a helicopter."
    )
    best = max(_asserted(evs), key=lambda e: e.confidence)
    assert best.cameo is not None
    assert best.cameo.code.startswith("16")


def test_an_inferred_accusation_never_outranks_the_report_it_comes_from() -> None:
    evs = events("Thai officials said Cambodian troops killed two soldiers near the border.")
    by_code = {e.cameo.code: e.confidence for e in evs if e.cameo}
    assert "112" in by_code
    assert "190" in by_code
    assert by_code["112"] < by_code["190"]


def test_whether_is_not_a_condition_and_makes_no_threat() -> None:
    evs = events("Whether the town is shelled by Turkish artillery, the result is the same.")
    assert not [e for e in evs if e.cameo and e.cameo.code.startswith("13")]
    assert all(e.hypothetical for e in evs)


def test_expressing_sorrow_or_concern_is_a_statement_with_its_own_code() -> None:
    assert codes(events("Turkey expressed sorrow over the deaths of the miners.")) == [
        ("016", "TUR", None)
    ]


def test_what_is_called_for_or_urged_has_not_happened() -> None:
    evs = events("The Arab League urged the European Union to support the Palestinians.")
    assert codes(_asserted(evs)) == [("020", "IGOMEAARL", "IGOEUREEC")]
    support = [e for e in evs if e.cameo and e.cameo.code == "051"]
    assert support
    assert all(e.hypothetical for e in support)
    assert any("requested" in n for e in support for n in e.notes)


def test_a_demanded_ceasefire_is_a_demand_not_a_ceasefire() -> None:
    evs = events("Egypt demanded a ceasefire between Israel and Hamas.")
    assert [c for c, _, _ in codes(_asserted(evs))] == ["107"]


def test_meeting_demands_is_yielding_and_refusing_them_is_a_rejection() -> None:
    evs = events("The United States said it would not meet the kidnappers' demands.")
    assert [c for c, _, _ in codes(_asserted(evs))] == ["120"]
    assert not [e for e in evs if e.cameo and e.cameo.root_code == "04"]


def test_with_no_agent_where_the_fire_came_from_stands_for_the_source() -> None:
    evs = events("Israel said a rocket was fired at it from the Gaza Strip on Tuesday.")
    assert ("194", "PSE", "ISR") in codes(evs)
    assert ("112", "ISR", "PSE") in codes(evs)


def test_a_speaker_claiming_its_own_attack_claims_responsibility() -> None:
    evs = events("The Islamic State claimed that it had bombed a Shiite mosque in Baghdad.")
    assert [c for c, _, _ in codes(evs)] == ["195", "015"]
    assert codes(evs)[1][1] == "IMGMUSISI"
    # another state's report is an accusation, not a claim of responsibility
    other = events("Turkey claimed that Russian jets struck Turkmen villages.")
    assert [(c, s) for c, s, _ in codes(other)][1] == ("112", "TUR")


def test_a_time_after_on_is_when_not_whom() -> None:
    # "on Tuesday" is no target, so the demand's clause names whom it is made of
    evs = events("China on Tuesday demanded that Japan halt its patrols near the islands.")
    assert codes(_asserted(evs))[0] == ("100", "CHN", "JPN")
    # a name the parser heads with the day is still the name
    evs = events("Iraq's prime minister met with Syrian President Bashar Assad Tuesday.")
    assert ("040", "IRQGOV", "SYRGOV") in codes(evs)


def test_a_threat_is_aimed_at_the_party_of_what_it_threatens() -> None:
    evs = events("Iran threatened to cut off electricity to Azerbaijan over unpaid bills.")
    assert ("130", "IRN", "AZE") in codes(evs)


def test_a_commitment_is_aimed_at_the_party_of_what_it_commits_to() -> None:
    evs = events("Britain has promised to continue military aid to Mozambique.")
    assert codes(_asserted(evs)) == [("030", "GBR", "MOZ")]
    # a thing done is no party: the pair of the agreement stays
    evs = events("Jordan and Britain have agreed to hold joint military exercises this month.")
    agreed = [(s, t) for c, s, t in codes(_asserted(evs)) if c.startswith("03")]
    assert sorted(agreed) == [("GBR", "JOR"), ("JOR", "GBR")]


def test_who_planted_a_device_set_it_off() -> None:
    evs = events("A roadside bomb planted by Taliban fighters was detonated near a police post.")
    assert [
        (e.cameo.code[:3] if e.cameo else None, e.source.code if e.source else None) for e in evs
    ] == [("183", "AFGREBMUS")]
    evs = events(
        "A bomb planted by PKK militants exploded on a road in Hakkari, killing two soldiers."
    )
    assert [e.source.code if e.source else None for e in evs] == ["TURREBKUR"]
    # a participle that places nothing names no doer of the next act
    evs = events("The village, attacked by rebels last year, was shelled on Monday.")
    shelled = [e for e in evs if e.trigger == "shelled"]
    assert all(e.source is None or e.source.sector != "REB" for e in shelled)


def test_killed_in_an_attack_is_coded_as_that_attack() -> None:
    # the attack noun names how the killing was done, and who did it: one event
    evs = events("Twelve fighters were killed in Russian airstrikes near Idlib on Monday.")
    assert codes(evs) == [("195", "RUSMIL", "SYRREB")]
    assert evs[0].acled is not None
    assert evs[0].acled.sub_event_type == "Air/drone strike"
    evs = events("Two soldiers were wounded in a rebel ambush near Goma.")
    assert [e.cameo.code for e in evs if e.cameo] == ["193"]
    # a clash between two sides is no means: it stays their clash
    evs = events("Five civilians were killed in clashes between the army and rebels.")
    assert "clashes" in [e.trigger for e in evs]


def test_an_act_of_aid_or_yielding_is_aimed_at_the_state_where_it_happens() -> None:
    evs = events("Serbia lifted a night curfew in Kosovo on Sunday.")
    assert codes(evs) == [("0813", "SRB", "XKX")]
    evs = events("The IAEA has dispatched inspectors to Iran.")
    assert codes(evs) == [("090", "IGOUNO", "IRN")]
    # a meeting's place is no party to it
    evs = events("Russian and American negotiators met in Geneva on Monday.")
    assert all(e.target is None or e.target.country != "CHE" for e in evs)
    # and a place alone makes no event
    assert events("Peacekeeping troops arrived in Mali on Tuesday.") == []


def test_the_one_asked_is_named_by_from() -> None:
    evs = events("Ukraine requested military aid from the United States.")
    assert codes(evs) == [("020", "UKR", "USA")]
    evs = events("Kosovo Albanians demanded independence from Serbia.")
    assert [t for _, _, t in codes(evs)] == ["SRB"]
    # a departure asked for keeps the party who is to leave
    evs = events("The European Union demanded the withdrawal of Serbian forces from Kosovo.")
    assert [t for _, _, t in codes(evs)] == ["SRBMIL"]


def test_a_protest_curfew_or_blockade_in_a_town_is_aimed_at_its_state() -> None:
    evs = events("Several hundred Kurdish students rallied in Kirkuk on Friday.")
    assert codes(evs) == [("141", "IRQEDUKUR", "IRQ")]
    evs = events("Turkish officials imposed a curfew in the town of Nusaybin on Monday.")
    assert [(c, t) for c, _, t in codes(evs)] == [("1723", "TUR")]
    # forces on alert in another state's land face it; at home they face no one
    evs = events("Israeli units remained on high alert near Jenin after Palestinian protests.")
    assert ("152", "ISRMIL", "PSE") in codes(evs)
    evs = events("French police were on alert in Lyon on Friday.")
    assert [t for _, _, t in codes(evs)] == [None]
    # an accord signed in a town is not aimed at its state
    evs = events("Ghana and Togo signed a trade accord in Geneva on Monday.")
    assert all(e.target is None or e.target.country != "CHE" for e in evs)


def test_a_protest_is_aimed_at_whom_its_purpose_names_and_coded_once() -> None:
    evs = events(
        "Dozens of Kurdish asylum seekers started a hunger strike in Oslo to protest against"
        " Norway's deportation order."
    )
    assert codes(evs) == [("142", "NORREFKUR", "NOR")]
    evs = events("Farmers blocked roads in Lyon in protest at the European Commission's quotas.")
    assert [(c, t) for c, _, t in codes(evs)] == [("144", "IGOEUREEC")]
    evs = events("Thousands marched in Lagos, demanding the resignation of Ghana's president.")
    assert [t for _, _, t in codes(evs)] == ["GHAGOV"]
    # the protesters' own people, and those whose release is sought, are not its target
    evs = events("Greenpeace activists rallied in Oslo demanding the release of their members.")
    assert [t for _, _, t in codes(evs)] == ["NOR"]
    # with no protest coded before it, the purpose still codes
    evs = events("Doctors gathered outside the clinic on Monday to protest against Iran's plans.")
    assert codes(evs) == [("140", "HLH", "IRN")]


def test_who_did_the_act_objected_to_is_its_target() -> None:
    evs = events("Greece condemned the arrest of activists by Turkish police.")
    assert codes(evs) == [("111", "GRC", "TURCOP")]
    evs = events("The United States welcomed Israel's release of Palestinian prisoners.")
    assert [t for _, _, t in codes(evs)] == ["ISR"]
    # with no doer named, the act's party stays the one it is about
    evs = events("Russia demanded the withdrawal of Georgian troops.")
    assert codes(evs) == [("106", "RUS", "GEOMIL")]


def test_a_threat_is_aimed_at_the_one_whose_act_would_spare_it() -> None:
    evs = events("Tehran warned it would resume shelling unless Baghdad withdrew its forces.")
    assert [(s, t) for c, s, t in codes(evs) if c.startswith("13")] == [("IRNGOV", "IRQGOV")]
    evs = events(
        "Moscow threatened to quit the arms talks if Washington placed new missiles there."
    )
    assert [(s, t) for c, s, t in codes(evs) if c.startswith("13")] == [("RUSGOV", "USAGOV")]
    # an act held over someone is a threat aimed at them
    evs = events("Russia will expel the diplomats if Britain does not apologise.")
    assert [(c, t) for c, _, t in codes(evs) if c.startswith("13")] == [("136", "GBR")]
    # a clause after a comma is no condition's doer, and a question states no threat
    evs = events(
        "The European Union threatened to end its mission if the fighting resumes,"
        " the Belgian envoy said."
    )
    assert [(c, s, t) for c, s, t in codes(evs)] == [("130", "IGOEUREEC", None)]
    assert events("If Egypt is the attacker, do we strike?") == []


def test_what_one_party_puts_to_another_names_its_author_with_from() -> None:
    evs = events("India turned down a fresh proposal from Nepal for border talks.")
    assert codes(evs) == [("120", "IND", "NPL")]
    evs = events("The cabinet accepted demands from the opposition for reforms.")
    assert [t for _, _, t in codes(evs)] == ["OPP"]
    # the one asked does what is asked, not the asker
    evs = events("The militia rejected an appeal from the Malian president to hand over its arms.")
    assert codes(evs) == [("120", "REB", "MLIGOV")]
    evs = events("Syria agreed to allow the return of UN monitors.")
    assert {t for _, _, t in codes(evs)} == {"IGOUNO"}


def test_police_and_courts_act_on_people_of_their_own_country() -> None:
    evs = events("Tunisian police fired tear gas at students in Sfax.")
    assert codes(evs) == [("175", "TUNCOP", "TUNEDU")]
    evs = events("Iranian authorities arrested dozens of workers.")
    assert [t for _, _, t in codes(evs)] == ["IRNLAB"]
    # a government speaking of others claims no home for them
    evs = events("The Iranian government condemned the rebels.")
    assert codes(evs) == [("111", "IRNGOV", "REB")]


def test_a_place_or_thing_held_by_a_party_names_it_as_the_target() -> None:
    evs = events("Rebels attacked the headquarters of the Congolese army in Goma.")
    assert codes(evs) == [("190", "CODREB", "CODMIL")]
    evs = events("Gunmen stormed the home of a Kenyan lawmaker.")
    assert [t for _, _, t in codes(evs)] == ["KENLEG"]
    # a government's position is a view, not a place it holds
    # (read as held, "their" would make the students their own target)
    evs = events("Teachers in Lisbon marched against the position of their government on pensions.")
    assert codes(evs) == [("141", "PRTEDU", "PRT")]
    evs = events("Turkish artillery pounded positions of the Syrian government forces near Afrin.")
    assert codes(evs) == [("194", "TURMIL", "SYRMIL")]
    evs = events("A drone struck a convoy of the Kurdistan Democratic Party near Dohuk.")
    assert [t for _, _, t in codes(evs)] == ["IRQOPPKUR"]


def test_aid_is_aimed_at_whom_it_is_for() -> None:
    evs = events("The donors pledged to send 40 million euros of aid for Moldova.")
    assert {t for c, _, t in codes(evs) if c.startswith("0")} == {"MDA"}
    evs = events("Japan suspended a development aid programme for Myanmar.")
    assert codes(evs) == [("162", "JPN", "MMR")]
    # a seized place's own setting is not aimed at
    evs = events("Government troops seized part of a rebel camp on the Ugandan border.")
    assert [t for _, _, t in codes(evs)] == ["REB"]


def test_the_modifiers_of_one_phrase_name_one_doer_the_fullest() -> None:
    evs = events("Scores died in the Iranian government crackdown on strikers.")
    assert {s for _, s, _ in codes(evs)} == {"IRNGOV"}
    # conjoined owners stay two doers
    evs = events("US and British air strikes hit the town.")
    assert {s for _, s, _ in codes(evs)} == {"USAMIL", "GBRMIL"}


def test_a_country_and_people_side_by_side_on_one_noun_are_that_countrys_people() -> None:
    evs = events("Jordanian jets struck Syrian rebel positions near Deraa.")
    assert codes(evs) == [("195", "JORMIL", "SYRREB")]
    evs = events("Egyptian aircraft hit Libyan militant targets near Derna.")
    assert [t for _, _, t in codes(evs)] == ["LBYREB"]
    evs = events("Kurdish fighters overran a Turkish army post on the border.")
    assert [t for _, _, t in codes(evs)] == ["TURMIL"]
    # an adjective joins only for the armed opposition ("paramilitary" may be a state's)
    evs = events("A bomb went off at a Spanish paramilitary barracks, killing four people.")
    assert evs
    assert all(e.target is None or e.target.code != "ESPREB" for e in evs)


def test_a_place_that_shelters_people_is_theirs_where_it_is_hit() -> None:
    evs = events("A camp for Sudanese refugees was shelled by militiamen.")
    assert [t for _, _, t in codes(evs)] == ["SDNREF"]
    evs = events("Gunmen stormed a school for girls in the Afghan city of Herat.")
    assert [t for _, _, t in codes(evs)] == ["AFGEDU"]


def test_partners_and_allies_are_who_their_kind_says_not_whose() -> None:
    evs = events("Spain urged its European Union partners to lift the embargo.")
    assert ("020", "ESP", "IGOEUREEC") in codes(evs)
    evs = events("The regime and its Iranian allies shelled the town.")
    assert {s for _, s, _ in codes(evs)} >= {"IRN"}
    evs = events("Moscow pressed its Serbian allies to accept the truce.")
    assert ("100", "RUSGOV", "SRB") in codes(evs)
    # the rivals are Kenyan, whoever "their" is (not the gunmen themselves)
    evs = events("Gunmen stormed the offices of their Kenyan rivals.")
    assert [t for _, _, t in codes(evs)] == ["KEN"]


def test_a_tie_or_a_good_named_with_of_goes_to_its_other_party() -> None:
    evs = events("Kenya announced a suspension of flights with Somalia.")
    assert codes(evs) == [("161", "KEN", "SOM")]
    # an inquiry into sales to a state is not aimed at that state
    evs = events("A Peruvian judge opened an investigation of arms sales to Ecuador.")
    assert [c for c, _, _ in codes(evs)] == ["090"]
    assert all(e.target is None or e.target.country != "ECU" for e in evs)


def test_what_is_confiscated_is_taken_from_someone() -> None:
    evs = events("Lebanese soldiers confiscated rifles from Palestinian militants.")
    assert codes(evs) == [("1711", "LBNMIL", "PSEREB")]


def test_older_names_of_states_still_name_them() -> None:
    evs = events("Kampuchean troops shelled a Thai village.")
    assert [s for _, s, _ in codes(evs)] == ["KHMMIL"]
    evs = events("Ceylon expelled two Indian diplomats.")
    assert [s for _, s, _ in codes(evs)] == ["LKA"]


def test_a_preposition_of_time_is_no_frame_of_the_verb() -> None:
    # "on Friday" is when, not "call on": the frame is "call for"
    evs = events("Ghana called on Friday for sanctions against Togo.")
    assert ("020", "GHA", "TGO") in codes(evs)
    # the frame still holds with a party after "on"
    evs = events("Ghana called on Togo to free the prisoners.")
    assert ("020", "GHA", "TGO") in codes(evs)


def test_what_is_called_for_names_whom_the_call_is_aimed_at() -> None:
    evs = events("The archbishop called for talks with the rebels.")
    assert [(c, t) for c, _, t in codes(evs) if c.startswith("02")] == [("026", "REB")]


def test_forces_sent_or_deployed_are_the_doers_own_not_the_target() -> None:
    # the troops are what is deployed: a town names no target, a foreign state does
    evs = events("Kenya deployed soldiers to Garissa on Monday.")
    assert [(c, s) for c, s, _ in codes(evs)] == [("154", "KEN")]
    assert all(e.target is None for e in evs)
    assert codes(events("Syria deployed troops in Lebanon.")) == [("154", "SYR", "LBN")]
    assert codes(events("Russia sent jets to Syria.")) == [("154", "RUS", "SYR")]
    # the nominal form: the force deployed is its doer
    evs = events("The deployment of Turkish troops in Iraq angered Baghdad.")
    assert ("154", "TURMIL", "IRQ") in codes(evs)


def test_an_area_patrolled_is_still_the_patrols_target() -> None:
    # unlike forces deployed, the object of a patrol is the place patrolled
    evs = events("Russian warships patrolled Georgia's coast.")
    assert codes(evs) == [("153", "RUSMIL", "GEO")]


def test_the_one_let_act_is_the_target_of_letting_and_of_refusing_to() -> None:
    # the parser may make the one let the subject of the complement, not the object
    evs = events("The junta allowed Red Cross officials to visit the prisoners.")
    assert ("080", "GOV", "NGOIRC") in codes(evs)
    evs = events("Serbia refused to let NATO troops cross its territory.")
    assert ("120", "SRB", "IGOWSTNATMIL") in codes(evs)


def test_a_complaint_to_a_third_party_is_aimed_at_the_one_complained_of() -> None:
    evs = events("Iran complained to the Security Council about American spy flights.")
    assert ("114", "IRN", "USASPY") in codes(evs)
    # nobody named in the matter: the one told is the target
    evs = events("Ghana complained to Togo about the closure of the border.")
    assert codes(evs) == [("114", "GHA", "TGO")]


def test_a_named_owner_of_an_ally_is_the_other_party() -> None:
    evs = events("Rebels attacked Iran's allies in the south.")
    assert [c for c, _, _ in codes(evs)] == ["190"]
    assert all(e.target is None or e.target.country != "IRN" for e in evs)


def test_a_protest_in_defiance_of_someone_is_aimed_at_them() -> None:
    evs = events("Students rallied in Seoul in opposition to the American bases.")
    assert codes(evs) == [("141", "KOREDU", "USA")]
    evs = events("Thousands blocked streets in Hong Kong in defiance of Chinese authorities.")
    assert [(c, t) for c, _, t in codes(evs)] == [("144", "CHNGOV")]


def test_a_refusal_despite_pressure_defies_whoever_pressed() -> None:
    evs = events("Iran refused to suspend enrichment despite calls from the European Union.")
    assert ("120", "IRN", "IGOEUREEC") in codes(evs)
    evs = events("Israel refused to halt construction despite American pressure.")
    assert ("120", "ISR", "USA") in codes(evs)


def test_asylum_sought_in_a_state_is_asked_of_that_state() -> None:
    evs = events("Five Cuban diplomats sought asylum in Spain.")
    assert codes(evs) == [("023", "CUBGOV", "ESP")]
