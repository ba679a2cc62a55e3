package io.hablocks.resources.internal;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one agent process as Pacemaker does: in a process group of its own ({@code setsid}), stdin
 * from {@code /dev/null}, stdout (its beginning) and stderr (its end) captured up to a bound; on timeout the whole group
 * gets SIGTERM and, after a grace time, SIGKILL. Every wait is bounded through the {@link Clock}
 * (the calling thread blocks on a future the clock or the process completes).
 */
public final class AgentProcess {

  private static final Logger LOG = LoggerFactory.getLogger(AgentProcess.class);

  /** Bytes kept of each of stdout and stderr. */
  public static final int DEFAULT_CAPTURE_LIMIT = 64 * 1024;
  /** Time between SIGTERM and SIGKILL. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(2);
  /** How long output is still read after the agent exits (a daemon may hold the pipe). */
  static final Duration OUTPUT_GRACE = Duration.ofMillis(500);

  /** SIGHUP, SIGINT, SIGQUIT, SIGABRT, SIGBUS, SIGKILL, SIGSEGV, SIGPIPE, SIGTERM. */
  private static final java.util.Set<Integer> FATAL_SIGNALS = java.util.Set.of(1, 2, 3, 6, 7, 9,
      11, 13, 15);

  /** How often a dying group is checked. */
  static final Duration GROUP_POLL = Duration.ofMillis(20);

  private static final String SETSID = "/usr/bin/setsid";

  private static final ExecutorService READERS = Executors.newCachedThreadPool(new ThreadFactory() {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "ha-agent-output-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  });

  /**
   * How a process ended.
   *
   * @param exitCode the exit status (when {@link #exited})
   * @param signal the signal that ended it, or 0
   * @param timedOut whether the timeout expired (the group was killed)
   * @param stdout captured standard output (bounded)
   * @param stderr captured standard error (bounded)
   * @param startError why it could not start, or null
   * @param killedMembers how many group members were signalled after the timeout
   */
  public record Outcome(int exitCode, int signal, boolean timedOut, String stdout, String stderr,
      String startError, int killedMembers) {
    /** @return true if the process ran and exited by itself */
    public boolean exited() {
      return startError == null && !timedOut && signal == 0;
    }
  }

  private final Clock clock;
  private final int captureLimit;
  private final Duration killGrace;
  private final List<String> prefix;

  /**
   * @param clock the clock for the timeout and the grace times
   * @param captureLimit bytes kept of each output stream
   * @param killGrace time between SIGTERM and SIGKILL
   * @param prefix words put before every command (after {@code setsid})
   */
  public AgentProcess(Clock clock, int captureLimit, Duration killGrace, List<String> prefix) {
    this.prefix = List.copyOf(prefix);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.captureLimit = captureLimit;
    this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
  }

  /**
   * Runs a command and waits for it, at most {@code timeout} plus the kill grace.
   *
   * @param command the executable and its arguments
   * @param environment variables to set on top of the inherited environment
   * @param removeInherited prefixes of inherited variables to remove (such as {@code OCF_})
   * @param timeout the timeout
   * @return the outcome
   */
  public Outcome run(List<String> command, Map<String, String> environment,
      List<String> removeInherited, Duration timeout) {
    List<String> full = new ArrayList<>();
    if (new File(SETSID).canExecute()) {
      full.add(SETSID);
    }
    full.addAll(prefix);
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> removeInherited.stream().anyMatch(k::startsWith));
    env.putAll(environment);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Outcome(-1, 0, false, "", "", e.getMessage(), 0);
    }
    long pgid = p.pid();
    CompletableFuture<byte[]> out = capture(p.getInputStream(), false);
    // stderr keeps its end: the exit reason is written last
    CompletableFuture<byte[]> err = capture(p.getErrorStream(), true);

    CompletableFuture<Boolean> exitOrTimeout = new CompletableFuture<>();
    p.onExit().thenRun(() -> exitOrTimeout.complete(Boolean.TRUE));
    Cancellable timer = clock.schedule(timeout, () -> exitOrTimeout.complete(Boolean.FALSE));
    boolean exited = await(exitOrTimeout);
    timer.cancel();
    int killed = 0;
    if (!exited) {
      LOG.warn("{} timed out after {}; killing process group {}", command, timeout, pgid);
      killed = killGroup(pgid, p);
    }
    CompletableFuture<Boolean> outputs = new CompletableFuture<>();
    CompletableFuture.allOf(out, err).whenComplete((v, e) -> outputs.complete(Boolean.TRUE));
    Cancellable og = clock.schedule(OUTPUT_GRACE, () -> outputs.complete(Boolean.FALSE));
    await(outputs);
    og.cancel();
    String stdout = text(out);
    String stderr = text(err);
    if (!exited) {
      return new Outcome(-1, 0, true, stdout, stderr, null, killed);
    }
    int status = p.exitValue();
    // Java reports death by signal N as 128 + N; OCF codes 190/191 are above that range.
    // Java reports death by signal N as 128 + N, which a real exit status can also be (LSB uses
    // 150 and 151): only the signals that end processes in practice count as signals.
    int signal = status > 128 && FATAL_SIGNALS.contains(status - 128) ? status - 128 : 0;
    return new Outcome(signal == 0 ? status : -1, signal, false, stdout, stderr, null, 0);
  }

