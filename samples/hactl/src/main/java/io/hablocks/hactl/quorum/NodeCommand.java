package io.hablocks.hactl.quorum;

import io.hablocks.api.Clock;
import io.hablocks.api.Node;
import io.hablocks.api.NodeId;
import io.hablocks.api.QuorumState;
import io.hablocks.api.membership.MembershipException;
import io.hablocks.hactl.HactlException;
import io.hablocks.quorum.QuorumConfigException;
import io.hablocks.quorum.QuorumStatus;
import io.hablocks.quorum.VotequorumConfig;
import io.hablocks.quorum.VotequorumService;
import io.hablocks.quorum.jgroups.JGroupsEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hactl quorum node --engine jgroups}: runs this machine's ha-blocks node on the JGroups
 * engine with votequorum until stopped, writing its status (what {@code hactl quorum status
 * --engine jgroups} prints) to a file on every change, and one line {@code Q <epoch ms>
 * <quorate> <member ids>} per change on standard output.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Run this node on the JGroups engine with votequorum until stopped.")
public final class NodeCommand implements Callable<Integer> {

  /** Where the status goes unless told otherwise. */
  public static final String DEFAULT_STATUS_FILE = "/run/ha-blocks/quorum-jgroups.status";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--engine", defaultValue = "jgroups",
      description = "Membership engine: jgroups (the only one hactl runs itself).")
  String engine;

  @Option(names = "--node-id", required = true, description = "This node's id.")
  long nodeId;

  @Option(names = "--member", required = true,
      description = "A member as ID:NAME:HOST:PORT (repeat for each node, this one included).")
  List<String> members;

  @Option(names = "--failure-detection", defaultValue = "PT40S",
      description = "Heartbeat timeout as an ISO-8601 duration (default ${DEFAULT-VALUE}).")
  Duration failureDetection;

  @Option(names = "--merge-interval", defaultValue = "PT10S",
      description = "How often partitions look for each other (default ${DEFAULT-VALUE}).")
  Duration mergeInterval;

  @Option(names = "--status-file", defaultValue = DEFAULT_STATUS_FILE,
      description = "Where to keep the status (default ${DEFAULT-VALUE}).")
  Path statusFile;

  @Override
  public Integer call() throws Exception {
    if (!engine.equals("jgroups")) {
      throw new HactlException("quorum node --engine " + engine
          + ": only jgroups runs inside hactl (corosync runs as its own daemon)", 2);
    }
    JGroupsEngine.Builder b = JGroupsEngine.builder().cluster("ha-blocks")
        .failureDetection(failureDetection).mergeInterval(mergeInterval);
    VotequorumConfig.Builder cfg = VotequorumConfig.builder();
    Map<NodeId, Integer> votes = new TreeMap<>();
    Node local = null;
    for (String m : members) {
      String[] f = m.split(":");
      if (f.length != 4) {
        throw new HactlException("--member '" + m + "': expected ID:NAME:HOST:PORT", 2);
      }
      Node n;
      try {
        n = Node.of(Long.parseLong(f[0]), f[1]);
        b.member(n, new InetSocketAddress(f[2], Integer.parseInt(f[3])));
      } catch (IllegalArgumentException e) {
        throw new HactlException("--member '" + m + "': " + e.getMessage(), 2);
      }
      cfg.node(n.id().value(), 1);
      votes.put(n.id(), 1);
      if (n.id().value() == nodeId) {
        local = n;
      }
    }
    if (local == null) {
      throw new HactlException("--node-id " + nodeId + " is not one of the --member nodes", 2);
    }
    b.local(local);
    Files.createDirectories(statusFile.toAbsolutePath().getParent());
    PrintWriter out = spec.commandLine().getOut();
    JGroupsEngine e = b.build();
    VotequorumService q;
    try {
      q = VotequorumService.attach(e, cfg.build(), Clock.system());
    } catch (QuorumConfigException ex) {
      throw new HactlException(ex.getMessage(), 2);
    }
    Node me = local;
    q.addListener(s -> {
      write(me, s, q);
      out.println("Q " + Clock.system().instant().toEpochMilli() + " " + s.quorate() + " "
          + s.view().members().stream().map(n -> n.id().toString())
              .collect(Collectors.joining(",")));
      out.flush();
    });
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      q.close();
      e.close();
      stop.countDown();
    }, "hactl-node-stop"));
    try {
      e.start();
    } catch (MembershipException ex) {
      throw new HactlException(ex.getMessage(), 1);
    }
    stop.await();
    return 0;
  }

  private void write(Node me, QuorumState s, VotequorumService q) {
    QuorumStatus st = QuorumStatus.of(Clock.system().instant(), me.id(), s,
        q.votequorum().votes());
    try {
      Path tmp = statusFile.resolveSibling(statusFile.getFileName() + ".tmp");
      Files.writeString(tmp, st.format(ZoneId.systemDefault()));
      Files.move(tmp, statusFile, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException ex) {
      spec.commandLine().getErr().println("hactl: cannot write " + statusFile + ": "
          + ex.getMessage());
    }
  }
}
