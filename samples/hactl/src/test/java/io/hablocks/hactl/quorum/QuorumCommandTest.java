package io.hablocks.hactl.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.NodeId;
import io.hablocks.api.QuorumFlag;
import io.hablocks.api.QuorumState;
import io.hablocks.hactl.Hactl;
import io.hablocks.quorum.QuorumStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuorumCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Hactl.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void statusFormatIsCorosyncQuorumtools() {
    Node n1 = Node.of(1, "n1");
    Node n2 = Node.of(2, "n2");
    MembershipView v = MembershipView.initial(17, Set.of(n1, n2));
    QuorumState s = new QuorumState(true, 3, 3, 2, 2, EnumSet.of(QuorumFlag.WAIT_FOR_ALL,
        QuorumFlag.TWO_NODE), v);
    String text = QuorumStatus.of(Instant.parse("2026-11-05T09:03:07Z"), NodeId.of(2), s,
        Map.of(n1.id(), 1, n2.id(), 1)).format(ZoneOffset.UTC);
    // layout as corosync-quorumtool -s prints it (tools/corosync-quorumtool.c)
    assertThat(text).isEqualTo("""
        Quorum information
        ------------------
        Date:             Thu Nov  5 09:03:07 2026
        Quorum provider:  corosync_votequorum
        Nodes:            2
        Node ID:          2
        Ring ID:          1.11
        Quorate:          Yes

        Votequorum information
        ----------------------
        Expected votes:   3
        Highest expected: 3
        Total votes:      2
        Quorum:           2 \s
        Flags:            2Node Quorate WaitForAll\s

        Membership information
        ----------------------
            Nodeid      Votes Name
                 1          1 n1
                 2          1 n2 (local)
        """);
  }

  @Test
  void jgroupsStatusIsReadFromTheLocalNodesFile(@TempDir Path dir) throws Exception {
    Node n1 = Node.of(1, "n1");
    MembershipView v = MembershipView.initial(4, Set.of(n1));
    QuorumState s = new QuorumState(false, 3, 3, 1, 2, EnumSet.noneOf(QuorumFlag.class), v);
    Path f = dir.resolve("st");
    Files.writeString(f, QuorumStatus.of(Instant.EPOCH, n1.id(), s, Map.of(n1.id(), 1))
        .format(ZoneOffset.UTC));
    assertThat(run("quorum", "status", "--engine", "jgroups", "--status-file", f.toString()))
        .isEqualTo(2);
    assertThat(out.toString()).contains("Quorum:           2 Activity blocked\n")
        .doesNotContain("1970");
  }

  @Test
  void missingNodeAndBadEngineAreReported(@TempDir Path dir) {
    assertThat(run("quorum", "status", "--engine", "jgroups", "--status-file",
        dir.resolve("none").toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("hactl: quorum status --engine jgroups: no node");
    assertThat(run("quorum", "status", "--engine", "heartbeat")).isEqualTo(2);
    assertThat(run("quorum", "node", "--node-id", "4", "--member", "1:n1:127.0.0.1:7800"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--node-id 4 is not one of the --member nodes");
  }
}
