#!/usr/bin/env python3
"""Checks `bind fd@${FE_FD}` and the exit status on SIGINT of `hactl proxy`, the way HAProxy's
reg-tests start haproxy: a listening socket is created here and inherited by the child.
Usage: python3 ha-haproxy-compat/bench/fd-inherit-check.py [samples/hactl/target/hactl.jar]"""
import os, signal, socket, subprocess, sys, tempfile, time

jar = sys.argv[1] if len(sys.argv) > 1 else "samples/hactl/target/hactl.jar"
cfg = tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False)
cfg.write("""defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind fd@${FE_FD}
  http-request return status 200 content-type text/plain string "via-fd"
""")
cfg.close()
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
port, fd = s.getsockname()[1], s.fileno()
os.set_inheritable(fd, True)
p = subprocess.Popen(["java", "-jar", jar, "proxy", "-f", cfg.name], pass_fds=[fd],
                     env=dict(os.environ, FE_FD=str(fd)))
s.close()
body = b""
for _ in range(100):
    try:
        c = socket.create_connection(("127.0.0.1", port), timeout=2)
        c.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        while not body.endswith(b"via-fd"):
            d = c.recv(4096)
            if not d:
                break
            body += d
        break
    except OSError:
        time.sleep(0.1)
p.send_signal(signal.SIGINT)
rc = p.wait(10)
os.unlink(cfg.name)
ok = body.startswith(b"HTTP/1.1 200") and body.endswith(b"via-fd") and rc == 0
print("fd@ listener answered: %s; exit status on SIGINT: %d; %s" % (body.endswith(b"via-fd"), rc, "OK" if ok else "FAILED"))
sys.exit(0 if ok else 1)
