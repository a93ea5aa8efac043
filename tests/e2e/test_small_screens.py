"""Screens that hold: the caseload and the referrals read on a phone (375 px wide) as cards, without a sideways
scroll; a seconded agent's header (organisation switcher, notifications, account, language) fits at 1280 px."""

from __future__ import annotations

import pytest

from tests.e2e.test_login_journey import login

ADVISER = "conseiller.alsace-nord@demo.tandem.localhost"
FRANCE_TRAVAIL_AGENT = "agent.haguenau@demo.tandem.localhost"
SECONDED_AGENT = "seconde.bordeaux@demo.tandem.localhost"

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth"


@pytest.fixture
def phone(browser, server_url):
    context = browser.new_context(
        base_url=server_url, locale="fr-FR", viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def laptop(browser, server_url):
    context = browser.new_context(base_url=server_url, locale="fr-FR", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(
    ("email", "url"),
    [
        (ADVISER, "/personnes/"),
        (ADVISER, "/orientations/"),
        # France Travail sends designations: its sent tab is the full one.
        (FRANCE_TRAVAIL_AGENT, "/orientations/?onglet=envoyees"),
        (ADVISER, "/offres/"),
    ],
)
def test_lists_read_as_cards_on_a_phone(phone, email, url, tmp_path):
    login(phone, email)
    phone.goto(url)
    rows = phone.locator("main .tandem-cards tbody tr")
    assert rows.count() > 0
    assert phone.evaluate(NO_SIDEWAYS_SCROLL) <= 375
    # A row is a card: block-level, as wide as the screen's content, its cells labelled.
    first = rows.first
    assert first.evaluate("row => getComputedStyle(row).display") == "block"
    assert first.bounding_box()["width"] <= 375
    labels = first.locator("td").evaluate_all(
        "cells => cells.map(cell => getComputedStyle(cell, '::before').content).filter(c => c && c !== 'none')"
    )
    assert labels, "each card shows its columns' names"
    name = url.strip("/").replace("/", "-").replace("?onglet=", "-") or "home"
    phone.screenshot(path=str(tmp_path / f"{name}-375.png"), full_page=True)
    assert (tmp_path / f"{name}-375.png").stat().st_size > 0


def test_the_home_and_a_record_hold_on_a_phone(phone):
    login(phone, ADVISER)
    assert phone.evaluate(NO_SIDEWAYS_SCROLL) <= 375
    phone.goto("/personnes/")
    phone.locator("main .tandem-cards tbody tr a").first.click()
    phone.wait_for_url("**/personnes/*/")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL) <= 375


def test_a_seconded_agents_header_fits_at_1280_px(laptop, tmp_path):
    login(laptop, SECONDED_AGENT)
    tools = laptop.locator(".fr-header__tools-links")
    assert tools.get_by_label("Organisation pour laquelle vous agissez").is_visible()
    assert laptop.evaluate(NO_SIDEWAYS_SCROLL) <= 1280
    # Nothing spills out of the header's tools, and every control stays inside the window, none over another.
    # (DSFR's button group sits 4 px past its box on purpose, its buttons' margins: the controls are measured.)
    outside = tools.evaluate(
        "el => { const box = el.getBoundingClientRect(); return [...el.querySelectorAll('a, button, select')]"
        ".filter(c => { const r = c.getBoundingClientRect(); "
        "return r.left < box.left - 1 || r.right > box.right + 1; })"
        ".map(c => c.outerHTML.slice(0, 80)); }"
    )
    assert outside == []
    boxes = tools.locator(":scope > ul > li").evaluate_all(
        "items => items.map(li => { const r = li.getBoundingClientRect(); "
        "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })"
    )
    assert len(boxes) >= 4
    for box in boxes:
        assert 0 <= box["left"] and box["right"] <= 1280, boxes
    for one, other in zip(boxes, boxes[1:], strict=False):
        same_line = one["top"] < other["bottom"] and other["top"] < one["bottom"]
        assert not same_line or one["right"] <= other["left"] + 1, boxes
    brand = laptop.locator(".fr-header__brand").bounding_box()
    tools_box = tools.bounding_box()
    assert brand["x"] + brand["width"] <= tools_box["x"] + 1 or brand["y"] + brand["height"] <= tools_box["y"] + 1
    laptop.locator("header").screenshot(path=str(tmp_path / "header-seconded-1280.png"))