  /** SIGTERM the group, wait up to the grace, SIGKILL what is left, wait for it to go. */
  private int killGroup(long pgid, Process leader) {
    int n = ProcessGroup.signal(pgid, false);
    if (waitEmpty(pgid, leader, killGrace)) {
      return n;
    }
    LOG.warn("process group {} still alive after SIGTERM and {}; SIGKILL", pgid, killGrace);
    n += ProcessGroup.signal(pgid, true);
    leader.destroyForcibly();
    if (!waitEmpty(pgid, leader, Duration.ofSeconds(5))) {
      LOG.error("process group {} survives SIGKILL: {}", pgid, ProcessGroup.members(pgid));
    }
    return n;
  }

  /**
   * Waits until the group has no live member (zombies do not count: init may be slow to reap
   * them), checking {@code /proc} every {@link #GROUP_POLL} on the clock, at most {@code limit}.
   */
  private boolean waitEmpty(long pgid, Process leader, Duration limit) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    Cancellable t = clock.schedule(limit, () -> done.complete(Boolean.FALSE));
    leader.onExit().thenRun(() -> {
      if (ProcessGroup.members(pgid).isEmpty()) {
        done.complete(Boolean.TRUE);
      }
    });
    poll(pgid, done);
    boolean ok = await(done);
    t.cancel();
    return ok;
  }

  private void poll(long pgid, CompletableFuture<Boolean> done) {
    if (done.isDone()) {
      return;
    }
    if (ProcessGroup.members(pgid).isEmpty()) {
      done.complete(Boolean.TRUE);
      return;
    }
    clock.schedule(GROUP_POLL, () -> READERS.execute(() -> poll(pgid, done)));
  }

  private CompletableFuture<byte[]> capture(InputStream in, boolean keepTail) {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    READERS.execute(() -> {
      byte[] kept = new byte[captureLimit];
      int size = 0;
      long total = 0;
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          for (int i = 0; i < n && (keepTail || size < captureLimit); i++) {
            if (captureLimit == 0) {
              break;
            }
            kept[(int) (total % captureLimit)] = buf[i];
            total++;
            size = (int) Math.min(captureLimit, total);
          }
        }
      } catch (IOException e) {
        // stream closed under us: keep what was read
      }
      byte[] out = new byte[size];
      if (total <= captureLimit) {
        System.arraycopy(kept, 0, out, 0, size);
      } else { // a ring: the oldest kept byte is at total % limit
        int start = (int) (total % captureLimit);
        System.arraycopy(kept, start, out, 0, captureLimit - start);
        System.arraycopy(kept, 0, out, captureLimit - start, start);
      }
      f.complete(out);
    });
    return f;
  }

  private static String text(CompletableFuture<byte[]> f) {
    byte[] b = f.getNow(new byte[0]);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static boolean await(CompletableFuture<Boolean> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return false;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
