package io.hablocks.stonith;

import io.hablocks.api.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fence devices and levels from a small text file, for fencing outside a cluster (as
 * {@code hactl stonith fence} does). One statement per line; {@code #} starts a comment:
 *
 * <pre>
 * # device ID AGENT [key=value ...]      (agent: a fence_* name in the agent directory or a path)
 * device ipmi-n2 fence_ipmilan ip=10.0.0.12 username=admin password=secret pcmk_host_list=node2
 * device psu     fence_dummy status_file=/run/psu.status pcmk_host_check=none
 * # level INDEX TARGET DEVICE[,DEVICE...] (TARGET: a node, ~REGEX, or @ATTRIBUTE=VALUE)
 * level 1 node2 ipmi-n2
 * level 2 node2 psu
 * </pre>
 *
 * Values cannot hold spaces. The file should be readable by root only when it holds passwords;
 * they go to the agents on standard input, never on a command line. Immutable.
 *
 * @param devices the devices in file order
 * @param topology the levels
 */
public record StonithConfig(List<StonithDevice> devices, FencingTopology topology) {

  /** The largest file read. */
  public static final int MAX_BYTES = 1 << 20;

  /** Copies the list. */
  public StonithConfig {
    devices = List.copyOf(devices);
  }

  /**
   * Reads a file.
   *
   * @param file the file
   * @param agentDir where agents named without a '/' are found (usually /usr/sbin)
   * @param clock the clock for the agents' timeouts
   * @return the configuration
   * @throws StonithException naming file:line and the reason for anything that does not parse
   */
  public static StonithConfig read(Path file, Path agentDir, Clock clock) {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new StonithException(file + ": larger than " + MAX_BYTES + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StonithException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(text, file.toString(), agentDir, clock);
  }

  /**
   * Parses text.
   *
   * @param text the statements
   * @param source the name used in errors
   * @param agentDir where agents named without a '/' are found
   * @param clock the clock for the agents' timeouts
   * @return the configuration
   * @throws StonithException naming source:line and the reason
   */
  public static StonithConfig parse(String text, String source, Path agentDir, Clock clock) {
    List<StonithDevice> devices = new ArrayList<>();
    List<FenceLevel> levels = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String where = source + ":" + (i + 1);
      String line = lines[i];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] w = line.split("\\s+");
      try {
        switch (w[0]) {
          case "device" -> devices.add(device(w, where, agentDir, clock));
          case "level" -> levels.add(level(w, where));
          default -> throw new StonithException(where + ": unknown statement '" + w[0]
              + "' (device or level)");
        }
      } catch (StonithException e) {
        if (e.getMessage().startsWith(where)) {
          throw e;
        }
        throw new StonithException(where + ": " + e.getMessage(), e);
      }
    }
    FencingTopology topology;
    try {
      topology = FencingTopology.of(levels);
      topology.checkDevices(devices.stream().map(StonithDevice::id)
          .collect(java.util.stream.Collectors.toSet()));
    } catch (StonithException e) {
      throw new StonithException(source + ": " + e.getMessage(), e);
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (StonithDevice d : devices) {
      if (!ids.add(d.id())) {
        throw new StonithException(source + ": device '" + d.id() + "' is defined twice");
      }
    }
    return new StonithConfig(devices, topology);
  }

  private static StonithDevice device(String[] w, String where, Path agentDir, Clock clock) {
    if (w.length < 3) {
      throw new StonithException(where + ": expected: device ID AGENT [key=value ...]");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String kv : Arrays.copyOfRange(w, 3, w.length)) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new StonithException(where + ": '" + kv + "' is not key=value");
      }
      if (params.put(kv.substring(0, eq), kv.substring(eq + 1)) != null) {
        throw new StonithException(where + ": parameter '" + kv.substring(0, eq)
            + "' given twice");
      }
    }
    FenceAgent agent = w[2].contains("/") ? FenceAgent.at(Path.of(w[2]), clock)
        : FenceAgent.named(agentDir, w[2], clock);
    return StonithDevice.agent(w[1], agent, params);
  }

  private static FenceLevel level(String[] w, String where) {
    if (w.length != 4) {
      throw new StonithException(where + ": expected: level INDEX TARGET DEVICE[,DEVICE...]");
    }
    int index;
    try {
      index = Integer.parseInt(w[1]);
    } catch (NumberFormatException e) {
      throw new StonithException(where + ": level index '" + w[1] + "' is not a number");
    }
    FenceLevel.Target target;
    if (w[2].startsWith("~")) {
      target = FenceLevel.Target.pattern(w[2].substring(1));
    } else if (w[2].startsWith("@")) {
      int eq = w[2].indexOf('=');
      if (eq < 2) {
        throw new StonithException(where + ": attribute target must be @NAME=VALUE");
      }
      target = FenceLevel.Target.attribute(w[2].substring(1, eq), w[2].substring(eq + 1));
    } else {
      target = FenceLevel.Target.name(w[2]);
    }
    List<String> devs = new ArrayList<>();
    for (String d : w[3].split(",")) {
      if (!d.isEmpty()) {
        devs.add(d);
      }
    }
    return new FenceLevel(index, target, devs);
  }
}
