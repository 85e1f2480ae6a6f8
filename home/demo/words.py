"""Word lists for county-scale synthetic data: plausible names and sentences of the UK
voluntary sector, so that generated pages read like the real thing (and search for real
words finds them)."""

PLACES = [
    "Ashby", "Ashwell", "Barnford", "Beckley", "Birchwood", "Bramley", "Brookfield",
    "Burwell", "Castleton", "Chapel End", "Charlbury", "Claybrook", "Coldharbour",
    "Cranfield", "Dunmore", "Eastleigh", "Elmstead", "Fairford", "Farley", "Fenwick",
    "Fernlea", "Foxton", "Glenfield", "Greenhill", "Hadley", "Harbour Street", "Hartwell",
    "Hazelmere", "Highcross", "Hillside", "Holbrook", "Kingsmead", "Langley", "Larkhill",
    "Linford", "Little Sutton", "Long Meadow", "Lower Slade", "Marston", "Meadowbank",
    "Millbrook", "Moorside", "Netherby", "Newbold", "Northgate", "Oakham Vale", "Oldfield",
    "Orchard Park", "Pelham", "Priory", "Queensbury", "Radley", "Redbrook", "Ridgeway",
    "Riverside", "Rookwood", "Saltmarsh", "Sandford", "Shirebrook", "Southgate", "Stanton",
    "Stoneleigh", "Sutton Cross", "Thornbury", "Three Valleys", "Upton", "Wadley",
    "Waterside", "Wellbrook", "Westfield", "Wharf Street", "Whitby Lane", "Willowbank",
    "Windmill Hill", "Woodhouse", "Wychwood", "Yarrow", "Castle Ward", "Kingfisher",
    "St Mary's",
]  # fmt: skip

ORGANISATION_KINDS = [
    "Good Neighbours", "Food Bank", "Community Transport", "Memory Café", "Repair Café",
    "Youth Club", "Village Hall", "Carers' Network", "Men's Shed", "Befriending Scheme",
    "Community Fridge", "Community Garden", "Credit Union", "Dementia Friends",
    "Wildlife Group", "Allotment Society", "Toy Library", "Baby Bank", "Advice Centre",
    "Wellbeing Café", "Refugee Welcome", "Sports Club", "Arts Collective", "Debt Advice",
    "Warm Space", "Lunch Club", "Parent Carers", "Scout Group", "Hospice Support",
    "Walking Group", "Reading Friends", "Digital Skills Hub", "Tenants' Association",
    "Foodshare", "Mental Health Peer Support", "Bereavement Support", "Choir",
    "Community Larder", "Family Hub", "Street Pastors", "Volunteer Centre", "Play Association",
    "Heritage Society", "Cycling Project", "Women's Centre",
]  # fmt: skip

ORGANISATION_SUFFIXES = ["", " Association", " Trust", " Project", " Network", " CIO"]

THEMES = [
    "Older people", "Children and young people", "Food", "Mental health", "Housing",
    "Transport", "Environment", "Arts and culture", "Sport and physical activity",
    "Disability", "Carers", "Money and debt", "Digital inclusion", "Refugees and migrants",
    "Heritage",
]  # fmt: skip

BENEFICIARIES = [
    "older people living alone", "young carers", "families on low incomes",
    "people living with dementia", "disabled adults", "people with long-term conditions",
    "refugees and asylum seekers", "young people not in work or training",
    "isolated rural residents", "people in recovery", "unpaid carers",
    "new parents", "people facing homelessness", "veterans and their families",
]  # fmt: skip

ACTIVITIES = [
    "runs a weekly lunch club", "offers lifts to medical appointments",
    "shares a minibus with neighbouring groups", "trains volunteer befrienders",
    "hosts a warm space on winter afternoons", "repairs bikes, toasters and clothes",
    "collects surplus food from local shops", "gives free benefits and debt advice",
    "grows vegetables on a shared allotment", "helps people get online",
    "runs holiday activities for children", "organises walks and gentle exercise",
    "lends tools, toys and baby equipment", "supports carers with a monthly drop-in",
    "keeps the village hall open for every group", "visits people at home",
]  # fmt: skip

PHRASES = [
    "working together with neighbouring groups", "without merging", "across the county",
    "with funding from the parish council", "since the pandemic", "every week of the year",
    "with a small team of volunteers", "in partnership with the local surgery",
    "from the community centre", "at no cost to the people it serves",
    "as part of its forum", "after a successful pilot", "with new volunteers from the town",
    "thanks to a shared funding bid", "in the market square", "from the library",
]  # fmt: skip

