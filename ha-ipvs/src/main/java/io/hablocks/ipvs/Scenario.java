package io.hablocks.ipvs;

import io.hablocks.api.lb.Scheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A scheduling scenario: one virtual service, destinations added in file order, and connections
 * with weight changes and removals between them. {@link #replay()} answers, per connection, the
 * destination the kernel would choose, or {@code -} for a drop. The format:
 *
 * <pre>
 * service VIP:PORT SCHEDULER [FLAG,FLAG...]      # first line; flags as ipvsadm -b
 * dest ADDR:PORT WEIGHT [u=UPPER] [l=LOWER]       # added in file order (newest first in the list)
 * conn SRC_ADDR:SRC_PORT hold|close               # a new connection; close = inactive at once
 * weight ADDR:PORT W | remove ADDR:PORT           # changes between connections
 * </pre>
 *
 * Blank lines and {@code #} comments are ignored; addresses are literals ({@code [v6]:port} for
 * IPv6). Errors name {@code file:line}. twos replays with a fixed seed.
 */
public final class Scenario {

  /** The largest scenario file read, in bytes. */
  public static final long MAX_BYTES = 4 << 20;

  /** One step after the service line. */
  public sealed interface Step permits Dest, Conn, Weight, Remove {}

  /**
   * @param server the destination to add
   * @param line its line
   */
  public record Dest(RealServer server, int line) implements Step {}

  /**
   * @param source the client
   * @param hold true to keep it open, false to close it at once
   * @param line its line
   */
  public record Conn(InetSocketAddress source, boolean hold, int line) implements Step {}

  /**
   * @param destination the destination
   * @param weight the new weight
   * @param line its line
   */
  public record Weight(InetSocketAddress destination, int weight, int line) implements Step {}

  /**
   * @param destination the destination to delete
   * @param line its line
   */
  public record Remove(InetSocketAddress destination, int line) implements Step {}

  private final String source;
  private final InetSocketAddress service;
  private final String scheduler;
  private final Set<SchedulerFlag> flags;
  private final List<Step> steps;

  private Scenario(String source, InetSocketAddress service, String scheduler,
      Set<SchedulerFlag> flags, List<Step> steps) {
    this.source = source;
    this.service = service;
    this.scheduler = scheduler;
    this.flags = flags;
    this.steps = Collections.unmodifiableList(steps);
  }

  /**
   * Reads a scenario file.
   *
   * @param file the file
   * @return the scenario
   * @throws IpvsException naming file:line on bad input, or the file if unreadable
   */
  public static Scenario read(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IpvsException(file + ": larger than " + MAX_BYTES + " bytes");
      }
      return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IpvsException(file + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * Parses scenario lines.
   *
   * @param source the name used in errors (a file name)
   * @param lines the lines
   * @return the scenario
   * @throws IpvsException naming source:line on bad input
   */
  public static Scenario parse(String source, List<String> lines) {
    InetSocketAddress svc = null;
    String sched = null;
    Set<SchedulerFlag> flags = null;
    List<Step> steps = new ArrayList<>();
    Map<InetSocketAddress, RealServer> current = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int no = i + 1;
      String line = lines.get(i);
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      String where = source + ":" + no + ": ";
      try {
        if (svc == null) {
          if (!f[0].equals("service")) {
            throw new IpvsException("the first line must be 'service VIP:PORT SCHEDULER [FLAGS]'"
                + ", got '" + f[0] + "'");
          }
          arity(f, 3, 4);
          svc = address(f[1]);
          sched = f[2];
          IpvsSchedulers.create(sched);
          flags = SchedulerFlag.parseList(f.length > 3 ? f[3] : null);
          continue;
        }
        switch (f[0]) {
          case "service":
            throw new IpvsException("a second 'service' line (one service per scenario)");
          case "dest": {
            arity(f, 3, 5);
            RealServer rs = RealServer.of(address(f[1]), number(f[2], "weight"));
            int u = 0;
            int l = 0;
            for (int k = 3; k < f.length; k++) {
              if (f[k].startsWith("u=")) {
                u = number(f[k].substring(2), "upper threshold");
              } else if (f[k].startsWith("l=")) {
                l = number(f[k].substring(2), "lower threshold");
              } else {
                throw new IpvsException("expected u=UPPER or l=LOWER, got '" + f[k] + "'");
              }
            }
            rs = rs.withThresholds(u, l);
            if (current.containsKey(rs.address())) {
              throw new IpvsException("destination " + rs.name() + " already exists");
            }
            current.put(rs.address(), rs);
            steps.add(new Dest(rs, no));
            break;
          }
          case "conn": {
            arity(f, 3, 3);
            boolean hold;
            if (f[2].equals("hold")) {
              hold = true;
            } else if (f[2].equals("close")) {
              hold = false;
            } else {
              throw new IpvsException("expected hold or close, got '" + f[2] + "'");
            }
            steps.add(new Conn(address(f[1]), hold, no));
            break;
          }
          case "weight": {
            arity(f, 3, 3);
            InetSocketAddress a = address(f[1]);
            RealServer rs = current.get(a);
            if (rs == null) {
              throw new IpvsException("no destination " + f[1]);
            }
            int w = number(f[2], "weight");
            current.put(a, rs.withWeight(w));
            steps.add(new Weight(a, w, no));
            break;
          }
          case "remove": {
            arity(f, 2, 2);
            InetSocketAddress a = address(f[1]);
            if (current.remove(a) == null) {
              throw new IpvsException("no destination " + f[1]);
            }
            steps.add(new Remove(a, no));
            break;
          }
          default:
            throw new IpvsException("unknown keyword '" + f[0]
                + "' (expected dest, conn, weight or remove)");
        }
      } catch (IpvsException e) {
        throw new IpvsException(where + e.getMessage());
      }
    }
    if (svc == null) {
      throw new IpvsException(source + ": no 'service' line");
    }
    return new Scenario(source, svc, sched, flags, steps);
  }

  private static void arity(String[] f, int min, int max) {
    if (f.length < min || f.length > max) {
      throw new IpvsException("'" + f[0] + "' takes " + (min - 1)
          + (max > min ? " to " + (max - 1) : "") + " arguments, got " + (f.length - 1));
    }
  }

  private static int number(String s, String what) {
    try {
      int v = Integer.parseInt(s);
      if (v < 0 || v > 65535) {
        throw new IpvsException(what + " must be 0..65535, got " + s);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IpvsException(what + " must be a number, got '" + s + "'");
    }
  }

  /**
   * Parses {@code ADDR:PORT} or {@code [V6ADDR]:PORT}, literals only (no name lookup).
   *
   * @param s the text
   * @return the address
   * @throws IpvsException if malformed
   */
  public static InetSocketAddress address(String s) {
    String host;
    String port;
    if (s.startsWith("[")) {
      int e = s.indexOf("]:");
      if (e < 0) {
        throw new IpvsException("expected [ADDR]:PORT, got '" + s + "'");
      }
      host = s.substring(1, e);
      port = s.substring(e + 2);
    } else {
      int c = s.lastIndexOf(':');
      if (c < 0 || s.indexOf(':') != c) {
        throw new IpvsException("expected ADDR:PORT, got '" + s + "'");
      }
      host = s.substring(0, c);
      port = s.substring(c + 1);
      if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        throw new IpvsException("expected an IPv4 literal, got '" + host + "'");
      }
    }
    if (!host.matches("[0-9a-fA-F:.]+")) {
      throw new IpvsException("expected an address literal, got '" + host + "'");
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IpvsException("expected a port number in '" + s + "'");
    }
    if (p < 0 || p > 65535) {
      throw new IpvsException("port must be 0..65535 in '" + s + "'");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), p);
    } catch (UnknownHostException e) {
      throw new IpvsException("bad address '" + host + "'");
    }
  }

  /** @return the name used in errors */
  public String source() {
    return source;
  }

  /** @return the virtual address and port */
  public InetSocketAddress service() {
    return service;
  }

  /** @return the scheduler name */
  public String scheduler() {
    return scheduler;
  }

  /** @return the scheduler flags */
  public Set<SchedulerFlag> flags() {
    return flags;
  }

  /** @return the steps after the service line, in file order */
  public List<Step> steps() {
    return steps;
  }

  /**
   * Replays the scenario on a fresh {@link VirtualServer}.
   *
   * @return one line per connection: the chosen {@code ADDR:PORT}, or {@code -} for a drop
   */
  public List<String> replay() {
    return replay(new SplittableRandom(0));
  }

  /**
   * Replays with a given random source (used by twos only).
   *
   * @param random the random source
   * @return one line per connection
   */
  public List<String> replay(RandomGenerator random) {
    Scheduler s = IpvsSchedulers.builder(scheduler).flags(flags).random(random).build();
    VirtualServer vs = VirtualServer.create(service, s);
    Map<InetSocketAddress, RealServer> current = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof Dest d) {
        vs.add(d.server());
        current.put(d.server().address(), d.server());
      } else if (step instanceof Weight w) {
        RealServer rs = current.get(w.destination()).withWeight(w.weight());
        vs.edit(rs);
        current.put(rs.address(), rs);
      } else if (step instanceof Remove r) {
        vs.remove(r.destination());
        current.remove(r.destination());
      } else if (step instanceof Conn c) {
        var conn = vs.connect(c.source());
        if (conn.isEmpty()) {
          out.add("-");
        } else {
          out.add(conn.get().destination().name());
          if (!c.hold()) {
            conn.get().close();
          }
        }
      }
    }
    return out;
  }
}
