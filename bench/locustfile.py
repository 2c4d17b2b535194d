"""The personas of the load test (issue 14 point 1), run by bench/load.py, which prepares the data, writes the plan
(LOAD_PLAN: var/load/plan.json — who logs in and what each one works on) and starts the production stack.

Each simulated user logs in as a real user of the data set (the plan's logins, the demo password) and works as that
role does, with think times between its pages (wait_time between tasks, a few seconds inside a task between a page
and the form posted from it). The mix for 50 users (locust spreads them by weight):

- 20 adjusters (follow-up handlers of the branches and sub-branches): the inbox, a claim page and one of its
  persons, and the follow-up: the person's page, a bill recorded with its scan (an upload, multipart), the follow-up
  form posted (which sends it to follow-up review);
- 8 medical reviewers: their queue, a review opened from it and approved;
- 4 calculators (理算核赔): a settlement recalculated, its calculation sheet printed — the print is a job run by the
  Celery worker: "print: request → PDF ready" is the time from the POST to the job's status fragment answering
  done, polled as the page does (with HX-Request), every 0.25 s here instead of the page's 1 s to measure it to
  a quarter second;
- 6 green-channel agents: customer look-up by policy number, a new booking request;
- 6 branch managers: coverage of their branch, their branch's scorecard, the inbox;
- 6 HQ approvers: HQ's approvals desk, this year's ranking.

A request fails when the answer is not the one a user expects: a page not 200, a form post that does not redirect
(the form came back with errors: the error is taken from the page), a print whose job fails or is not ready in 60 s.
Static files are left out (a browser has them cached after the first page).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ.get("LOAD_PLAN", "var/load/plan.json")).read_text())
PASSWORD = PLAN["password"]
PNG = bytes.fromhex(  # a 1×1 PNG: the scan of the bill
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a0e1c6a30000000049454e44ae426082"
)
ERROR = re.compile(r'class="[^"]*(?:errorlist|verdict-bad|toast-error)[^"]*"[^>]*>(.*?)</', re.S)
REVIEW_LINK = re.compile(r'href="/claims/reviews/(\d+)/"')
THINK = (1.0, 4.0)  # seconds between a page and the form posted from it


def lost(answer) -> str:
    """Why there was no answer at all (status 0): the connection's error."""
    return f" ({type(answer.error).__name__}: {answer.error})"[:300] if answer.status_code == 0 else ""


class Accounts:
    """Hands the plan's logins out in turn, and each login's work items (persons, bookings) once only."""

    def __init__(self, accounts: list[dict]):
        self.accounts = accounts
        self.turn = itertools.count()
        self.pools: dict[str, dict[str, list]] = {}

    def take(self) -> dict:
        if not self.accounts:
            raise RuntimeError("the plan has no login for this persona")
        return self.accounts[next(self.turn) % len(self.accounts)]

    def pop(self, account: dict, key: str):
        pool = self.pools.setdefault(account["username"], {})
        if key not in pool:
            pool[key] = list(account.get(key) or [])
            random.shuffle(pool[key])
        return pool[key].pop() if pool[key] else None


class Staff(HttpUser):
    abstract = True
    wait_time = between(3, 10)
    accounts: Accounts

    def on_start(self) -> None:
        self.account = self.accounts.take()
        self.client.get("/accounts/login/", name="login form")
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.account["username"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"login of {self.account['username']} refused ({answer.status_code})")

    # --- helpers ------------------------------------------------------------------------------------------------
    def page(self, url: str, name: str, **headers) -> str:
        with self.client.get(url, name=name, headers=headers or None, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code} for {url}{lost(answer)}")
                return ""
            return answer.text

    def post(self, url: str, name: str, data: dict, files=None, expect: str | None = None) -> str | None:
        """POST a form; success is a redirect (to ``expect`` when given). Returns where it redirected."""
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            url, data=data, files=files, name=name, allow_redirects=False, catch_response=True
        ) as answer:
            where = answer.headers.get("Location", "")
            if answer.status_code != 302:
                errors = [" ".join(m.split()) for m in ERROR.findall(answer.text or "")]
                reason = "no answer" if answer.status_code == 0 else "form refused"
                answer.failure(
                    f"{answer.status_code}, {reason}: {'; '.join(errors)[:200] or url}{lost(answer)}"
                )
                return None
            if expect and not where.startswith(expect):
                answer.failure(f"redirected to {where}, not {expect}")
                return None
            return where

    def think(self) -> None:
        time.sleep(random.uniform(*THINK))


