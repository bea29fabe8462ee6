"""The exchange's vocabularies as plain strings (issue 11): what a post is, the kinds of
resource an alliance trades in, how far a post reaches, how urgent it is. The pure cores
(matching, parsing) use these; ``exchange.models`` gives them translated labels and is
what Django code imports. One place, so that a category is never spelled twice."""

# What a post is.
NEED = "need"
OFFER = "offer"
PARTNER_SEARCH = "partner_search"
POST_KINDS = (NEED, OFFER, PARTNER_SEARCH)

# The resources an alliance trades in (the forum of 2020: "I need help / I can help /
# technological solutions / best practices / funding opportunities").
PROTECTIVE_EQUIPMENT = "protective_equipment"
MEDICAL_DEVICES = "medical_devices"
RAW_MATERIALS = "raw_materials"  # raw materials and components
LOGISTICS = "logistics"  # logistics and transport
PRODUCTION_CAPACITY = "production_capacity"
DIGITAL = "digital"  # digital tools and services
EXPERTISE = "expertise"  # expertise and training
FUNDING = "funding"  # funding and finance
PREMISES = "premises"  # premises and facilities
WORKFORCE = "workforce"
OTHER = "other"
RESOURCE_CATEGORIES = (PROTECTIVE_EQUIPMENT, MEDICAL_DEVICES, RAW_MATERIALS, LOGISTICS, PRODUCTION_CAPACITY,
                       DIGITAL, EXPERTISE, FUNDING, PREMISES, WORKFORCE, OTHER)

# How far an offer or need reaches.
LOCAL = "local"
NATIONAL = "national"
EU_WIDE = "eu"
REACHES = (LOCAL, NATIONAL, EU_WIDE)

URGENCIES = ("low", "normal", "high", "critical")
