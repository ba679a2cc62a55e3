package io.hablocks.ipvs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's probe format ({@code SCHED WEIGHTS K [ACTIONS [NSRC [FLAGS]]]}, see
 * /work/shared/labs/ipvs/probe.sh) turned into replay scenarios exactly as the probe ran them:
 * real server 10.0.1.i:80 added in order 1..N, connection c from 192.168.1.(10 + c mod NSRC)
 * port base + c, base starting at 20000 and moving by K + 10 per scenario.
 */
final class ProbeLines {

  /** A probe line, its scenario text and the kernel's answer (real-server indexes). */
  record Case(String probe, List<String> scenario, List<String> kernel) {}

  static List<String> resource(String name) throws IOException {
    try (InputStream in = ProbeLines.class.getResourceAsStream(name)) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }

  static List<Case> cases() throws IOException {
    List<String> probes = new ArrayList<>();
    for (String l : resource("probe-scenarios.txt")) {
      if (!l.isBlank() && !l.startsWith("#")) {
        probes.add(l.strip());
      }
    }
    List<String> results = new ArrayList<>();
    for (String l : resource("probe-kernel-results.txt")) {
      if (l.startsWith("kernel ")) {
        results.add(l);
      }
    }
    if (probes.size() != results.size()) {
      throw new IllegalStateException(probes.size() + " probes, " + results.size() + " results");
    }
    List<Case> out = new ArrayList<>();
    int base = 20000;
    for (int n = 0; n < probes.size(); n++) {
      String[] f = probes.get(n).split("\\s+");
      String sched = f[0];
      String[] weights = f[1].split(",");
      int k = Integer.parseInt(f[2]);
      String actions = f.length > 3 ? f[3] : "h";
      int nsrc = f.length > 4 ? Integer.parseInt(f[4]) : 1;
      String flags = f.length > 5 && !f[5].equals("-") ? " " + f[5] : "";
      List<String> sc = new ArrayList<>();
      sc.add("service 10.0.0.1:" + (1001 + n) + " " + sched + flags);
      for (int i = 1; i <= weights.length; i++) {
        sc.add("dest 10.0.1." + i + ":80 " + weights[i - 1]);
      }
      for (int c = 0; c < k; c++) {
        char a = c < actions.length() ? actions.charAt(c) : actions.charAt(actions.length() - 1);
        sc.add("conn 192.168.1." + (10 + c % nsrc) + ":" + (base + c) + " "
            + (a == 'c' ? "close" : "hold"));
      }
      String r = results.get(n);
      List<String> kernel = new ArrayList<>();
      for (String idx : r.substring(r.indexOf("=>") + 2).strip().split("\\s+")) {
        kernel.add(idx.equals("-") ? "-" : "10.0.1." + idx + ":80");
      }
      out.add(new Case(probes.get(n), sc, kernel));
      base += k + 10;
    }
    return out;
  }
}
