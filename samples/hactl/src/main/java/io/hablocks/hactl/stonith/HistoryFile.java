package io.hablocks.hactl.stonith;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.hactl.HactlException;
import io.hablocks.stonith.FenceOperation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fencing history that {@code hactl stonith fence} keeps between runs outside a cluster: one
 * tab-separated line per operation.
 */
final class HistoryFile {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss XXX").withZone(ZoneOffset.UTC);

  private HistoryFile() {}

  static Path defaultPath() {
    String env = System.getenv("HACTL_STONITH_HISTORY");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".hactl", "stonith-history.tsv");
  }

  static void append(Path file, FenceOperation op) {
    List<String> f = new ArrayList<>();
    f.add(op.id());
    f.add(op.target());
    f.add(op.action().word());
    f.add(op.origin());
    f.add(String.join(",", op.clients()));
    f.add(op.executor());
    f.add(op.state().name());
    f.add(Integer.toString(op.exitCode()));
    f.add(op.requested().toString());
    f.add(op.completed() == null ? "" : op.completed().toString());
    f.add(op.reason());
    List<String> devs = new ArrayList<>();
    for (FenceOperation.DeviceOutcome d : op.devices()) {
      devs.add(d.level() + ":" + d.device() + ":" + d.action() + ":" + d.exitCode() + ":"
          + d.attempts() + ":" + d.reason().replace(';', ','));
    }
    f.add(String.join(";", devs));
    StringBuilder line = new StringBuilder();
    for (String s : f) {
      line.append(line.length() == 0 ? "" : "\t").append(s.replace('\t', ' ').replace('\n', ' '));
    }
    line.append('\n');
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new HactlException("cannot write the fencing history " + file + ": " + e.getMessage());
    }
  }

  static List<FenceOperation> read(Path file) {
    List<FenceOperation> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HactlException("cannot read the fencing history " + file + ": " + e.getMessage());
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] f = lines.get(i).split("\t", -1);
      try {
        if (f.length != 12) {
          throw new IllegalArgumentException("12 tab-separated fields expected, got " + f.length);
        }
        List<FenceOperation.DeviceOutcome> devs = new ArrayList<>();
        for (String d : f[11].split(";")) {
          if (d.isEmpty()) {
            continue;
          }
          String[] p = d.split(":", 6);
          devs.add(new FenceOperation.DeviceOutcome(Integer.parseInt(p[0]), p[1], p[2],
              Integer.parseInt(p[3]), Integer.parseInt(p[4]), p.length > 5 ? p[5] : ""));
        }
        out.add(new FenceOperation(f[0], f[1], FenceAction.parse(f[2]), f[3],
            f[4].isEmpty() ? List.of() : Arrays.asList(f[4].split(",")), f[5], devs,
            FenceOperation.State.valueOf(f[6]), Integer.parseInt(f[7]), f[10],
            Instant.parse(f[8]), f[9].isEmpty() ? null : Instant.parse(f[9])));
      } catch (RuntimeException e) {
        throw new HactlException(file + ":" + (i + 1) + ": not a fencing history line: "
            + e.getMessage());
      }
    }
    return out;
  }

  /** One operation as stonith_admin --history prints it. */
  static String format(FenceOperation op) {
    String clients = String.join(",", op.clients());
    StringBuilder sb = new StringBuilder();
    sb.append(op.action().word()).append(" of ").append(op.target()).append(' ');
    switch (op.state()) {
      case DONE -> sb.append("successful: delegate=").append(op.executor())
          .append(", client=").append(clients).append(", origin=").append(op.origin())
          .append(", completed='").append(TIME.format(op.completed())).append('\'');
      case FAILED -> sb.append("failed: delegate=").append(op.executor())
          .append(", client=").append(clients).append(", origin=").append(op.origin())
          .append(", last-failed='").append(TIME.format(op.completed())).append('\'');
      default -> sb.append("pending: client=").append(clients).append(", origin=")
          .append(op.origin());
    }
    for (FenceOperation.DeviceOutcome d : op.devices()) {
      sb.append("\n    level ").append(d.level()).append(' ').append(d.device()).append(' ')
          .append(d.action()).append(": ").append(d.exitCode() == 0 ? "OK" : "exit "
              + d.exitCode()).append(" after ").append(d.attempts()).append(" attempt(s)");
      if (!d.reason().isEmpty()) {
        sb.append(" (").append(d.reason()).append(')');
      }
    }
    if (op.state() == FenceOperation.State.FAILED && !op.reason().isEmpty()) {
      sb.append("\n    reason: ").append(op.reason());
    }
    return sb.toString();
  }
}
