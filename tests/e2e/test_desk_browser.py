"""The desk page in a real browser (Debian's chromium through Selenium and chromium-driver) against
the running API, real workers and the sample site: submit, watch it fill in, review, reload.

A screenshot is kept under tmp/artefacts/ (not committed). Skipped only when chromium or
chromium-driver is not installed (.ci/run installs both).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newscheck.localserver import LocalServer, Route
from newscheck.sample_site import article_url, load_manifest, site_routes, source_urls

REPO = Path(__file__).resolve().parents[2]
ARTEFACTS = REPO / "tmp" / "artefacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
LABELS = {"supported", "contradicted", "mixed", "unverified"}
WAIT = 240  # seconds: an upper bound for the whole article on a loaded machine, never an expectation

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="Debian chromium and chromium-driver are not installed (apt-get install chromium chromium-driver; .ci/run does it)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1100", "--disable-extensions", "--no-first-run"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: Any, condition: Any, timeout: float = WAIT) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # the page swaps its live part as verdicts arrive: an element read mid-swap is read again
    return WebDriverWait(driver, timeout, poll_frequency=0.2,
                         ignored_exceptions=[StaleElementReferenceException]).until(condition)


def csp_violations(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def test_submit_watch_review_and_reload(stack: Any, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    manifest = load_manifest()
    with LocalServer(site_routes()) as site:
        browser.get(stack.client.base + "/")
        browser.find_element(By.ID, "f-url").send_keys(article_url(site.base_url))
        browser.find_element(By.ID, "f-sources").send_keys("\n".join(source_urls(site.base_url)))
        published = browser.find_element(By.ID, "f-published")
        browser.execute_script("arguments[0].value = arguments[1]", published, manifest["published"])
        browser.find_element(By.CSS_SELECTOR, "#submit-form button[type=submit]").click()
        wait_for(browser, lambda d: "/articles/a_" in d.current_url, 60)
        wait_for(browser, lambda d: d.find_elements(By.ID, "live"), 30)
        first_status = browser.find_element(By.ID, "live").get_attribute("data-status")
        browser.execute_script("window.__sameDocument = true")

        def finished(d: Any) -> bool:
            live = d.find_element(By.ID, "live")
            marks = live.find_elements(By.CSS_SELECTOR, "a.claim")
            return live.get_attribute("data-status") == "done" and bool(marks) and all(
                m.get_attribute("data-label") in LABELS for m in marks)

        wait_for(browser, finished)
    # the hanging source keeps the article open for seconds: the page was loaded before it finished,
    # and the verdicts arrived over the event stream without reloading the page
    assert first_status in ("queued", "running")
    assert browser.execute_script("return window.__sameDocument") is True
    marks = browser.find_elements(By.CSS_SELECTOR, "#live a.claim")
    labels = {m.get_attribute("data-label") for m in marks}
    assert {"supported", "contradicted"} <= labels
    for mark in marks:  # colour never alone: every highlight carries its label as text
        assert mark.find_element(By.CSS_SELECTOR, ".badge").text.split(" ")[0] == mark.get_attribute("data-label")

    supported = next(m for m in marks if m.get_attribute("data-label") == "supported")
    cid = supported.get_attribute("data-claim")
    browser.execute_script("arguments[0].focus()", supported)  # keyboard focus shows speaker and figures
    tip = browser.find_element(By.ID, f"tip-{cid}")
    assert tip.is_displayed() and tip.text.startswith("Speaker: ")
    supported.click()
    panel = browser.find_element(By.ID, f"claim-{cid}")
    wait_for(browser, lambda d: panel.is_displayed(), 10)
    assert panel.find_element(By.CSS_SELECTOR, ".rationale").text.strip()
    assert "Evidence from independent sources" in panel.text

    Select(panel.find_element(By.CSS_SELECTOR, "select[name=label]")).select_by_value("mixed")
    panel.find_element(By.CSS_SELECTOR, "textarea[name=note]").send_keys("Desk check: only one count agrees.")
    panel.find_element(By.CSS_SELECTOR, ".review-form button[type=submit]").click()
    wait_for(browser, lambda d: "Reviewed" in d.find_element(By.ID, f"claim-{cid}").text, 30)

    browser.refresh()
    panel = wait_for(browser, lambda d: d.find_element(By.ID, f"claim-{cid}"), 30)
    assert panel.is_displayed()  # the claim's panel reopens from the address
    assert "Desk check: only one count agrees." in panel.text and "machine: supported" in panel.text
    mark = browser.find_element(By.ID, f"mark-{cid}")
    assert mark.get_attribute("data-label") == "mixed" and "reviewed" in mark.text

    aid = browser.current_url.split("/articles/")[1].split("#")[0]
    report = stack.client.report(aid)
    claim = next(c for c in report["claims"] if c["id"] == cid)
    assert claim["verdict"]["label"] == "supported" and claim["review"]["label"] == "mixed"
    assert claim["review"]["by"] == "anonymous"  # keys are off on this stack

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(str(ARTEFACTS / "desk-article.png"))
    assert csp_violations(browser) == []

    browser.get(stack.client.base + "/?status=done")  # the list: newest first, with its verdict counts
    row = browser.find_element(By.CSS_SELECTOR, f'table.articles a[href="/articles/{aid}"]').find_element(By.XPATH, "./../..")
    assert "done" in row.text and "1 reviewed" in row.text and "mixed" in row.text
    assert browser.save_screenshot(str(ARTEFACTS / "desk-list.png"))


def test_markup_in_a_source_passage_renders_as_text(stack: Any, browser: Any) -> None:
    import redis
    from selenium.webdriver.common.by import By

    from pipeline.adapters.redis_state import RedisState
    from tests.support.desk_state import seed_article

    hostile = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> 4,000 riders'
    client = redis.Redis.from_url(stack.env["NEWSCHECK_REDIS_URL"], decode_responses=True)
    store = RedisState.over(client, prefix=stack.env.get("NEWSCHECK_KEY_PREFIX", "nc"))
    aid, claims = seed_article(store, passage=hostile, title='<img src=x onerror="window.__xss = 3">Tram', tag="xss")
    browser.get(f"{stack.client.base}/articles/{aid}#claim-{claims[0].id}")
    panel = wait_for(browser, lambda d: d.find_element(By.ID, f"claim-{claims[0].id}"), 30)
    assert panel.is_displayed()
    passages = [p.text for p in panel.find_elements(By.CSS_SELECTOR, ".passage")]
    assert passages and passages[0].startswith("<script>window.__xss = 1</script><img src=x")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("<img src=x")
    assert browser.execute_script("return window.__xss") is None
    assert browser.find_elements(By.CSS_SELECTOR, "#live script, #live img, h1 img") == []
    assert csp_violations(browser) == []


SHIP_ARTICLE = ("Harbour master Oren Voss said 14 cargo ships were held outside the port of Tessaly on Tuesday "
                "because of the storm.")
SHIP_SOURCE = ("<html><head><title>Storm holds ships</title></head><body><article><h1>Storm holds ships at Tessaly</h1>"
               "<p>Fourteen cargo ships were held outside the port of Tessaly on Tuesday "
               "&lt;script&gt;window.__xss = 1&lt;/script&gt; as the storm passed, harbour master Oren Voss told "
               "reporters.</p><p>Crews waited for the wind to drop before entering.</p></article></body></html>")


def test_pasted_text_and_a_fetched_source_with_script_text_by_keyboard(stack: Any, browser: Any) -> None:
    """Pasted text, a real source page whose text holds "<script>", and only the keyboard to open the claim."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.common.action_chains import ActionChains

    with LocalServer({"/storm.html": Route(body=SHIP_SOURCE)}) as site:
        browser.get(stack.client.base + "/")
        browser.find_element(By.ID, "f-content").send_keys(SHIP_ARTICLE)
        browser.find_element(By.ID, "f-sources").send_keys(site.url("/storm.html"))
        browser.find_element(By.CSS_SELECTOR, "#submit-form button[type=submit]").click()
        wait_for(browser, lambda d: "/articles/a_" in d.current_url, 60)
        wait_for(browser, lambda d: d.find_element(By.ID, "live").get_attribute("data-status") == "done")
    keys = ActionChains(browser)
    for _ in range(40):  # Tab through the page until a highlighted claim has the focus
        keys.send_keys(Keys.TAB).perform()
        if browser.execute_script("return document.activeElement.classList.contains('claim')"):
            break
    cid = browser.execute_script("return document.activeElement.getAttribute('data-claim')")
    assert cid, "no highlighted claim is reachable with Tab"
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    panel = browser.find_element(By.ID, f"claim-{cid}")
    wait_for(browser, lambda d: panel.is_displayed(), 10)
    assert browser.execute_script("return document.activeElement.id") == f"h-{cid}"  # focus moved into the panel
    passages = [p.text for p in panel.find_elements(By.CSS_SELECTOR, ".passage")]
    assert any("<script>window.__xss = 1</script>" in p for p in passages), passages
    assert browser.execute_script("return window.__xss") is None
    assert browser.find_elements(By.CSS_SELECTOR, "#live script") == []
    assert csp_violations(browser) == []


