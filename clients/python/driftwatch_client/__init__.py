"""A client for a Driftwatch agent: log what a model service predicts and, later, what was true."""
from .client import DriftwatchClient, Stats
from .middleware import ROW_ID_HEADER, DriftwatchMiddleware, log_flask_predictions

__all__ = ["DriftwatchClient", "Stats", "DriftwatchMiddleware", "log_flask_predictions", "ROW_ID_HEADER"]
