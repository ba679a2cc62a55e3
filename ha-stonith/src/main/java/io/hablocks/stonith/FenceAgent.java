package io.hablocks.stonith;

import io.hablocks.api.Clock;
import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.fence.FenceResult;
import io.hablocks.stonith.internal.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An installed fence agent ({@code /usr/sbin/fence_*}) run through the fence-agents protocol:
 * every parameter, the action included, goes as one {@code key=value} line on standard input, so
 * passwords never appear on a command line. The agent runs in its own session ({@code setsid});
 * when its timeout (a task on the {@link Clock}) expires, its whole process group is killed and
 * the result is {@link FenceResult#EC_TIMED_OUT}. Output is kept up to {@link #MAX_OUTPUT}
 * bytes per stream. Thread-safe; each call starts one process.
 *
 * <pre>{@code
 * FenceAgent dummy = FenceAgent.named("fence_dummy", Clock.system());
 * FenceResult r = dummy.run(FenceAction.OFF, Map.of("status_file", "/tmp/st"), Duration.ofSeconds(20));
 * }</pre>
 */
public final class FenceAgent {

  /** Where Debian installs fence agents. */
  public static final Path DEFAULT_DIR = Path.of("/usr/sbin");
  /** Bytes kept of each of standard output and standard error. */
  public static final int MAX_OUTPUT = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(FenceAgent.class);
  private static final Pattern AGENT_NAME = Pattern.compile("fence_[A-Za-z0-9_.+-]+");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  private final Path path;
  private final Clock clock;

  private FenceAgent(Path path, Clock clock) {
    this.path = Objects.requireNonNull(path, "path");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The agent at a path.
   *
   * @param executable the agent's executable
   * @param clock the clock for timeouts
   * @return the agent
   */
  public static FenceAgent at(Path executable, Clock clock) {
    return new FenceAgent(executable, clock);
  }

  /**
   * The agent of that name in {@link #DEFAULT_DIR}.
   *
   * @param name for example {@code fence_dummy}
   * @param clock the clock for timeouts
   * @return the agent
   * @throws StonithException if the name is not a fence agent name
   */
  public static FenceAgent named(String name, Clock clock) {
    return named(DEFAULT_DIR, name, clock);
  }

  /**
   * The agent of that name in a directory.
   *
   * @param dir the directory
   * @param name for example {@code fence_dummy}
   * @param clock the clock for timeouts
   * @return the agent
   * @throws StonithException if the name is not a fence agent name ({@code fence_...}, no '/')
   */
  public static FenceAgent named(Path dir, String name, Clock clock) {
    if (name == null || !AGENT_NAME.matcher(name).matches()) {
      throw new StonithException("'" + name + "' is not a fence agent name (fence_...)");
    }
    return new FenceAgent(dir.resolve(name), clock);
  }

  /**
   * The fence agents installed in a directory: executable files named {@code fence_*}, sorted,
   * as {@code stonith_admin --list-installed} finds them.
   *
   * @param dir the directory, usually {@link #DEFAULT_DIR}
   * @return the agent names
   */
  public static List<String> installed(Path dir) {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "fence_*")) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (AGENT_NAME.matcher(n).matches() && Files.isRegularFile(p) && Files.isExecutable(p)) {
          out.add(n);
        }
      }
    } catch (IOException e) {
      throw new StonithException("cannot list fence agents in " + dir + ": " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  /** @return the executable */
  public Path path() {
    return path;
  }

  /** @return the agent's name (the executable's file name) */
  public String name() {
    return path.getFileName().toString();
  }

  /**
   * Runs one action.
   *
   * @param action the action ({@code action=} on stdin)
   * @param parameters the other parameters, one {@code key=value} line each (keep order)
   * @param timeout how long it may run before its process group is killed
   * @return the result with fencing.py's exit code; {@link FenceResult#EC_TIMED_OUT} on timeout,
   *     {@link FenceResult#EC_GENERIC_ERROR} if it cannot be started
   * @throws StonithException if a parameter cannot be sent (bad key, newline in a value)
   */
  public FenceResult run(FenceAction action, Map<String, String> parameters, Duration timeout) {
    return run(action.word(), parameters, timeout);
  }

  /**
   * Runs one action by its word (for agent-specific actions such as {@code diag}).
   *
   * @param action the action word
   * @param parameters the other parameters
   * @param timeout how long it may run
   * @return the result
   */
  public FenceResult run(String action, Map<String, String> parameters, Duration timeout) {
    byte[] stdin = stdin(action, parameters);
    ProcessRunner runner = new ProcessRunner(clock, MAX_OUTPUT);
    try {
      ProcessRunner.Outcome o = runner.run(List.of(path.toString()), stdin, Map.of(), timeout);
      if (o.timedOut()) {
        LOG.warn("{} action={} timed out after {}; killed its process group {}", name(), action,
            timeout, o.pid());
        return new FenceResult(FenceResult.EC_TIMED_OUT, o.stdout(),
            o.stderr() + (o.stderr().isEmpty() || o.stderr().endsWith("\n") ? "" : "\n")
                + name() + ": timed out after " + timeout.toMillis() + " ms, process group killed");
      }
      return new FenceResult(o.exitCode(), o.stdout(), o.stderr());
    } catch (IOException e) {
      return new FenceResult(FenceResult.EC_GENERIC_ERROR, "",
          "cannot run " + path + ": " + e.getMessage());
    }
  }

  /**
   * Runs {@code metadata} and parses it.
   *
   * @param timeout how long the agent may take
   * @return the model
   * @throws StonithException naming the agent if it fails, times out or prints invalid XML
   */
  public FenceAgentMetadata metadata(Duration timeout) {
    return FenceAgentMetadata.parse(metadataXml(timeout), path.toString());
  }

  /**
   * Runs {@code metadata} and returns the document as printed.
   *
   * @param timeout how long the agent may take
   * @return the XML bytes
   * @throws StonithException naming the agent if it fails or times out
   */
  public byte[] metadataXml(Duration timeout) {
    ProcessRunner runner = new ProcessRunner(clock, FenceAgentMetadata.MAX_BYTES + 1);
    ProcessRunner.Outcome o;
    try {
      o = runner.run(List.of(path.toString()), stdin("metadata", Map.of()), Map.of(), timeout);
    } catch (IOException e) {
      throw new StonithException("cannot run " + path + ": " + e.getMessage(), e);
    }
    if (o.timedOut()) {
      throw new StonithException(path + ": metadata timed out after " + timeout.toMillis() + " ms");
    }
    if (o.exitCode() != 0) {
      throw new StonithException(path + ": metadata exited " + o.exitCode()
          + " without meta-data" + firstLine(o.stderr().isBlank() ? o.stdout() : o.stderr()));
    }
    return o.stdout().getBytes(StandardCharsets.UTF_8);
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    t = nl < 0 ? t : t.substring(0, nl);
    return t.isEmpty() ? "" : ": " + t;
  }

  /**
   * The bytes written on an agent's standard input.
   *
   * @param action the action word
   * @param parameters the parameters
   * @return {@code action=...} then one line per parameter
   */
  byte[] stdin(String action, Map<String, String> parameters) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("action", action);
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      if (!e.getKey().equals("action")) {
        all.put(e.getKey(), e.getValue());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : all.entrySet()) {
      String k = e.getKey();
      String v = Objects.requireNonNullElse(e.getValue(), "");
      if (!KEY.matcher(k).matches()) {
        throw new StonithException(name() + ": parameter name '" + k
            + "' cannot be sent (letters, digits, '_', '-', '.')");
      }
      if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\0') >= 0) {
        throw new StonithException(name() + ": parameter '" + k
            + "' holds a newline or NUL and cannot be sent as one key=value line");
      }
      sb.append(k).append('=').append(v).append('\n');
    }
    if (sb.length() > MAX_OUTPUT) {
      throw new StonithException(name() + ": parameters are " + sb.length()
          + " bytes, more than " + MAX_OUTPUT);
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "FenceAgent[" + path + "]";
  }
}
