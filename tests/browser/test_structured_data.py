"""The JSON-LD of an article and of an initiative, read by a real browser under the site's
Content-Security-Policy: a data block, never run, so the policy (no inline script but
one hashed line) has nothing to refuse, and the data parses as JSON in the page."""

import pytest
from playwright.sync_api import expect

# Every Content-Security-Policy violation in the page, from before its first byte: the
# init script runs through the debugging protocol, which the page's policy does not bind.
RECORD_VIOLATIONS = """
window.cspViolations = [];
window.addEventListener("securitypolicyviolation", event => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
}, true);
"""
# The violations reported once the page has loaded: the browser reports them in a task of
# their own, so a frame and a task later every one of the loading is in.
REPORTED_VIOLATIONS = """() => new Promise(done =>
  requestAnimationFrame(() => setTimeout(() => done(window.cspViolations), 0)))"""
STRUCTURED_DATA = """() => [...document.querySelectorAll('script[type="application/ld+json"]')]
  .map(script => JSON.parse(script.textContent))"""


@pytest.fixture(params=["phone"])
def viewport(request) -> str:
    """The data does not depend on the screen: one size is enough."""
    return request.param


@pytest.fixture
def policy_messages(page) -> list[str]:
    """What the browser says in the console about the policy (it logs each refusal)."""
    page.add_init_script(RECORD_VIOLATIONS)
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


def open_first_card(page, listing: str) -> str:
    page.goto(listing)
    page.locator("main .card__title a").first.click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    page.wait_for_load_state("load")
    return heading.inner_text()


@pytest.mark.parametrize(
    ("listing", "schema_type"),
    [("/tin-tuc/", "NewsArticle"), ("/sang-kien/", "CreativeWork")],
    ids=["article", "initiative"],
)
def test_structured_data_parses_in_the_page_without_a_policy_violation(
    page, policy_messages, listing, schema_type
):
    title = open_first_card(page, listing)

    assert page.evaluate(REPORTED_VIOLATIONS) == []
    assert policy_messages == []
    data = page.evaluate(STRUCTURED_DATA)  # JSON.parse throws on a block that is not JSON
    by_type = {block["@type"]: block for block in data}
    assert set(by_type) == {schema_type, "BreadcrumbList"}
    assert by_type[schema_type]["@context"] == "https://schema.org"
    assert by_type[schema_type]["headline"] == title[:110]
    assert by_type[schema_type]["url"] == page.url
    crumbs = by_type["BreadcrumbList"]["itemListElement"]
    assert crumbs[0]["name"] == "Trang chủ"
    assert crumbs[-1]["item"] == page.url


def test_the_policy_violations_recorded_here_include_an_inline_script_it_refuses(context):
    """The recorder above does hear the policy: a script written into the page is refused
    and reported (on a page of its own, whose console errors are expected)."""
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto("/tin-tuc/")

    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.ranInline = true;";
      document.head.append(script);
    }""")
    page.wait_for_function("window.cspViolations.length > 0")
    assert page.evaluate("window.ranInline") is None
    assert page.evaluate("window.cspViolations")[0].startswith("script-src")
    assert any("Content Security Policy" in message for message in messages)
