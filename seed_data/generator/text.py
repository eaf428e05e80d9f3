"""Wording of generated records: meeting titles and summaries, pledge texts, progress notes."""

from __future__ import annotations

# What an enterprise (or a university, institute or association) pledges, by area: investment,
# headquarters, R&D centres, services it builds. What a government pledges is GOVERNMENT_PLEDGES.
PLEDGE_TEXTS = {
    "E-government": "Help build {city}'s one-stop online government service platform",
    "Data sharing and security": "Jointly build a data-sharing and data-security platform in {city}",
    "AI R&D": "Set up an AI research and development centre in {city}",
    "Smart city": "Apply intelligent city-management technology in {city}",
    "Digital products and content": "Bring more diversified digital products and content to Fujian users",
    "Production services": "Provide industrial-internet services to manufacturers in {city}",
    "Consumption": "Expand digital consumption and payment services in {city}",
    "Digital infrastructure": "Build a regional cloud and data centre in {city}",
    "People's livelihood": "Deepen cooperation on livelihood projects in {city}",
    "Health": "Launch an internet hospital and health-data project with {city}",
    "Environmental protection": "Cooperate on ecological monitoring and green development in {city}",
    "Talent cultivation": "Train digital talent with universities in {city}",
    "Publicity and promotion": "Promote Fujian's brand and tourism on its platforms",
    "Opening up and investment": "Invest in a new regional headquarters in {city}",
    "Cooperation projects": "Continue and deepen joint projects in {city}",
}
# What a government body or party organ pledges: policy support, land, approvals, talent services.
GOVERNMENT_PLEDGES = [
    ("Business environment",
     "Give the {partner} project in {city} policy support from the provincial funds"),
    ("Business environment",
     "Complete the approvals for the {partner} project in {city} within 60 working days"),
    ("Business environment",
     "Assign a service officer to see the {partner} project in {city} through approvals"),
    ("Opening up and investment",
     "Provide land in {city} for the {partner} project and its planning approval"),
    ("Opening up and investment", "Reserve an industrial site in {city} for the {partner} plant"),
    ("Talent cultivation",
     "Provide talent services (housing, schooling, residence permits) for {partner} staff in {city}"),
    ("Talent cultivation", "Include {partner} engineers in the province's high-level talent programme"),
]
# Whole words that say who pledged: a government's pledge never reads like an enterprise's and back.
GOVERNMENT_PLEDGE_WORDS = ("policy support", "approval", "approvals", "land", "site", "talent services",
                           "talent programme")
ENTERPRISE_PLEDGE_WORDS = ("invest", "headquarters", "development centre", "build", "set up")
UPDATE_NOTES = {
    None: [
        "Progress meeting held with the company",
        "Company reported steady progress",
        "Follow-up call; no change in plans",
    ],
    "in_progress": [
        "Working group set up",
        "Site survey completed in {city}",
        "Phase one under way",
        "Pilot launched in {city}",
        "Implementation plan approved",
    ],
    "delivered": [
        "Delivered: project completed and accepted in {city}",
        "Delivered: service live across {city}",
    ],
    "stalled": [
        "Stalled: awaiting land and planning approval",
        "Stalled: company reviewing its investment plans",
        "Stalled: funding not yet in place",
    ],
    "withdrawn": [
        "Withdrawn: the company changed its strategy",
        "Withdrawn: merged into a national programme",
    ],
}
AGREEMENT_LABELS = {
    "strategic_cooperation_agreement": "Strategic cooperation agreement",
    "cooperation_agreement": "Cooperation agreement",
    "mou": "Memorandum of understanding",
    "framework_agreement": "Framework agreement",
    "investment_contract": "Investment contract",
}


def in_sentence(phrase: str) -> str:
    """A sentence-case phrase as it reads mid-sentence: the first word goes lower case unless it is
    an acronym ("AI applications", "5G networks", "SME financing") or the phrase is a proper name
    ("Maritime Silk Road"), which keep their capitals."""
    words = phrase.split(" ")
    first = words[0]
    acronym = any(ch.isdigit() for ch in first) or sum(ch.isupper() for ch in first) > 1
    proper_name = len(words) > 1 and all(word[:1].isupper() for word in words)
    if not first or acronym or proper_name:
        return phrase
    return " ".join([first[0].lower() + first[1:], *words[1:]])


def meeting_title(
    kind: str, host: str, guest: str, company: str, topic: str, event: str | None, *, local: bool
) -> str:
    """A register-style title naming who met whom (``local``: the company is based in Fujian)."""
    if kind == "signing_ceremony":
        return f"Signing ceremony: {host} and {company}"
    if kind == "visit":
        return (
            f"{host} visits {company}" if local else f"{company} delegation visits Fujian, received by {host}"
        )
    if kind == "inspection":
        return f"{host} inspects {company} project"
    if kind == "call":
        return f"{host} holds a video call with {guest} of {company}"
    if kind == "forum":
        return f"Roundtable on {in_sentence(topic)} with {company}" + (f" at the {event}" if event else "")
    if kind == "banquet":
        return f"{host} hosts a working dinner for {guest} of {company}"
    return f"{host} meets {guest} of {company}"


def meeting_summary(company: str, sector: str, topics: list[str], city: str) -> str:
    discussed = " and ".join(in_sentence(t) for t in topics[:2])
    return (
        f"The two sides discussed {discussed}. {company} briefed on its {in_sentence(sector)} business "
        f"and its plans in {city}; both agreed to keep close contact and follow up on the projects raised."
    )
