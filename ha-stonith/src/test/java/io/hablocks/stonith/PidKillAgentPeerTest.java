package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.Clock;
import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.fence.FenceResult;
import io.hablocks.testkit.PeerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A fence agent written for the tests that really kills the process standing for a node. */
@PeerTest(commands = {"setsid", "sh", "sleep"})
// a hang fails the test instead of stalling the build
@Timeout(120)
class PidKillAgentPeerTest {

  private static final Duration T = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void offKillsTheNodeProcessAndStatusSeesItOff() throws Exception {
    FenceAgent agent = FenceAgent.at(TestAgents.installPidKill(dir), Clock.system());
    Path pids = Files.createDirectory(dir.resolve("pids"));
    Process node1 = TestAgents.startNode(pids, "node1");
    Process node2 = TestAgents.startNode(pids, "node2");
    try {
      Path args = dir.resolve("args");
      Map<String, String> p = Map.of("pid_dir", pids.toString(), "plug", "node1",
          "password", "TopSecret", "args_file", args.toString());
      assertThat(agent.run(FenceAction.STATUS, p, T).exitCode()).isEqualTo(0);
      FenceResult list = agent.run(FenceAction.LIST_STATUS, p, T);
      assertThat(list.output().lines()).containsExactly("node1,node1,ON", "node2,node2,ON");

      FenceResult off = agent.run(FenceAction.OFF, p, T);
      assertThat(off.exitCode()).isEqualTo(FenceResult.EC_OK);
      assertThat(node1.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(node2.isAlive()).isTrue();
      assertThat(agent.run(FenceAction.STATUS, p, T).exitCode())
          .isEqualTo(FenceResult.STATUS_OFF);
      // the password went on stdin only
      assertThat(Files.readString(args)).doesNotContain("TopSecret");
    } finally {
      node1.destroyForcibly();
      node2.destroyForcibly();
    }
  }

  @Test
  void timeoutKillsTheWholeProcessGroup() throws Exception {
    FenceAgent agent = FenceAgent.at(TestAgents.installPidKill(dir), Clock.system());
    Path pids = Files.createDirectory(dir.resolve("pids"));
    FenceResult r = agent.run(FenceAction.OFF,
        Map.of("pid_dir", pids.toString(), "plug", "n", "hang", "1"), Duration.ofMillis(800));
    assertThat(r.exitCode()).isEqualTo(FenceResult.EC_TIMED_OUT);
    assertThat(r.error()).contains("timed out after 800 ms");
    long child = Long.parseLong(Files.readString(pids.resolve("hang-child.pid")).trim());
    Optional<ProcessHandle> h = ProcessHandle.of(child);
    if (h.isPresent()) {
      h.get().onExit().get(10, TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void failureExitCodesComeThrough() throws Exception {
    FenceAgent agent = FenceAgent.at(TestAgents.installPidKill(dir), Clock.system());
    Path pids = Files.createDirectory(dir.resolve("pids"));
    FenceResult r = agent.run(FenceAction.OFF,
        Map.of("pid_dir", pids.toString(), "plug", "n", "fail", "4"), T);
    assertThat(r.exitCode()).isEqualTo(FenceResult.EC_CONNECTION_LOST);
    assertThat(r.error()).contains("told to fail with 4");
    assertThat(agent.metadata(T).defaultHostArgument()).isEqualTo("plug");
  }

  @Test
  void outputIsBoundedAndTheRestDrained() throws Exception {
    Path script = dir.resolve("fence_loud");
    Files.writeString(script, "#!/bin/sh\nhead -c 300000 /dev/zero | tr '\\0' x\n"
        + "head -c 300000 /dev/zero | tr '\\0' y >&2\nexit 0\n");
    Files.setPosixFilePermissions(script,
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    FenceResult r = FenceAgent.at(script, Clock.system()).run(FenceAction.MONITOR, Map.of(), T);
    assertThat(r.exitCode()).isZero();
    assertThat(r.output()).hasSize(FenceAgent.MAX_OUTPUT).matches("x+");
    assertThat(r.error()).hasSize(FenceAgent.MAX_OUTPUT).matches("y+");
  }
}
