"""Logging a JSON prediction endpoint without touching its code: an ASGI middleware (FastAPI,
Starlette) and a Flask hook. The request's JSON object is the row's features; the response's
`prediction_key` (or the whole response when it is a number) is the prediction. Each answer gets a
`Driftwatch-Row-ID` header: the id to send the ground truth for later with `client.label(id, actual)`.
"""
import json
import uuid

ROW_ID_HEADER = "Driftwatch-Row-ID"


def _prediction(document, key):
    if isinstance(document, dict):
        value = document.get(key)
    else:
        value = document
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


class DriftwatchMiddleware:
    """ASGI middleware: `app.add_middleware(DriftwatchMiddleware, client=client, path="/predict")`."""

    def __init__(self, app, client, path="/predict", prediction_key="prediction"):
        self.app, self.client, self.path, self.prediction_key = app, client, path, prediction_key

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != self.path or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        request_body, response_body, status = bytearray(), bytearray(), [0]
        row_id = uuid.uuid4().hex

        async def receiving():
            message = await receive()
            if message["type"] == "http.request":
                request_body.extend(message.get("body", b""))
            return message

        async def sending(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + [(ROW_ID_HEADER.lower().encode(), row_id.encode())]
            elif message["type"] == "http.response.body":
                response_body.extend(message.get("body", b""))
                if not message.get("more_body", False) and status[0] == 200:
                    self._log(request_body, response_body, row_id)
            await send(message)

        await self.app(scope, receiving, sending)

    def _log(self, request_body, response_body, row_id):
        try:
            features, answer = json.loads(request_body), json.loads(response_body)
        except ValueError:
            return
        prediction = _prediction(answer, self.prediction_key)
        if isinstance(features, dict) and prediction is not None:
            self.client.log(features, prediction, id=row_id)


def log_flask_predictions(app, client, path="/predict", prediction_key="prediction"):
    """Flask: logs every successful JSON answer of `path` (an `after_request` hook)."""
    from flask import request

    @app.after_request
    def _driftwatch(response):
        if request.path == path and request.method == "POST" and response.status_code == 200 and response.is_json:
            features, prediction = request.get_json(silent=True), _prediction(response.get_json(silent=True), prediction_key)
            if isinstance(features, dict) and prediction is not None:
                response.headers[ROW_ID_HEADER] = client.log(features, prediction)
        return response

    return app
