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

Imports and uploads (files) are the other half of the corpus.
"""
