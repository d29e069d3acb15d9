import Testing

/// The tests that run Python tools against live servers (an MLflow tracking server, tritonclient,
/// the CloudEvents SDK, the Python client, schemathesis) run one after another: each starts
/// interpreters that take seconds of CPU to import, and side by side on two cores they starved the
/// servers the other tests wait for.
@Suite(.serialized) enum PythonToolTests {}
