"""The kinds of statement the alliance collects: one vocabulary for the live room, the
minutes, the importer and, next, the forum's posts.

Plain strings, so the pure cores (the drafter, the classifier, the importer's parsing)
use them without importing Django; ``meetings.models.ContributionKind`` gives them
their translated labels and is what Django code imports.
"""

FRAMEWORK = "framework"
DISRUPTION = "disruption"
NEED = "need"
SOLUTION = "solution"
REFERENCE = "reference"
CONTRIBUTION_KINDS = (FRAMEWORK, DISRUPTION, NEED, SOLUTION, REFERENCE)

# What the prose classifier may say of a sentence: one of the kinds it can tell from
# the wording (a reference is a link, not a wording), or not a statement at all.
OTHER = "other"
SENTENCE_LABELS = (FRAMEWORK, DISRUPTION, NEED, SOLUTION, OTHER)

# What the overview of needs collects (issue 10): the kinds that say what the crisis broke,
# what is needed and what helps — from sessions today, and from the forum's posts next.
STATEMENT_KINDS = (DISRUPTION, NEED, SOLUTION)
