"""A throw-away PostgreSQL cluster for benchmarks, from Debian's postgresql package: initdb into a
temporary directory, the server on a free loopback port with durable commits (fsync on, as in
production, so the figures compare with SQLite's synced commits), stopped and removed on exit.
As root the cluster belongs to the postgres user (the server refuses to run as root)."""
import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile


def binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return os.path.dirname(found[-1]) if found else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def cluster(databases=("driftwatch",)):
    """Yields {database name: postgres:// URL}."""
    bin_dir = binaries()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    directory = tempfile.mkdtemp(prefix="driftwatch-bench-pg-")
    os.chmod(directory, 0o755)
    password = "benchmark"
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(directory, "postgres", "postgres")
    with open(os.path.join(directory, "pw"), "w") as f:
        f.write(password)
    if as_postgres:
        shutil.chown(os.path.join(directory, "pw"), "postgres", "postgres")
    data = os.path.join(directory, "data")
    port = free_port()
    quiet = dict(check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(as_postgres + [f"{bin_dir}/initdb", "-D", data, "-U", "driftwatch", f"--pwfile={directory}/pw",
                                  "--auth=scram-sha-256", "-E", "UTF8", "--no-sync"], **quiet)
    subprocess.run(as_postgres + [f"{bin_dir}/pg_ctl", "-D", data, "-l", f"{directory}/server.log", "-w", "-o",
                                  f"-p {port} -k {directory} -c listen_addresses=127.0.0.1", "start"], **quiet)
    try:
        env = dict(os.environ, PGPASSWORD=password)
        for name in databases:
            subprocess.run([f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "driftwatch", name], env=env, **quiet)
        yield {name: f"postgres://driftwatch:{password}@127.0.0.1:{port}/{name}?sslmode=disable" for name in databases}
    finally:
        subprocess.run(as_postgres + [f"{bin_dir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(directory, ignore_errors=True)