NEWS_TOPICS = [
    "Volunteers wanted for {place} {kind}", "{place} {kind} opens a new warm space",
    "Shared minibus reaches {place}", "{place} celebrates ten years of {kind}",
    "New funding for {theme} in {place}", "{place} groups team up on {theme}",
    "Forum meeting brings {place} together", "{place} {kind} wins community award",
    "Winter appeal in {place} beats its target", "{theme}: what we learned in {place}",
    "{place} {kind} moves to a bigger hall", "Training day for {theme} volunteers",
]  # fmt: skip

EVENT_TOPICS = [
    "{theme} forum meeting", "Bid writing workshop", "Safeguarding refresher",
    "Trustee induction", "Volunteer fair in {place}", "Warm spaces network meeting",
    "Funding surgery for small groups", "{theme} cluster catch-up",
    "Measuring your impact", "Digital skills drop-in in {place}",
    "Annual conference: sharing without merging", "First aid for volunteers",
]  # fmt: skip

LISTING_TOPICS = {
    "volunteering": ["Drivers for {place} lunch club", "Befrienders for {beneficiaries}",
                     "Help at the {place} food bank", "Gardeners for the {place} allotment"],
    "giving": ["Small grant towards {theme} work", "Match funding for a {place} project",
               "Donations for a {place} winter appeal"],
    "documents": ["Safeguarding policy template", "Volunteer handbook to share",
                  "Lone working policy", "Data protection guide for small groups"],
    "skills": ["Bookkeeping help for {place} groups", "Shared finance officer",
               "HR advice for small charities", "Help with a funding bid on {theme}"],
    "equipment": ["Folding tables and chairs", "Minibus for weekend trips",
                  "Laptops for a digital skills class", "Gazebo and banners",
                  "Catering urn and crockery"],
    "venues": ["Meeting room in {place}", "Hall for a weekly class", "Office desk space",
               "Kitchen for a lunch club"],
    "other": ["Storage space for donations", "Van for a house move",
              "Help with a community event in {place}"],
}  # fmt: skip

FUNDERS = [
    "National Lottery Community Fund", "County Community Foundation", "Lloyds Bank Foundation",
    "Children in Need", "Garfield Weston Foundation", "Esmée Fairbairn Foundation",
    "Shire County Council", "Integrated Care Board", "Tudor Trust", "Power to Change",
    "Sport England", "Arts Council England", "Heritage Fund", "Comic Relief",
]  # fmt: skip

PROGRAMMES = [
    "Awards for All", "Reaching Communities", "Community Grants", "Warm Homes Fund",
    "Healthy Communities", "Small Grants", "Core Costs Fund", "Local Connections",
    "Social Prescribing Tender", "Youth Investment Fund",
]  # fmt: skip

CONSORTIUM_WORDS = ["Partnership", "Alliance", "Consortium", "Collaborative", "Network"]

SECTION_TITLES = [
    "Need for the project", "What we will do", "Who will benefit", "How we work together",
    "Outcomes and evaluation", "Safeguarding", "Sustainability after the grant",
    "Equality and inclusion",
]  # fmt: skip

FIRST_NAMES = [
    "Aisha", "Alan", "Amira", "Ben", "Bethan", "Carol", "Chloe", "Daniel", "Deepa", "Eleanor",
    "Emma", "Fatima", "Gareth", "Grace", "Hannah", "Ian", "Imran", "Jack", "Jane", "Kamala",
    "Karen", "Liam", "Lily", "Mark", "Megan", "Mohammed", "Nia", "Olivia", "Owen", "Priya",
    "Rachel", "Rhys", "Ruth", "Sam", "Sarah", "Sunita", "Tom", "Wendy", "Yusuf", "Zoe",
]  # fmt: skip

LAST_NAMES = [
    "Ahmed", "Baker", "Begum", "Brown", "Clarke", "Davies", "Edwards", "Evans", "Green",
    "Hall", "Hughes", "Jones", "Khan", "Lewis", "Martin", "Morgan", "Okafor", "Patel",
    "Roberts", "Robinson", "Shah", "Smith", "Taylor", "Thomas", "Walker", "Williams",
    "Wilson", "Wood", "Wright", "Young",
]  # fmt: skip
