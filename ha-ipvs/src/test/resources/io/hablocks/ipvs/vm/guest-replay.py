#!/usr/bin/env python3
"""ha-ipvs kernel comparison, run INSIDE the ipvs-qemu.sh guest as root.

    guest-replay.py SCENARIO_DIR

Replays every *.txt scenario (hactl ipvs replay format) of SCENARIO_DIR, sorted by name, on the
guest kernel's IPVS and prints one line per scenario:

    RESULT <file name> <chosen ADDR:PORT or - per connection>

Topology (network namespaces): ns "cl" holds every client address of the scenarios
(192.168.0.0/16, 2001:db8:2::/64) behind veth; the root namespace is the director (IPVS,
masquerading, VIPs on dummy0); ns "rs" holds every destination address (10.0.0.0/8 minus the
VIPs, 2001:db8:1::/64) behind veth, with a dual-stack listener on every destination port that
holds connections open.  Every run of a scenario gets
a fresh virtual port from 10001 up (a deleted destination waits in the kernel's trash per
VIP:port).  The chosen destination of each connection is read from
/proc/net/ip_vs_conn by client address, client port and virtual port.
"""
import ipaddress, os, select, socket, subprocess, sys, time

GAP = float(os.environ.get("REPLAY_GAP", "0"))
SETTLE = 3.0  # seconds to wait for the director to see a connection's state


def sh(*args):
    subprocess.run(args, check=True)


def parse(path):
    service, steps = None, []
    with open(path) as f:
        for no, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].split()
            if not line:
                continue
            if service is None:
                service = line[1:]
            else:
                steps.append(line)
    return service, steps


def hostport(s):
    h, p = s.rsplit(":", 1)
    return h.strip("[]"), int(p)


def client_mode():
    """Runs in ns cl: 'open SRC SPORT VIP VPORT hold|close' -> 'ok' | 'fail'; 'reset'."""
    held = []
    for line in sys.stdin:
        w = line.split()
        if not w:
            continue
        if w[0] == "reset":
            for s in held:
                s.close()
            held.clear()
            print("ok", flush=True)
            continue
        _, src, sport, vip, vport, action = w
        s = socket.socket(socket.AF_INET6 if ":" in src else socket.AF_INET)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.settimeout(5)
        try:
            s.bind((src, int(sport)))
            s.connect((vip, int(vport)))
            ok = "ok"
        except OSError as e:
            ok = "fail " + str(e).replace(" ", "_")
        if action == "close" or not ok.startswith("ok"):
            s.close()
        else:
            held.append(s)
        print(ok, flush=True)


def server_mode(ports):
    """Runs in ns rs: accept on every port, hold connections, close when the peer closes."""
    ls = []
    for p in ports:
        s = socket.socket(socket.AF_INET6)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.bind(("::", p))
        s.listen(4096)
        ls.append(s)
    print("listening", flush=True)
    conns = []
    while True:
        r, _, _ = select.select(ls + conns, [], [])
        for s in r:
            if s in ls:
                c, _ = s.accept()
                conns.append(c)
            else:
                try:
                    d = s.recv(4096)
                except OSError:
                    d = b""
                if not d:
                    conns.remove(s)
                    s.close()


def addr_of(field):
    """An address column of /proc/net/ip_vs_conn (8 hex digits, or %pI6 text) as text."""
    if len(field) == 8 and ":" not in field:
        return str(ipaddress.ip_address(int(field, 16)))
    return str(ipaddress.ip_address(field))


def conn_rows():
    with open("/proc/net/ip_vs_conn") as f:
        next(f)
        for line in f:
            w = line.split()
            if len(w) >= 8:
                yield (addr_of(w[1]), int(w[2], 16), int(w[4], 16)), w


def conn_table():
    """(from address, from port, virtual port) -> 'ADDR:PORT' of the destination."""
    out = {}
    for key, w in conn_rows():
        d = ipaddress.ip_address(addr_of(w[5]))
        dport = int(w[6], 16)
        out[key] = ("[%s]:%d" if d.version == 6 else "%s:%d") % (d, dport)
    return out


def run_one(service, steps, vport, ask):
    vip = hostport(service[0])[0]
    svc = ("[%s]:%d" if ":" in vip else "%s:%d") % (vip, vport)
    cmd = ["ipvsadm", "-A", "-t", svc, "-s", service[1]]
    if len(service) > 2:
        cmd += ["-b", service[2]]
    sh(*cmd)
    thresholds, conns = {}, []
    for st in steps:
        if st[0] == "dest":
            u = l = "0"
            for opt in st[3:]:
                if opt.startswith("u="):
                    u = opt[2:]
                elif opt.startswith("l="):
                    l = opt[2:]
            thresholds[st[1]] = (u, l)
            sh("ipvsadm", "-a", "-t", svc, "-r", st[1], "-m", "-w", st[2], "-x", u, "-y", l)
        elif st[0] == "weight":
            u, l = thresholds[st[1]]
            sh("ipvsadm", "-e", "-t", svc, "-r", st[1], "-m", "-w", st[2], "-x", u, "-y", l)
        elif st[0] == "remove":
            sh("ipvsadm", "-d", "-t", svc, "-r", st[1])
        elif st[0] == "conn":
            src, sport = hostport(st[1])
            r = ask("open %s %d %s %d %s" % (src, sport, vip, vport, st[2]))
            conns.append((src, sport))
            if r == "ok":
                settle(src, sport, vport, st[2] == "hold")
            time.sleep(GAP)
    table = conn_table()
    chosen = [table.get((str(ipaddress.ip_address(s)), p, vport), "-") for s, p in conns]
    entries = sum(1 for k in table if k[2] == vport)
    if os.environ.get("REPLAY_DEBUG"):
        with open("/proc/net/ip_vs_conn") as f:
            rows = [l for l in f if l.split()[4:5] == ["%04X" % vport]]
        print("DEBUG vport %d\n%s" % (vport, "".join(rows)), file=sys.stderr, flush=True)
        subprocess.run(["ipvsadm", "-Ln", "-t", svc], stdout=sys.stderr)
    ask("reset")
    return chosen, entries


