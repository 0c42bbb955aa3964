"""Near-duplicate fingerprints: what must not matter (typography, case, accents, elisions,
paragraph order) and what must (other words)."""

from __future__ import annotations

import numpy as np

from corpus.fingerprint import (
    MIN_WORDS,
    PERMUTATIONS,
    fingerprint,
    from_blobs,
    similarities,
    to_blob,
    words,
)

BODY = (
    "Le groupe Numidia Acier a annoncé jeudi l’ouverture d’une aciérie à Bellara, pour un "
    "investissement de 1 200 millions de dinars. L’unité produira 500 000 tonnes par an.\n\n"
    "« C’est une étape décisive pour l’industrie algérienne », a déclaré Hédi Chaabane, "
    "directeur général de l’entreprise, qu’accompagnait le wali d’Oran.\n\n"
    "Les exportations de rond à béton vers l’Europe ont progressé de 18 % l’an dernier, "
    "selon les douanes, et l’État mise sur la filière jusqu’à l’horizon 2030."
)


def _retyped(text: str) -> str:
    """What another title's CMS makes of the same text."""
    return (text.upper().replace("’", "'").replace("« ", "\"").replace(" »", "\"")
            .replace("É", "E").replace("é", "e").replace("à", "a").replace("1 200", "1200")
            .replace("500 000", "500.000").replace("  ", " "))


def test_words_fold_case_accents_elisions_and_digit_groups() -> None:
    assert words("L’État, l'ÉTAT et d’Œuvre : qu’il 1 200 €") == [
        "etat", "etat", "et", "oeuvre", "il", "1200"]
    assert words("Aujourd’hui jusqu’à Lorsqu'il") == ["aujourd", "hui", "a", "il"]


def test_typography_case_and_accents_do_not_change_the_fingerprint() -> None:
    a, b = fingerprint(BODY), fingerprint(_retyped(BODY))
    assert a.digest == b.digest
    assert a.signature is not None and b.signature is not None
    assert np.array_equal(a.signature, b.signature)


def test_paragraph_order_does_not_change_the_signature() -> None:
    paragraphs = BODY.split("\n\n")
    shuffled = "\n\n".join([paragraphs[2], paragraphs[0], paragraphs[1]])
    a, b = fingerprint(BODY), fingerprint(shuffled)
    assert a.signature is not None and b.signature is not None
    assert np.array_equal(a.signature, b.signature)
    assert a.digest != b.digest  # the body did change: a stored article is regrouped


def test_other_words_change_the_signature_in_proportion() -> None:
    a = fingerprint(BODY)
    cut = fingerprint(BODY.rsplit("\n\n", 1)[0])
    other = fingerprint(BODY.replace("Numidia Acier", "Hoggar Mines").replace("Bellara", "Annaba")
                        .replace("rond à béton", "minerai de fer"))
    assert a.signature is not None and cut.signature is not None
    assert other.signature is not None
    sigs = from_blobs([to_blob(cut.signature), to_blob(other.signature)])
    jaccard, containment = similarities(a.signature, a.shingles, sigs,
                                        np.array([cut.shingles, other.shingles]))
    assert containment[0] > 0.85           # the cut version lies inside the full one
    assert 0.4 < jaccard[0] < 0.85         # but is not the same set
    assert jaccard[1] < jaccard[0]         # renamed entities: fewer shared shingles


def test_short_bodies_are_not_sketched() -> None:
    fp = fingerprint(" ".join(["usine"] * (MIN_WORDS - 1)))
    assert fp.signature is None and fp.bands() == []
    long = fingerprint(BODY)
    assert long.signature is not None and long.signature.shape == (PERMUTATIONS,)
    assert len(long.bands()) == len(set(long.bands())) > 0


def test_fingerprints_are_stable_across_processes() -> None:
    # The signature is stored: it must not depend on PYTHONHASHSEED or the platform.
    import os
    import subprocess
    import sys
    code = ("from corpus.fingerprint import fingerprint; import sys; "
            "sys.stdout.write(fingerprint(sys.stdin.read()).signature.tobytes().hex())")
    runs = {subprocess.run([sys.executable, "-c", code], input=BODY, capture_output=True,
                           text=True, env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout
            for seed in ("1", "2")}
    assert len(runs) == 1
    sig = fingerprint(BODY).signature
    assert sig is not None and runs == {sig.tobytes().hex()}
