"""Each request and response schema of the API has a name of its own: the OpenAPI document keys its components by
class name, so two routers' `CancelIn` would describe one operation with the other's fields (the contract test then
reads a valid answer as a violation, or an invalid request as accepted)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict

from ninja import Schema

import tandem.api.routers


def test_no_two_api_schemas_share_a_name():
    where: dict[str, set[str]] = defaultdict(set)
    for module_info in pkgutil.iter_modules(tandem.api.routers.__path__):
        module = importlib.import_module(f"tandem.api.routers.{module_info.name}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__:
                where[name].add(module_info.name)
    shared = {name: sorted(modules) for name, modules in where.items() if len(modules) > 1}
    assert shared == {}


def test_the_openapi_document_names_each_schema_once(client):
    response = client.get("/api/v1/openapi.json")
    components = response.json()["components"]["schemas"]
    assert {"PathTrainingOut", "TrainingOut", "MissionCancelIn", "PmsmpCancelIn"} <= set(components)
