"""A local OpenAI moderation endpoint: ``POST /v1/moderations`` over HTTP on 127.0.0.1.

    with ModerationFake(flag={"gore": "violence/graphic"}, api_key="sk-test") as fake:
        config = ProviderConfig(provider="openai", base_url=fake.url, api_key="sk-test", allowed_hosts="127.0.0.1")
        ...
        assert fake.calls == 1 and fake.inputs == ["a gore-soaked battle"]

``url`` is the base URL to configure (it ends in ``/v1``). Every input
containing one of the ``flag`` words (case-insensitive) is flagged under that
word's OpenAI category, scored high; everything else gets every category
false with tiny scores, as the real service answers. ``api_key`` makes the
fake answer 401 to any other Bearer token; ``failures=N`` makes the first N
requests answer 500, and ``down = True`` makes every request answer 500
until it is set back.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from tests.fake_http import FakeServer, Received, Reply

__all__ = ["CATEGORY_NAMES", "ModerationFake"]

#: The categories omni-moderation answers with, in its order.
CATEGORY_NAMES = (
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/intent",
    "self-harm/instructions",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
)

_ANSWERING_MODEL = "omni-moderation-2024-09-26"


class ModerationFake:
    def __init__(
        self,
        flag: Mapping[str, str] | Iterable[str] = ("gore",),
        *,
        api_key: str = "",
        failures: int = 0,
    ):
        words = flag.items() if isinstance(flag, Mapping) else ((word, "violence/graphic") for word in flag)
        self.flag = {word.lower(): category for word, category in words}
        self.api_key = api_key
        self.failures = failures
        self.down = False
        self.inputs: list[str] = []
        self.bodies: list[dict[str, Any]] = []
        self._calls = 0
        self._lock = threading.Lock()
        self.server = FakeServer()
        self.server.on("POST", "/v1/moderations", self._answer)
        self.url = self.server.url + "/v1"

    def __enter__(self) -> ModerationFake:
        self.server.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.__exit__(*exc_info)

    @property
    def calls(self) -> int:
        """Requests received, failed ones included."""
        with self._lock:
            return self._calls

    @property
    def requests(self) -> list[Received]:
        return self.server.calls("POST", "/v1/moderations")

    def _answer(self, received: Received) -> Reply:
        with self._lock:
            self._calls += 1
            failing = self.down or self.failures > 0
            if self.failures > 0:
                self.failures -= 1
        if self.api_key and received.headers.get("authorization") != f"Bearer {self.api_key}":
            return _error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
        if failing:
            return _error(500, "The server had an error while processing your request.", "server_error", None)
        try:
            body = json.loads(received.body)
        except ValueError:
            return _error(400, "We could not parse the JSON body of your request.", "invalid_request_error", None)
        texts = body.get("input") if isinstance(body, dict) else None
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            return _error(400, "'input' is a required property.", "invalid_request_error", None)
        with self._lock:
            self.bodies.append(body)
            self.inputs.extend(texts)
        requested = body.get("model") or "omni-moderation-latest"
        model = _ANSWERING_MODEL if requested == "omni-moderation-latest" else requested
        return Reply.json({"id": f"modr-{self.calls}", "model": model, "results": [self._result(t) for t in texts]})

    def _result(self, text: str) -> dict[str, Any]:
        lowered = text.lower()
        hits = {category for word, category in self.flag.items() if word in lowered}
        categories = {name: name in hits for name in CATEGORY_NAMES}
        scores = {name: (0.93 if name in hits else 0.0004) for name in CATEGORY_NAMES}
        return {
            "flagged": bool(hits),
            "categories": categories,
            "category_scores": scores,
            "category_applied_input_types": {name: ["text"] for name in CATEGORY_NAMES},
        }


def _error(status: int, message: str, kind: str, code: str | None) -> Reply:
    return Reply.json({"error": {"message": message, "type": kind, "param": None, "code": code}}, status)
