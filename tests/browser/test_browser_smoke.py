from harness.browsing import no_traceback


def test_the_page_opens_with_its_title_and_player(page, artifacts):
    assert page.title() == "linreg"
    assert page.get_by_role("heading", name="Linear regression, trained by gradient descent")\
        .is_visible()
    page.locator('[data-testid="linreg-player"]').wait_for()
    page.screenshot(path=str(artifacts / "smoke.png"))
    no_traceback(page)
