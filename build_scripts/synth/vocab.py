"""Word pools for synthetic dossiers: invented people, places, outlets and phrases.

Every name is made up; combinations of these pools give thousands of distinct entities,
headlines and paragraphs, so a synthetic dossier exercises matching, topics, name
candidates and furniture rules the way a real one does.
"""

FIRST = ("Amira Boris Celia Dario Elif Farid Greta Hamid Ines Jonas Kenji Leila Marek Nadia Omar Petra "
         "Rafael Samira Tomas Ursula Viktor Wanda Yusuf Zofia Anton Bianca Cyrus Dalia Emil Fatima Gideon "
         "Hana Ivo Jana Karim Lotte Mateo Noor Oskar Pilar").split()
SURNAMES = ("Haddad Novak Lindqvist Okafor Castellano Brennan Mirza Takeda Valdez Kowalski Rahimi Duarte "
            "Petrov Achterberg Sandoval Nakamura Qureshi Ferreira Halvorsen Moreau Abiodun Karimov Osei "
            "Vasquez Lindahl Morozov Bakr Eriksen Tanaka Olawale Quintero Sorensen Demir Falk Gallo Ibsen "
            "Jaber Kasprzak Lerner Mansour Nyberg Orlov Paredes Rostami Sato Toivonen Ulloa Varga Wexler "
            "Yilmaz Zeller Aguilar Brandt Cerny Dragan Esposito Fontaine Grieg Hakimi Ivanova").split()
PLACES = ("Keldar Vossmark Ardenne Talvik Brenmoor Quillon Sarnova Ostrel Maravel Dunholt Lissow Carrowby "
          "Tessaly Veyra Hollin Karst Pellham Zandor Ilvane Morrow Grenlow Ashkar Belvoir Corrin Drava "
          "Elsmere Fenwick Galdor Harrowgate Istra").split()
PLACE_FORMS = ("{} City", "Port {}", "{}", "North {}", "{} Valley")
ORG_FORMS = (("{} Ministry of Defence", "defence ministry of {}"), ("{} Grain Council", None),
             ("National Assembly of {}", None), ("{} Liberation Front", None), ("{} Shipping Authority", None),
             ("{} Energy Company", None), ("{} Red Crescent", None), ("{} Central Bank", None))
GLOBAL_ENTITIES = (
    ("united-nations", "United Nations", "organisation", "The international organisation.", ["UN", "the U.N."]),
    ("security-council", "Security Council", "organisation", "The UN Security Council.", ["UNSC"]),
    ("coalition", "Northern Coalition", "organisation", "An alliance of states in the region.", ["the Coalition"]),
    ("vossmark", "Vossmark", "place", "The largest state of the region.", ["Vossmarkian"]),
    ("keldar", "Keldar", "place", "Vossmark's neighbour and rival.", []),
    ("wire-agency", "Continental Press Agency", "publication", "A news agency.", ["CPA"]),
)
WEAPONS = ("Falcon-{n} missile", "Kestrel-{n} drone", "Trident-{n} rocket", "Lance-{n} interceptor")
VESSELS = ("MV Northern Star", "MV Silver Gull", "MT Ocean Pearl", "MV Amber Tide", "MT Cape Horizon",
           "MV Blue Meridian", "MV Coral Dawn", "MT Grey Heron")
OUTLETS = ("The Harbour Courier", "Morning Ledger", "Vossmark Today", "Keldar Post", "The Evening Dispatch",
           "Daily Meridian", "Regional Observer", "The Sentinel", "Coastal Times", "Capital Review",
           "Frontier Herald", "The Lantern", "Northern Gazette", "Independent Record", "World Wire Digest",
           "The Chronicle", "Valley Voice", "Metro Bulletin", "The Citizen", "Plain Speaker")
OFFICES = ("foreign minister", "defence minister", "prime minister", "spokesperson", "president",
           "chief negotiator", "central bank governor", "harbour master", "army chief", "opposition leader")
KINDS = {  # event kind: (topic title, terms, verbs for headlines, nouns)
    "talks": ("Peace talks", ["ceasefire", "negotiat*", "talks", "truce"],
              ["resume talks", "agree a truce", "stall negotiations"], "negotiators"),
    "strike": ("Air and missile strikes", ["strike*", "missile*", "airstrike*", "intercept*"],
               ["launch strikes", "intercept missiles", "hit a depot"], "launch sites"),
    "seizure": ("Ship seizures", ["seiz*", "hijack*", "vessel*", "crew*"],
                ["seize a tanker", "board a cargo ship", "detain a crew"], "crew members"),
    "protest": ("Street protests", ["protest*", "rally", "demonstrat*", "crowd*"],
                ["hold mass rallies", "march on the capital", "defy a ban"], "protesters"),
    "election": ("Elections", ["election*", "ballot*", "vote*", "candidate*"],
                 ["call early elections", "count ballots", "dispute a vote"], "voters"),
    "trade": ("Grain and fuel trade", ["grain", "fuel", "export*", "sanction*"],
              ["halt grain exports", "lift sanctions", "cap fuel prices"], "tonnes of grain"),
    "aid": ("Humanitarian aid", ["aid", "refugee*", "shelter*", "convoy*"],
            ["open an aid corridor", "shelter refugees", "stop a convoy"], "refugees"),
}
UNRELATED = (  # stories with no registered entity: the analyses must leave them alone
    ("Local football club wins the regional cup", [
        "Supporters of Riverside Athletic filled the old stadium on Saturday as the club lifted the cup.",
        "The winning goal came in the last minute, a header from a corner that the keeper never saw.",
        "Coach Henrik Sollberg said the squad had worked all season for an afternoon like this one.",
        "The club will play its first continental fixture next spring, the league confirmed."]),
    ("Weather: a cold week ahead", [
        "Forecasters expect night frosts across the uplands from Tuesday, with snow above 800 metres.",
        "Drivers are asked to check tyres and to carry water and a blanket on long journeys.",
        "Temperatures should recover by the weekend as a milder air mass moves in from the south."]),
    ("Museum reopens after a decade of repairs", [
        "The Old Mint Museum reopened its doors on Friday after ten years of restoration work.",
        "Visitors queued from early morning to see the restored ceiling paintings of the great hall.",
        "The director, Magda Ostrowska, thanked the volunteers who catalogued 40,000 objects.",
        "Entry will be free for the first month, after which tickets cost 12 crowns."]),
    ("Recipe: a winter lentil soup", [
        "Soften two onions in olive oil, then add carrots, celery and a spoon of cumin.",
        "Stir in 300 grams of red lentils and a litre and a half of stock, and simmer for half an hour.",
        "Season with lemon juice and serve with warm bread."]),
)
FURNITURE = ("Share on Facebook", "icon-facebook icon-twitter icon-whatsapp", "Share")
