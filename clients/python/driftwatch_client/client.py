"""The Driftwatch agent's push API (`POST /v1/ingest`, `POST /v1/labels`) from a Python service.

`log()` and `label()` never block the request that calls them: they put the record on a bounded
queue, and one background thread sends the queue in batches, retrying with exponential back-off
(and jitter) while the agent is down or busy (connection errors, 429, 5xx), so that an agent
restart loses nothing. A batch the agent refuses as malformed (another 4xx) is dropped and counted,
not retried forever. When the queue is full the newest record is dropped and counted: the service
keeps serving whatever happens to monitoring.
"""
import base64
import json
import logging
import queue
import random
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

logger = logging.getLogger("driftwatch_client")

_ROW, _LABEL = "row", "label"


@dataclass
class Stats:
    """What the client has done so far."""
    queued: int = 0
    sent_rows: int = 0
    sent_labels: int = 0
    unmatched_labels: int = 0
    dropped: int = 0
    rejected: int = 0
    retries: int = 0


class DriftwatchClient:
    """Sends rows and labels to a Driftwatch agent.

    url: the agent, e.g. "http://127.0.0.1:9100".
    token / token_file: a bearer token (the agent's `token_file`), or username and password.
    prediction_column: the column the prediction goes in (the reference's prediction column).
    batch_size, flush_interval: a batch leaves when it is full or this many seconds old.
    max_queue: records held while the agent is unreachable; beyond it new ones are dropped.
    max_backoff: the longest wait between retries, in seconds.
    """

    def __init__(self, url, token=None, token_file=None, username=None, password=None, prediction_column="prediction",
                 batch_size=200, flush_interval=1.0, max_queue=100_000, timeout=10.0, max_backoff=30.0):
        self.url = url.rstrip("/")
        if token_file:
            with open(token_file) as f:
                token = next(line.strip() for line in f if line.strip() and not line.startswith("#"))
        self._authorization = None
        if token:
            self._authorization = f"Bearer {token}"
        elif username:
            self._authorization = "Basic " + base64.b64encode(f"{username}:{password or ''}".encode()).decode()
        self.prediction_column = prediction_column
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.timeout = timeout
        self.max_backoff = max_backoff
        self.stats = Stats()
        self._queue = queue.Queue(maxsize=max_queue)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="driftwatch-client", daemon=True)
        self._thread.start()

    # The service's side: never blocks.

    def log(self, features, prediction, id=None, actual=None):
        """Queues one prediction with its model inputs; returns the row's id (a new UUID when none is given)."""
        row = {key: _json_value(value) for key, value in features.items()}
        row[self.prediction_column] = _json_value(prediction)
        row["id"] = str(id) if id is not None else uuid.uuid4().hex
        if actual is not None:
            row["actual"] = _json_value(actual)
        self._put((_ROW, row))
        return row["id"]

    def label(self, id, actual):
        """Queues the ground truth for a row logged earlier."""
        self._put((_LABEL, {"id": str(id), "actual": _json_value(actual)}))

    def _put(self, item):
        try:
            self._queue.put_nowait(item)
            with self._lock:
                self.stats.queued += 1
        except queue.Full:
            with self._lock:
                self.stats.dropped += 1

    def flush(self, timeout=None):
        """Waits until everything queued so far has been sent (or dropped); False on a timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def close(self, timeout=30.0):
        """Sends what is queued (for at most `timeout` seconds) and stops the thread."""
        flushed = self.flush(timeout)
        self._stopping.set()
        self._thread.join(timeout=5)
        return flushed

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # The background thread.

    def _run(self):
        while not self._stopping.is_set():
            batch = self._collect()
            if not batch:
                continue
            try:
                self._send_batch(batch)
            except Exception:  # never let one bad batch stop the thread
                logger.exception("driftwatch client: a batch of %d records could not be sent", len(batch))
                with self._lock:
                    self.stats.dropped += len(batch)

    def _collect(self):
        """The next batch: waits for a first record, then takes more until the batch is full or
        flush_interval has passed since the first."""
        try:
            first = self._queue.get(timeout=0.2)
        except queue.Empty:
            return []
        batch = [first]
        deadline = time.monotonic() + self.flush_interval
        while len(batch) < self.batch_size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                batch.append(self._queue.get(timeout=remaining))
            except queue.Empty:
                break
        return batch

    def _send_batch(self, batch):
        # Rows go before labels, so that a label finds its row.
        rows = [item for kind, item in batch if kind == _ROW]
        labels = [item for kind, item in batch if kind == _LABEL]
        try:
            if rows:
                self._post("/v1/ingest", rows)
                with self._lock:
                    self.stats.sent_rows += len(rows)
            if labels:
                answer = self._post("/v1/labels", labels)
                with self._lock:
                    self.stats.sent_labels += len(labels)
                    self.stats.unmatched_labels += int(answer.get("unmatched", 0)) if isinstance(answer, dict) else 0
        finally:
            for _ in batch:
                self._queue.task_done()

    def _post(self, path, records):
        """POSTs until the agent takes it (2xx) or refuses it (4xx other than 429)."""
        body = json.dumps(records, allow_nan=False, default=str).encode()
        delay = 0.1
        while True:
            request = urllib.request.Request(self.url + path, data=body, method="POST", headers={"Content-Type": "application/json"})
            if self._authorization:
                request.add_header("Authorization", self._authorization)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    text = response.read()
                    return json.loads(text) if text else {}
            except urllib.error.HTTPError as error:
                if error.code != 429 and error.code < 500:
                    detail = error.read()[:300].decode(errors="replace")
                    logger.warning("driftwatch agent refused %d records at %s: %s %s", len(records), path, error.code, detail)
                    with self._lock:
                        self.stats.rejected += len(records)
                    return {}
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            with self._lock:
                self.stats.retries += 1
            if self._stopping.is_set():
                with self._lock:
                    self.stats.dropped += len(records)
                return {}
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, self.max_backoff)


def _json_value(value):
    """A value as JSON can carry it: NaN and infinities (which JSON has not) become null, numpy
    scalars plain numbers, anything else that is not a number or text its str()."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if hasattr(value, "item"):  # numpy scalars
        return _json_value(value.item())
    return str(value)
