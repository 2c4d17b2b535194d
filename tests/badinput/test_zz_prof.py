import cProfile, pstats
from tests.badinput.conftest import submit, CORE
from tests.badinput.test_forms_existing import endpoints  # noqa
from tests.test_form_errors import world  # noqa
from tests.badinput.integrity import fingerprint
import time

def test_prof(endpoints):
    e = endpoints["step reject"]
    t=time.perf_counter()
    for i in range(20): fingerprint()
    print("fingerprint", (time.perf_counter()-t)/20)
    t=time.perf_counter()
    for i in range(20): e.client.post(e.url, {**e.data, "note": ""})
    print("post", (time.perf_counter()-t)/20)
    pr = cProfile.Profile(); pr.enable()
    for i in range(10): e.client.post(e.url, {**e.data, "note": ""})
    pr.disable()
    pstats.Stats(pr).sort_stats("tottime").print_stats(25)
