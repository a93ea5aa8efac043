"""Following an import as a user does: upload, then read the job's page (or the API's job) once it has run."""

from __future__ import annotations


def import_through_page(client, url: str, data: dict, capture):
    """POST the upload form, let the queued import run (on commit), and return the import's page."""
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, getattr(response, "text", response)
    return client.get(response.url)


def import_through_api(client, url: str, data: dict, capture, **headers) -> dict:
    """POST the file to the API, let the queued import run, and return the job as the API tells it."""
    with capture(execute=True):
        response = client.post(url, data, **headers)
    assert response.status_code == 202, response.content
    return client.get(response.json()["url"], **headers).json()
