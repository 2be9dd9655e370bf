"""Starting nimbus for a benchmark (stdlib only)."""
import subprocess
import sys
import threading


def start(binary, *args, log=None):
    """Runs `binary --port 0 *args`, reads its output up to the "listening on" line and returns
    (proc, port); exits the benchmark if nimbus does not get there. With `log` (a file open for
    writing), the rest of the output goes there, line by line, from a daemon thread; without it,
    the output stays in proc.stdout."""
    proc = subprocess.Popen([binary, "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = []
    for line in proc.stdout:
        if line.startswith("listening on "):
            port = int(line.strip().rsplit(":", 1)[1])
            break
        seen.append(line)
    else:
        sys.exit("nimbus did not start: " + "".join(seen))
    if log is not None:
        def drain():
            for line in proc.stdout:
                log.write(line)
                log.flush()
        threading.Thread(target=drain, daemon=True).start()
    return proc, port
