package io.hablocks.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace a test creates and owns: a host of its own with only loopback until
 * {@link #link} gives it a veth. Processes it starts are stopped by PID (with their descendants)
 * when it closes, then the namespace is deleted. Needs root and {@code ip} (iproute2); use inside a
 * {@link PeerTest} with {@code root = true, netns = true}.
 *
 * <pre>{@code
 * try (Netns a = Netns.create("vr"); Netns b = Netns.create("vr")) {
 *   Netns.link(a, "eth0", "10.99.0.11/24", b, "eth0", "10.99.0.12/24");
 *   Netns.Result r = a.exec("ping", "-c1", "-W1", "10.99.0.12");
 *   assertThat(r.exitCode()).isZero();
 * }
 * }</pre>
 *
 * <p>Names are {@code <prefix>-<pid>-<n>}, unique per JVM, so parallel runs do not collide.
 */
public final class Netns implements AutoCloseable {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final List<Process> started = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private Netns(String name) {
    this.name = name;
  }

  /** The outcome of a finished command. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** @return stdout, after checking the exit code was 0 */
    public String ok() {
      if (exitCode != 0) {
        throw new IllegalStateException("exit " + exitCode + ": " + stderr.strip());
      }
      return stdout;
    }
  }

  /**
   * Creates a namespace with loopback up.
   *
   * @param prefix a short prefix (letters, digits, dash)
   * @return the namespace
   */
  public static Netns create(String prefix) {
    String name = prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    if (name.length() > 32) {
      throw new IllegalArgumentException("namespace name too long: " + name);
    }
    run(List.of("ip", "netns", "add", name)).ok();
    Netns ns = new Netns(name);
    ns.exec("ip", "link", "set", "lo", "up").ok();
    return ns;
  }

  /**
   * Joins two namespaces with a veth pair and gives each end an address (CIDR), both up.
   *
   * @param a one namespace
   * @param ifA the interface name in it
   * @param addrA its address, such as {@code 10.99.0.11/24}, or null for none
   * @param b the other namespace
   * @param ifB the interface name there
   * @param addrB its address, or null
   */
  public static void link(Netns a, String ifA, String addrA, Netns b, String ifB, String addrB) {
    String tmpA = "hbv" + COUNTER.incrementAndGet();
    String tmpB = "hbv" + COUNTER.incrementAndGet();
    run(List.of("ip", "link", "add", tmpA, "netns", a.name, "type", "veth", "peer", "name", tmpB,
        "netns", b.name)).ok();
    a.exec("ip", "link", "set", tmpA, "name", ifA).ok();
    b.exec("ip", "link", "set", tmpB, "name", ifB).ok();
    if (addrA != null) {
      a.exec("ip", "addr", "add", addrA, "dev", ifA).ok();
    }
    if (addrB != null) {
      b.exec("ip", "addr", "add", addrB, "dev", ifB).ok();
    }
    a.exec("ip", "link", "set", ifA, "up").ok();
    b.exec("ip", "link", "set", ifB, "up").ok();
  }

  /** @return the namespace's name, for {@code ip netns exec NAME} */
  public String name() {
    return name;
  }

  /**
   * Runs a command inside the namespace and waits for it (30 s at most).
   *
   * @param command the command and its arguments
   * @return its exit code and output
   */
  public Result exec(String... command) {
    return run(inside(List.of(command)));
  }

  /**
   * Starts a long-running command inside the namespace; it is stopped when this closes.
   *
   * @param builder a builder whose command is run inside the namespace (its redirects are kept)
   * @return the process
   * @throws IOException if it cannot start
   */
  public Process start(ProcessBuilder builder) throws IOException {
    ensureOpen();
    builder.command(inside(builder.command()));
    Process p = builder.start();
    started.add(p);
    return p;
  }

  /**
   * Stops a process this namespace started: SIGTERM, then SIGKILL after the grace time; its
   * descendants too.
   *
   * @param p the process
   * @param grace how long to wait after SIGTERM
   */
  public void stop(Process p, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>();
    p.descendants().forEach(tree::add);
    tree.add(p.toHandle());
    for (ProcessHandle h : tree) {
      h.destroy();
    }
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        for (ProcessHandle h : tree) {
          h.destroyForcibly();
        }
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle h : tree) {
      h.destroyForcibly();
    }
    started.remove(p);
  }

  /** Stops every process started here, by PID, then deletes the namespace. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Process p : List.copyOf(started)) {
      stop(p, Duration.ofSeconds(5));
    }
    run(List.of("ip", "netns", "del", name));
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("namespace " + name + " is closed");
    }
  }

  private List<String> inside(List<String> command) {
    ensureOpen();
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
    full.addAll(Objects.requireNonNull(command));
    return full;
  }

  private static Result run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).start();
      p.getOutputStream().close();
      var out = p.getInputStream();
      var err = p.getErrorStream();
      // Small outputs: read both after exit is safe only if they fit the pipe; read concurrently.
      var errText = new StringBuilder();
      Thread t = new Thread(() -> {
        try {
          errText.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException ignored) {
          // the process went away
        }
      }, "netns-stderr");
      t.start();
      String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      t.join();
      return new Result(p.exitValue(), stdout, errText.toString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command) + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  @Override
  public String toString() {
    return "netns " + name;
  }
}
