package io.hablocks.hactl.quorum;

import io.hablocks.api.Clock;
import io.hablocks.api.Node;
import io.hablocks.quorum.VotequorumConfig;
import io.hablocks.quorum.VotequorumService;
import io.hablocks.quorum.jgroups.JGroupsEngine;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Run inside a lab namespace by {@link CorosyncLabPeerTest}: one ha-blocks node on the JGroups
 * engine with votequorum (one vote per node), printing {@code Q <epoch ms> <quorate> <member
 * ids>} on every quorum change, until it is stopped.
 */
public final class JGroupsProbe {

  private JGroupsProbe() {}

  /**
   * Entry point.
   *
   * @param args local node id; members as {@code id:name:host:port,...}; failure detection ms;
   *     merge interval ms
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    long localId = Long.parseLong(args[0]);
    JGroupsEngine.Builder b = JGroupsEngine.builder().cluster("hq-lab")
        .failureDetection(Duration.ofMillis(Long.parseLong(args[2])))
        .mergeInterval(Duration.ofMillis(Long.parseLong(args[3])));
    VotequorumConfig.Builder cfg = VotequorumConfig.builder();
    for (String m : args[1].split(",")) {
      String[] f = m.split(":");
      Node n = Node.of(Long.parseLong(f[0]), f[1]);
      b.member(n, new InetSocketAddress(f[2], Integer.parseInt(f[3])));
      cfg.node(n.id().value(), 1);
      if (n.id().value() == localId) {
        b.local(n);
      }
    }
    JGroupsEngine e = b.build();
    VotequorumService q = VotequorumService.attach(e, cfg.build(), Clock.system());
    q.addListener(s -> {
      System.out.println("Q " + Clock.system().instant().toEpochMilli() + " " + s.quorate() + " "
          + s.view().members().stream().map(n -> n.id().toString())
              .collect(Collectors.joining(",")));
      System.out.flush();
    });
    e.start();
    // run until stopped by PID; stdin closing also ends it
    while (System.in.read() >= 0) {
      Thread.onSpinWait();
    }
    q.close();
    e.close();
  }
}