class Adjuster(Staff):
    weight = 20
    accounts = Accounts(PLAN["adjusters"])

    @task(3)
    def inbox(self):
        self.page("/", "inbox")

    @task(3)
    def claim(self):
        person, claim = random.choice(self.account["persons"])
        self.page(f"/claims/claims/{claim}/", "claim page")
        self.think()
        self.page(f"/claims/persons/{person}/", "person page")

    @task(1)
    def follow_up(self):
        item = self.accounts.pop(self.account, "persons")
        if item is None:
            return
        person, _claim = item
        self.page(f"/claims/persons/{person}/", "person page")
        self.think()
        today = time.strftime("%Y-%m-%d")
        self.page(f"/claims/persons/{person}/bills/new/", "bill form")
        self.think()
        self.post(
            f"/claims/persons/{person}/bills/new/",
            "bill with scan (upload)",
            {
                "number": f"LT{random.randrange(10**9):09d}",
                "kind": "outpatient",
                "issued_on": today,
                "hospital_name": "吉林大学第一医院",
                "lines-TOTAL_FORMS": "1",
                "lines-INITIAL_FORMS": "0",
                "lines-MIN_NUM_FORMS": "1",
                "lines-MAX_NUM_FORMS": "200",
                "lines-0-item": "复查 X 线",
                "lines-0-category": "",
                "lines-0-quantity": "1",
                "lines-0-unit_price": "120.00",
                "lines-0-amount_claimed": "120.00",
            },
            files={"scan": ("bill.png", PNG, "image/png")},
        )
        self.think()
        self.post(
            f"/claims/persons/{person}/follow-up/",
            "follow-up",
            {
                "expected_state": "subsequent",
                "contact_mode": "phone",
                "checklist": "treatment",
                "summary": "电话回访：伤者门诊复查，恢复良好，已告知可调解结案。",
                "estimate": "8000.00",
                "mediation_offered": "on",
                "next_on": "",
                "outcome": "",
            },
        )


class Reviewer(Staff):
    weight = 8
    accounts = Accounts(PLAN["reviewers"])

    @task(2)
    def queue(self):
        self.page("/claims/reviews/", "review queue")

    @task(2)
    def review(self):
        found = REVIEW_LINK.findall(self.page("/claims/reviews/", "review queue"))
        if not found:
            return
        pk = random.choice(found[:20])
        self.think()
        self.page(f"/claims/reviews/{pk}/", "review")
        self.think()
        self.post(
            f"/claims/reviews/{pk}/decide/approve/",
            "review: approve",
            {"expected_state": "pending", "note": "同意"},
            expect="/claims/reviews/",
        )


class Calculator(Staff):
    weight = 4
    # Only the branches with a settlement the reference data lets them calculate.
    accounts = Accounts([a for a in PLAN["calculators"] if a["settlements"]])

    @task(2)
    def calculate(self):
        if not self.account["settlements"]:
            return
        pk = random.choice(self.account["settlements"])
        self.page(f"/claims/settlements/{pk}/", "settlement page")
        self.think()
        self.post(
            f"/claims/settlements/{pk}/calculate/", "calculate", {}, expect=f"/claims/settlements/{pk}/"
        )

    @task(1)
    def print_sheet(self):
        if not self.account["settlements"]:
            return
        pk = random.choice(self.account["settlements"])
        self.page(f"/claims/settlements/{pk}/", "settlement page")
        self.think()
        started = time.perf_counter()
        job = self.post(
            f"/claims/settlements/{pk}/print/sheet/", "print calculation sheet", {}, expect="/documents/jobs/"
        )
        if job is None:
            return
        self.page(job, "job page")
        status = ""
        while time.perf_counter() - started < 60:
            status = self.page(job, "job status (poll)", **{"HX-Request": "true"})
            if 'data-status="done"' in status or 'data-status="failed"' in status:
                break
            time.sleep(0.25)
        elapsed = (time.perf_counter() - started) * 1000
        failed = None
        if 'data-status="done"' not in status:
            failed = RuntimeError(
                "print failed" if 'data-status="failed"' in status else "print not ready in 60 s"
            )
        events.request.fire(
            request_type="PRINT",
            name="print: request → PDF ready",
            response_time=elapsed,
            response_length=0,
            exception=failed,
            context={},
        )


class GreenChannelAgent(Staff):
    weight = 6
    accounts = Accounts(PLAN["agents"])

    @task(3)
    def lookup(self):
        number = random.choice(self.account["policies"])
        self.page("/green-channel/", "green channel: lookup form")
        self.think()
        self.page(f"/green-channel/?q={number}", "green channel: lookup")

    @task(1)
    def booking(self):
        pair = self.accounts.pop(self.account, "bookings")
        if pair is None:
            return
        policy, service = pair
        self.page(f"/green-channel/policies/{policy}/request/?service={service}", "booking form")
        self.think()
        self.post(
            f"/green-channel/policies/{policy}/request/",
            "booking: request",
            {
                "service": service,
                "channel": "phone",
                "need": "客户来电，希望预约肿瘤科专家门诊。",
                "city": "长春市",
                "hospital": "",
                "department": "肿瘤科",
                "mobile": "",
            },
            expect="/green-channel/bookings/",
        )


class BranchManager(Staff):
    weight = 6
    accounts = Accounts(PLAN["managers"])

    @task(2)
    def coverage(self):
        self.page("/hospitals/coverage/", "coverage (branch)")

    @task(2)
    def scorecard(self):
        if self.account.get("scorecard"):
            self.page(f"/scoring/cards/{self.account['scorecard']}/", "scorecard")

    @task(1)
    def inbox(self):
        self.page("/", "inbox")


class Headquarters(Staff):
    weight = 6
    accounts = Accounts(PLAN["hq"])

    @task(2)
    def approvals(self):
        self.page("/hospitals/approvals/", "approvals (HQ)")

    @task(2)
    def ranking(self):
        self.page(f"/scoring/{PLAN['year']}/ranking/", "ranking (HQ)")

    @task(1)
    def coverage(self):
        self.page("/hospitals/coverage/", "coverage (HQ)")
