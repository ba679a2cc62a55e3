package io.hablocks.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.Clock;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.resources.internal.ProcessGroup;
import io.hablocks.testkit.PeerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real agent processes: timeouts kill the whole group, output is bounded, reasons parsed. */
@PeerTest(commands = {"setsid", "sh", "sleep"}, packages = "util-linux")
class AgentProcessPeerTest {

  @TempDir
  Path root;

  private ResourceAgent agent(String name, String body, int captureLimit) throws Exception {
    Path d = root.resolve("resource.d/t");
    Files.createDirectories(d);
    Path f = d.resolve(name);
    Files.writeString(f, "#!/bin/sh\n" + body);
    f.toFile().setExecutable(true);
    return ResourceAgents.builder().ocfRoot(root).killGrace(Duration.ofMillis(500))
        .captureLimit(captureLimit).clock(Clock.system()).build()
        .require(new AgentId("ocf", "t", name));
  }

  @Test
  void hangingAgentThatForksIsKilledWithItsWholeGroup() throws Exception {
    Path pids = root.resolve("pids");
    // The agent forks: a child that ignores SIGTERM (and its sleeps inherit that), a plain
    // sleeping child and a grandchild; then it waits forever.
    ResourceAgent a = agent("hang", "echo $$ > " + pids + "\n"
        + "( trap '' TERM; while :; do sleep 1; done ) &\necho $! >> " + pids + "\n"
        + "sleep 1000 &\necho $! >> " + pids + "\n"
        + "sh -c 'sleep 1000 & echo $! >> " + pids + "; wait' &\necho $! >> " + pids + "\n"
        + "trap '' TERM\nwait\n", 4096);
    long t0 = System.nanoTime();
    OperationResult r = a.execute("start", Map.of(), Duration.ofSeconds(1));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(r.status()).isEqualTo(ExecStatus.TIMEOUT);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.exitReason()).isEqualTo("Process did not exit within specified timeout");
    assertThat(took).isLessThan(Duration.ofSeconds(8));
    List<Long> started = Files.readAllLines(pids).stream().map(String::strip)
        .filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
    assertThat(started).hasSizeGreaterThanOrEqualTo(5);
    long pgid = started.get(0);
    assertThat(ProcessGroup.members(pgid)).as("members of group %d", pgid).isEmpty();
    for (long pid : started) {
      assertThat(alive(pid)).as("pid %d", pid).isFalse();
    }
  }

  @Test
  void agentRunsInItsOwnProcessGroup() throws Exception {
    Path out = root.resolve("pg");
    ResourceAgent a = agent("pg", "ps -o pgid= -p $$ | tr -d ' ' > " + out + "\necho $$ >> "
        + out + "\nexit 0\n", 4096);
    assertThat(a.execute("start", Map.of(), Duration.ofSeconds(10)).isOk()).isTrue();
    List<String> l = Files.readAllLines(out);
    assertThat(l.get(0)).isEqualTo(l.get(1)); // pgid == pid: the agent leads its own group
    assertThat(Long.parseLong(l.get(0))).isNotEqualTo(ProcessGroup.groupOf(
        ProcessHandle.current().pid()).orElseThrow());
  }

  @Test
  void outputIsBoundedAndTheAgentIsNotBlockedByAFullPipe() throws Exception {
    ResourceAgent a = agent("loud", "head -c 3000000 /dev/zero | tr '\\0' x\n"
        + "head -c 3000000 /dev/zero | tr '\\0' y >&2\necho 'ocf-exit-reason:late' >&2\nexit 6\n",
        1000);
    OperationResult r = a.execute("start", Map.of(), Duration.ofSeconds(20));
    assertThat(r.status()).isEqualTo(ExecStatus.DONE);
    assertThat(r.exitCode()).isEqualTo(6);
    assertThat(r.output()).hasSize(1000).matches("x+");
    // stderr keeps its end, so the exit reason written last survives the bound
    assertThat(r.exitReason()).isEqualTo("late");
  }

  @Test
  void exitReasonIsTheLastOneAndExitCodesPassThrough() throws Exception {
    for (int rc : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 190, 191}) {
      ResourceAgent a = agent("rc" + rc, "echo 'ocf-exit-reason:one' >&2\n"
          + "echo 'ocf-exit-reason:two " + rc + "' >&2\nexit " + rc + "\n", 4096);
      OperationResult r = a.execute("monitor", Map.of(), Duration.ofSeconds(10));
      assertThat(r.status()).isEqualTo(ExecStatus.DONE);
      assertThat(r.exitCode()).isEqualTo(rc);
      assertThat(r.exitReason()).isEqualTo("two " + rc);
    }
    // an exit status OCF does not define is a generic error
    ResourceAgent odd = agent("odd", "exit 42\n", 4096);
    assertThat(odd.execute("monitor", Map.of(), Duration.ofSeconds(10)).exitCode()).isEqualTo(1);
  }

  @Test
  void missingOrBrokenAgent() throws Exception {
    ResourceAgent a = agent("gone", "exit 0\n", 4096);
    Files.delete(root.resolve("resource.d/t/gone"));
    OperationResult r = a.execute("start", Map.of(), Duration.ofSeconds(10));
    assertThat(r.status()).isEqualTo(ExecStatus.NOT_INSTALLED);
    assertThat(r.exitCode()).isEqualTo(5);
    ResourceAgent k = agent("killed", "kill -9 $$\n", 4096);
    OperationResult kr = k.execute("start", Map.of(), Duration.ofSeconds(10));
    assertThat(kr.status()).isEqualTo(ExecStatus.ERROR);
    assertThat(kr.exitReason()).isEqualTo("Process interrupted by signal");
  }

  static boolean alive(long pid) {
    try {
      String s = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
      char state = s.substring(s.lastIndexOf(')') + 2).charAt(0);
      return state != 'Z' && state != 'X';
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
