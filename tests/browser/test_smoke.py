from browsing import no_traceback


def test_the_page_opens_with_its_title(page, artifacts):
    assert "linreg" in page.title()
    assert page.get_by_role("heading", name="linreg").is_visible()
    page.screenshot(path=str(artifacts / "smoke.png"))
    no_traceback(page)
