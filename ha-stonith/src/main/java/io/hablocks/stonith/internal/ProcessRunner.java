package io.hablocks.stonith.internal;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command in its own session ({@code setsid}), feeds it bytes on standard input, keeps
 * at most a bounded amount of its output, and on timeout kills its whole process group
 * ({@code kill -KILL -- -PGID}, the group id being the leader's pid) and every descendant.
 * The timeout is a task on the {@link Clock}; this class never sleeps.
 */
public final class ProcessRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);

  /** What a run produced. */
  public record Outcome(int exitCode, String stdout, String stderr, boolean timedOut,
      boolean truncated, long pid) {}

  private final Clock clock;
  private final int maxOutput;

  /**
   * @param clock the clock that owns the timeout
   * @param maxOutput bytes kept of each of stdout and stderr
   */
  public ProcessRunner(Clock clock, int maxOutput) {
    this.clock = clock;
    this.maxOutput = maxOutput;
  }

  /**
   * Runs a command and waits for it (or its timeout).
   *
   * @param command the executable and arguments (no secrets: those go on stdin)
   * @param stdin the bytes for standard input
   * @param env extra environment variables
   * @param timeout how long it may run
   * @return the outcome; exit code -1 if it was killed
   * @throws IOException if the command cannot be started
   */
  public Outcome run(List<String> command, byte[] stdin, Map<String, String> env,
      Duration timeout) throws IOException {
    List<String> full = new ArrayList<>();
    full.add(setsid());
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full);
    pb.environment().put("LC_ALL", "C");
    pb.environment().putAll(env);
    Process p = pb.start();
    long pid = p.pid();
    AtomicBoolean killedByTimeout = new AtomicBoolean();
    Cancellable timer = clock.schedule(timeout, () -> {
      if (p.isAlive()) {
        killedByTimeout.set(true);
      }
      killGroup(p);
    });
    Reader out = new Reader(p.getInputStream(), maxOutput, "stdout-" + pid);
    Reader err = new Reader(p.getErrorStream(), maxOutput, "stderr-" + pid);
    out.start();
    err.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin);
    } catch (IOException e) {
      LOG.debug("process {} closed its stdin early: {}", pid, e.toString());
    }
    int rc;
    try {
      rc = p.waitFor();
      out.join();
      err.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killGroup(p);
      throw new IOException("interrupted while waiting for " + command.get(0), e);
    } finally {
      timer.cancel();
    }
    boolean timedOut = killedByTimeout.get();
    return new Outcome(timedOut ? -1 : rc, out.text(), err.text(), timedOut,
        out.truncated || err.truncated, pid);
  }

  /** Kills the process group led by the process, then every descendant and the process. */
  static void killGroup(Process p) {
    long pid = p.pid();
    try {
      // The group id of a setsid leader equals its pid; a group with that id is nobody else's.
      new ProcessBuilder(killCommand(), "-KILL", "--", "-" + pid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      LOG.warn("cannot run kill for process group {}: {}", pid, e.toString());
    }
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static String setsid() {
    for (String c : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    return "setsid";
  }

  private static String killCommand() {
    for (String c : new String[] {"/usr/bin/kill", "/bin/kill"}) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    return "kill";
  }

  private static final class Reader extends Thread {
    private final InputStream in;
    private final int max;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    volatile boolean truncated;

    Reader(InputStream in, int max, String name) {
      super(name);
      setDaemon(true);
      this.in = in;
      this.max = max;
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          int room = max - kept.size();
          if (room > 0) {
            kept.write(buf, 0, Math.min(room, n));
          }
          if (n > room) {
            truncated = true;
          }
        }
      } catch (IOException e) {
        LOG.debug("{}: {}", getName(), e.toString());
      }
    }

    String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }
}