def conn_state(src, sport, vport):
    key = (str(ipaddress.ip_address(src)), sport, vport)
    for k, w in conn_rows():
        if k == key:
            return w[7]
    return None


def settle(src, sport, vport, held):
    """Waits until the director counts the connection as the scheduler must see it next:
    ESTABLISHED (active) when held, past ESTABLISHED (inactive) when closed."""
    deadline = time.monotonic() + SETTLE
    while time.monotonic() < deadline:
        st = conn_state(src, sport, vport)
        if held and st == "ESTABLISHED":
            return
        if not held and st not in (None, "ESTABLISHED", "SYN_RECV", "SYN_SENT", "NONE"):
            return
        time.sleep(0.002)
    print("SETTLE %s:%d vport %d still %s" % (src, sport, vport, conn_state(src, sport, vport)),
          file=sys.stderr, flush=True)


def main():
    if sys.argv[1] == "--client":
        return client_mode()
    if sys.argv[1] == "--server":
        return server_mode([int(p) for p in sys.argv[2:]])
    sdir = sys.argv[1]
    files = sorted(f for f in os.listdir(sdir) if f.endswith(".txt"))
    scenarios = [(f,) + parse(os.path.join(sdir, f)) for f in files]
    vips, dests, clients, ports = set(), set(), set(), set()
    for _, service, steps in scenarios:
        vips.add(hostport(service[0])[0])
        for st in steps:
            if st[0] == "dest":
                h, p = hostport(st[1])
                dests.add(h)
                ports.add(p)
            elif st[0] == "conn":
                clients.add(hostport(st[1])[0])
    v6 = lambda a: ":" in a
    sh("ip", "link", "add", "dummy0", "type", "dummy")
    for v in sorted(vips):
        sh("ip", "addr", "add", v + ("/128" if v6(v) else "/32"), "dev", "dummy0", *(["nodad"] if v6(v) else []))
    sh("ip", "link", "set", "dummy0", "up")
    sh("sysctl", "-qw", "net.ipv4.ip_forward=1")
    sh("sysctl", "-qw", "net.ipv6.conf.all.forwarding=1")
    sh("ip", "netns", "add", "cl")
    sh("ip", "netns", "add", "rs")
    sh("ip", "link", "add", "c1", "type", "veth", "peer", "name", "c0", "netns", "cl")
    sh("ip", "addr", "add", "192.168.0.1/16", "dev", "c1")
    sh("ip", "link", "set", "c1", "up")
    sh("ip", "addr", "add", "2001:db8:2::ffff/64", "dev", "c1", "nodad")
    for c in sorted(clients):
        sh("ip", "-n", "cl", "addr", "add", c + ("/64" if v6(c) else "/16"), "dev", "c0",
           *(["nodad"] if v6(c) else []))
    sh("ip", "-n", "cl", "link", "set", "c0", "up")
    sh("ip", "-n", "cl", "link", "set", "lo", "up")
    sh("ip", "-n", "cl", "route", "add", "default", "via", "192.168.0.1")
    sh("ip", "-n", "cl", "-6", "route", "add", "default", "via", "2001:db8:2::ffff")
    sh("ip", "link", "add", "r1", "type", "veth", "peer", "name", "r0", "netns", "rs")
    sh("ip", "addr", "add", "10.255.255.254/8", "dev", "r1")
    sh("ip", "link", "set", "r1", "up")
    sh("ip", "addr", "add", "2001:db8:1::ffff/64", "dev", "r1", "nodad")
    for d in sorted(dests):
        sh("ip", "-n", "rs", "addr", "add", d + ("/64" if v6(d) else "/8"), "dev", "r0",
           *(["nodad"] if v6(d) else []))
    sh("ip", "-n", "rs", "link", "set", "r0", "up")
    sh("ip", "-n", "rs", "link", "set", "lo", "up")
    sh("ip", "-n", "rs", "route", "add", "default", "via", "10.255.255.254")
    sh("ip", "-n", "rs", "-6", "route", "add", "default", "via", "2001:db8:1::ffff")
    me = os.path.abspath(__file__)
    server = subprocess.Popen(["ip", "netns", "exec", "rs", "python3", me, "--server"]
                              + [str(p) for p in sorted(ports)],
                              stdout=subprocess.PIPE, text=True)
    assert server.stdout.readline().strip() == "listening"
    client = subprocess.Popen(["ip", "netns", "exec", "cl", "python3", me, "--client"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(cmd):
        client.stdin.write(cmd + "\n")
        client.stdin.flush()
        return client.stdout.readline().strip()

    try:
        vport = 10000
        for name, service, steps in scenarios:
            # A run is trusted only if the kernel holds exactly one connection per 'conn' line
            # on its virtual port (nothing else scheduled there); otherwise it runs again on a
            # fresh port.
            for attempt in range(3):
                vport += 1
                chosen, entries = run_one(service, steps, vport, ask)
                if entries == sum(1 for c in chosen if c != "-"):
                    break
                print("RETRY %s: %d kernel connections for %d choices" % (name, entries, len(chosen)),
                      file=sys.stderr, flush=True)
            print("RESULT %s %s" % (name, " ".join(chosen)), flush=True)
    finally:
        client.stdin.close()
        client.wait(timeout=10)
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()
