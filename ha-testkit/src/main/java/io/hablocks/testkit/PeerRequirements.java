package io.hablocks.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Checks a {@link PeerTest}'s needs against a machine and says what is missing. Usable directly
 * by tests whose needs are only known at run time ({@link #require}).
 */
public final class PeerRequirements {

  /** What the checks look at; the real one reads the machine. */
  public interface Probe {
    /** @param command a command name or absolute path @return whether it is executable */
    boolean hasCommand(String command);

    /** @param path a path @return whether it exists */
    boolean exists(String path);

    /** @return whether the process runs as root */
    boolean isRoot();

    /** @return whether network namespaces can be created here */
    boolean canCreateNetns();
  }

  private final Probe probe;

  /**
   * Requirements checked against a probe.
   *
   * @param probe the probe
   */
  public PeerRequirements(Probe probe) {
    this.probe = Objects.requireNonNull(probe, "probe");
  }

  /** @return requirements checked against this machine */
  public static PeerRequirements ofMachine() {
    return new PeerRequirements(new MachineProbe());
  }

  /**
   * What is missing for a test.
   *
   * @param test the annotation
   * @return one line per missing thing, empty if nothing is missing
   */
  public List<String> missing(PeerTest test) {
    return missing(test.root(), test.netns(), Arrays.asList(test.commands()),
        Arrays.asList(test.files()), Arrays.asList(test.packages()));
  }

  /**
   * What is missing.
   *
   * @param root whether root is needed
   * @param netns whether network namespaces are needed
   * @param commands the commands needed
   * @param files the files needed
   * @param packages the Debian packages that provide them, for the message
   * @return one line per missing thing
   */
  public List<String> missing(boolean root, boolean netns, List<String> commands,
      List<String> files, List<String> packages) {
    List<String> out = new ArrayList<>();
    String hint = packages.isEmpty() ? "" : " (Debian: apt-get install " + String.join(" ", packages) + ")";
    if (root && !probe.isRoot()) {
      out.add("must run as root");
    }
    for (String c : commands) {
      if (!probe.hasCommand(c)) {
        out.add("command '" + c + "' not found" + hint);
      }
    }
    for (String f : files) {
      if (!probe.exists(f)) {
        out.add("file '" + f + "' not found" + hint);
      }
    }
    if (netns && !(probe.isRoot() && probe.hasCommand("ip") && probe.canCreateNetns())) {
      out.add("cannot create network namespaces (needs root and 'ip' from iproute2)");
    }
    return out;
  }

  /**
   * Whether a missing environment fails (CI) or skips the test.
   *
   * @param env the environment
   * @return true if {@code CI} is {@code true} (case-insensitive)
   */
  public static boolean failWhenMissing(Map<String, String> env) {
    return "true".equalsIgnoreCase(env.getOrDefault("CI", ""));
  }

  /**
   * Fails (in CI) or skips (elsewhere) the running test if a command is missing. For tests whose
   * needs are known only at run time.
   *
   * @param commands the commands needed
   */
  public static void require(String... commands) {
    List<String> missing = ofMachine().missing(false, false, List.of(commands), List.of(),
        List.of());
    PeerEnvironmentExtension.report(missing, "run-time requirement");
  }

  private static final class MachineProbe implements Probe {
    @Override
    public boolean hasCommand(String command) {
      if (command.contains("/")) {
        return Files.isExecutable(Path.of(command));
      }
      String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
      for (String dir : (path + ":/usr/sbin:/sbin:/usr/local/sbin").split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean exists(String path) {
      return Files.exists(Path.of(path));
    }

    @Override
    public boolean isRoot() {
      try {
        Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        return p.waitFor(10, TimeUnit.SECONDS) && out.equals("0");
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    @Override
    public boolean canCreateNetns() {
      return Files.isDirectory(Path.of("/proc/self/ns")) && Files.exists(Path.of("/proc/self/ns/net"));
    }
  }
}
