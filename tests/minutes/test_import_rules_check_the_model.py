"""Rule cues check the model: a cue that names other kinds than the model's answer wins
when the model finds its kind plausible, and the sentence is flagged for a person either way."""

from alliance.lib.kinds import SENTENCE_LABELS
from alliance.minutes import classify


def toy(framework, solution):
    """A model that reads one word, "plan", with the given weights for framework and solution."""
    weights = [framework if label == "framework" else solution if label == "solution" else 0.0
               for label in SENTENCE_LABELS]
    return classify.Model(labels=SENTENCE_LABELS, idf={"plan": 1.0}, weights={"plan": weights},
                          intercept=[0.0] * len(SENTENCE_LABELS))


def test_the_cues_are_found_in_every_ui_language():
    assert classify.cues("Restart should follow a coordinated EU approach") == ["modal"]
    assert "needed" in classify.cues("Clusters need flexible funding rules")
    for sentence in ("The tourism ecosystem was hit hard by travel restrictions", "Fairs were cancelled",
                     "Projects have been stopped", "There is a lack of masks", "Sales fell by half",
                     "Die Messen wurden abgesagt", "Les salons ont été annulés", "Le fiere sono state cancellate",
                     "Las ferias fueron canceladas", "Es herrscht ein Mangel an Masken", "Il y a une pénurie de gel"):
        assert "broke" in classify.cues(sentence), sentence


def test_a_modal_cue_overrides_a_model_that_says_framework_and_flags_the_sentence():
    guess = toy(framework=3.0, solution=2.0).guess("The plan should be shared")
    assert guess.label == "solution" and guess.disagrees and guess.flagged


def test_a_cue_does_not_override_a_model_sure_of_another_kind_but_still_flags():
    guess = toy(framework=9.0, solution=0.0).guess("The plan should be shared")
    assert guess.label == "framework" and guess.flagged


def test_a_sentence_without_cues_is_flagged_only_when_the_model_is_unsure():
    assert not toy(framework=9.0, solution=0.0).guess("The plan").flagged
    unsure = toy(framework=0.1, solution=0.0).guess("The plan")
    assert unsure.confidence < classify.CONFIDENT and unsure.flagged
