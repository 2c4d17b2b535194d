"""The bad-input corpus (issue 14, point 2): every answer 200/400 with a translated message, never a server
error, never a partial write.

Forms (``test_forms_*.py``, harness in ``conftest.py``, the "no partial write" fingerprint in ``integrity.py``):
49 form endpoints — the hospital network (registry, pipeline, agreement, signing, filing, steps, evaluation,
function decisions, maintenance, activity records), the reference data, search and staff evaluation, reminders,
document verification, injury claims (report with its persons, persons, follow-up, bills with their lines,
reveals), the guarantee (draft, step, prepayment, VIP), litigation (open, claims, plan, opinion), the green channel
(booking request, deposit application), scoring (year, rubric, notes, answers, adjustments, questionnaire,
unreachable) and the sign-in form. Each endpoint is posted

- once with its valid data (it must be taken: the corpus then meets the real validation, not a refusal for some
  other reason);
- with the 10 values of the fixed core corpus (``CORE``, Hypothesis ``@example``s), each in the next field;
- with 3 values Hypothesis draws (``BADINPUT_GENERATED``, default 3) from generated text with control, bidi,
  zero-width, formula and markup characters, numbers (overflowing, NaN, signed zero, 12+ decimals), impossible
  dates, lists, and the rest of the fixed corpus (``MORE``); ``derandomize=True``, ``database=None``.

That is 46 valid posts (three records of the hospital pipeline are only refused: ``NOT_READY`` in
``test_forms_existing.py``) and 49 × (10 + 3) corpus posts: 683 submissions reaching the server per run, counted
by the harness and printed at the end of a run without xdist:

    .venv/bin/pytest tests/badinput/test_forms_*.py -p no:xdist -q
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/pytest tests/badinput/test_forms_*.py -p no:xdist -q

The forms taken after those (``test_forms_claims_steps.py``, ``_settlement.py``, ``_litigation_court.py``,
``_mediation.py``, ``_fast_track.py``, ``_bookings.py``, ``_deposit_steps.py``, ``_hospitals_steps.py``): 35 form
endpoints — the survey's arrival, opening an investigation, its findings, the reviewer's line decisions; the
settlement's facts, documents, payment, payment paid, the bank's batch, the guarantee's recovery; a hearing
scheduled and moved, the court's judgment; the mediation plan with its items, the mediation agreement; the fast
track's facts, phone confirmation, agreement and score; the green channel's lookup, experts, choice, confirmation,
service delivered, no-show, cancellation, satisfaction call and the network list's decision; the deposit paid, a
top-up request, the discharge notice and settlement; the liaisons (active, and frozen: refusals only) and HQ's
approval. To keep the run short these take 1 generated value per form (``with_core_corpus(generated=1)``) and each
test builds only its own endpoint's records: 34 valid posts + 35 × (10 + 1) corpus posts = 419 submissions.

    .venv/bin/pytest $(ls tests/badinput/test_forms_*.py) -p no:xdist -q    # 683 + 419 = 1,102 submissions

Imports and uploads (files) are the other half of the corpus.
"""
