from tests.helpers import make_app


def test_unknown_page_gets_the_styled_404_with_a_way_back(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'href="/"' in response.text


def test_a_server_error_shows_a_calm_page_and_no_traceback(course_db, new_database):
    app = make_app(new_database(course_db), PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


def test_oversized_request_body_is_refused_with_413(client, learner):
    response = client.post("/modules/case-studies/quiz", data={"x": "a" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Too much data" in response.text
