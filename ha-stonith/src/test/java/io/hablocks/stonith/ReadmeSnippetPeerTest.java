package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.Clock;
import io.hablocks.api.fence.FenceAction;
import io.hablocks.testkit.PeerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's snippet, as written there, against the real fence_dummy. */
@PeerTest(commands = {"/usr/sbin/fence_dummy", "setsid"}, packages = "fence-agents")
// a hang fails the test instead of stalling the build
@Timeout(120)
class ReadmeSnippetPeerTest {

  @Test
  void snippetRuns() throws Exception {
    Clock clock = Clock.system();
    Path status = Files.createTempFile("dummy", ".status");
    Files.writeString(status, "on");
    try (Fencer fencer = Fencer.builder(clock, "node1")
        .device(StonithDevice.agent("broken", "fence_dummy", clock, Map.of(
            "type", "fail", "power_timeout", "1", "pcmk_host_list", "node2",
            "pcmk_off_retries", "1")))
        .device(StonithDevice.agent("dummy", "fence_dummy", clock, Map.of(
            "status_file", status.toString(), "pcmk_host_list", "node2",
            "pcmk_off_timeout", "30s")))
        .topology(FencingTopology.of(FenceLevel.forNode(1, "node2", "broken"),
            FenceLevel.forNode(2, "node2", "dummy")))
        .build()) {
      fencer.gate().markUnclean("node2", "its stop of db failed");
      FenceOperation op = fencer.fence("node2", FenceAction.OFF, "admin").join();
      assertThat(op.state()).isEqualTo(FenceOperation.State.DONE);
      assertThat(op.devices()).extracting(FenceOperation.DeviceOutcome::device,
          FenceOperation.DeviceOutcome::exitCode).containsExactly(
              org.assertj.core.groups.Tuple.tuple("broken", 1),
              org.assertj.core.groups.Tuple.tuple("dummy", 0));
      assertThat(fencer.gate().mayRecover("db", "node2").reason())
          .startsWith("db may be recovered: node2 was fenced: by node1 with dummy (off) at ");
      assertThat(Files.readString(status)).isEqualTo("off");
    } finally {
      Files.deleteIfExists(status);
    }
  }
}