def test_with_keys_on_the_page_asks_for_a_key_and_reviews_in_its_name(stack: Any, browser: Any,
                                                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    import redis
    from selenium.webdriver.common.by import By

    from newscheck.client import ApiClient
    from newscheck.demo import Services, wait_healthy
    from newscheck.redis_server import free_port
    from pipeline.adapters.redis_state import RedisState
    from tests.support.desk_state import seed_article

    client = redis.Redis.from_url(stack.env["NEWSCHECK_REDIS_URL"], decode_responses=True)
    aid, claims = seed_article(RedisState.over(client, prefix=stack.env.get("NEWSCHECK_KEY_PREFIX", "nc")), tag="keys")
    services = Services({**stack.env, "NEWSCHECK_API_KEYS": "desk-editor:k3y"})
    try:
        base = services.start_api(free_port(), tmp_path_factory.mktemp("keyed-desk"))
        wait_healthy(ApiClient(base), timeout=60, need_workers=False)
        browser.get(f"{base}/articles/{aid}#claim-{claims[0].id}")
        assert browser.find_elements(By.ID, "live") == [] and browser.find_element(By.ID, "key-form")
        browser.find_element(By.ID, "api-key").send_keys("desk-editor:k3y")
        browser.find_element(By.CSS_SELECTOR, "#key-form button").click()
        panel = wait_for(browser, lambda d: d.find_element(By.ID, f"claim-{claims[0].id}"), 30)
        assert panel.is_displayed()
        panel.find_element(By.CSS_SELECTOR, "textarea[name=note]").send_keys("keyed review")
        panel.find_element(By.CSS_SELECTOR, ".review-form button[type=submit]").click()
        wait_for(browser, lambda d: "by desk-editor" in d.find_element(By.ID, f"claim-{claims[0].id}").text, 30)
        browser.find_element(By.ID, "forget-key").click()
        wait_for(browser, lambda d: d.find_elements(By.ID, "key-form"), 30)
    finally:
        browser.delete_all_cookies()
        services.stop()
