package io.hablocks.resources.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A process group seen through {@code /proc}: its live members (zombies excluded) and signals
 * sent to each of them by PID. The agent runs under {@code setsid}, so its PID is the group's id
 * and everything it forks stays in the group unless it leaves on purpose.
 */
public final class ProcessGroup {

  private static final Path PROC = Path.of("/proc");

  private ProcessGroup() {}

  /**
   * The process group of a process.
   *
   * @param pid the process
   * @return its group id, or empty if it is gone
   */
  public static OptionalLong groupOf(long pid) {
    Stat s = stat(PROC.resolve(Long.toString(pid)).resolve("stat"));
    return s == null ? OptionalLong.empty() : OptionalLong.of(s.pgrp);
  }

  /**
   * The live (not zombie) members of a group.
   *
   * @param pgid the group id
   * @return their PIDs
   */
  public static List<Long> members(long pgid) {
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        Stat s = stat(d.resolve("stat"));
        if (s != null && s.pgrp == pgid && s.state != 'Z' && s.state != 'X') {
          out.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      // /proc unreadable: nothing known to be alive
    }
    return out;
  }

  /**
   * Sends SIGTERM (or SIGKILL) to every live member of a group.
   *
   * @param pgid the group
   * @param force SIGKILL instead of SIGTERM
   * @return how many members were signalled
   */
  public static int signal(long pgid, boolean force) {
    int n = 0;
    for (long pid : members(pgid)) {
      var h = ProcessHandle.of(pid);
      if (h.isPresent()) {
        if (force) {
          h.get().destroyForcibly();
        } else {
          h.get().destroy();
        }
        n++;
      }
    }
    return n;
  }

  private record Stat(char state, long pgrp) {}

  private static Stat stat(Path file) {
    try {
      String s = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
      int close = s.lastIndexOf(')');
      if (close < 0 || close + 2 >= s.length()) {
        return null;
      }
      String[] f = s.substring(close + 2).split(" ");
      // after "pid (comm) ": state ppid pgrp ...
      return new Stat(f[0].charAt(0), Long.parseLong(f[2]));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
