package io.hablocks.ipvs;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.PickResult;
import io.hablocks.api.lb.Picker;
import io.hablocks.api.lb.Scheduler;
import io.hablocks.api.lb.Server;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A virtual service as the kernel keeps it: a scheduler and a destination list where a new
 * destination goes to the head (newest first, which decides rr's start and every tie), a trash
 * where deleted destinations keep their counters (a re-added one comes back with them), and the
 * picker republished on every change with the scheduler's state carried over.
 *
 * <pre>{@code
 * VirtualServer vs = VirtualServer.create(new InetSocketAddress("10.0.0.1", 80),
 *     IpvsSchedulers.create("wlc"));
 * vs.add(RealServer.of(new InetSocketAddress("10.0.1.1", 80), 2));
 * Optional<Connection> c = vs.connect(new InetSocketAddress("192.168.1.10", 40000));
 * }</pre>
 *
 * <p>Changes are serialized; {@link #connect} and {@link #picker()} take no lock.
 */
public final class VirtualServer {

  private final InetSocketAddress address;
  private final Scheduler scheduler;
  private final List<Dest> dests = new ArrayList<>();
  private final Map<InetSocketAddress, Dest> trash = new HashMap<>();
  private volatile Picker picker;
  private volatile Map<InetSocketAddress, Dest> byAddress = Map.of();

  private static final class Dest {
    RealServer config;
    final DestinationCounters counters;

    Dest(RealServer config, DestinationCounters counters) {
      this.config = config;
      this.counters = counters;
    }
  }

  private VirtualServer(InetSocketAddress address, Scheduler scheduler) {
    this.address = Objects.requireNonNull(address, "address");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.picker = scheduler.newPicker(List.of(), null);
  }

  /**
   * @param address the virtual address and port
   * @param scheduler the scheduler ({@link IpvsSchedulers})
   * @return a service without destinations
   */
  public static VirtualServer create(InetSocketAddress address, Scheduler scheduler) {
    return new VirtualServer(address, scheduler);
  }

  /** @return the virtual address and port */
  public InetSocketAddress address() {
    return address;
  }

  /** @return the scheduler */
  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * Adds a destination at the head of the list (ipvsadm -a). One from the trash comes back with
   * its counters.
   *
   * @param rs the destination
   * @throws IpvsException if it exists already
   */
  public synchronized void add(RealServer rs) {
    if (find(rs.address()) != null) {
      throw new IpvsException("destination " + rs.name() + " already exists in " + name());
    }
    Dest d = trash.remove(rs.address());
    if (d == null) {
      d = new Dest(rs, new DestinationCounters());
    }
    d.config = rs;
    d.counters.setThresholds(rs.upperThreshold(), rs.lowerThreshold());
    dests.add(0, d);
    republish();
  }

  /**
   * Changes a destination's weight, thresholds or forwarding (ipvsadm -e).
   *
   * @param rs the new settings of an existing destination
   * @throws IpvsException if it does not exist
   */
  public synchronized void edit(RealServer rs) {
    Dest d = find(rs.address());
    if (d == null) {
      throw new IpvsException("no destination " + rs.name() + " in " + name());
    }
    d.config = rs;
    d.counters.setThresholds(rs.upperThreshold(), rs.lowerThreshold());
    republish();
  }

  /**
   * Deletes a destination (ipvsadm -d); it waits in the trash with its counters.
   *
   * @param destination its address and port
   * @throws IpvsException if it does not exist
   */
  public synchronized void remove(InetSocketAddress destination) {
    Dest d = find(destination);
    if (d == null) {
      throw new IpvsException("no destination " + RealServer.name(destination) + " in " + name());
    }
    dests.remove(d);
    trash.put(destination, d);
    republish();
  }

  /** @return the destinations, newest first (the kernel's order) */
  public synchronized List<RealServer> destinations() {
    List<RealServer> out = new ArrayList<>(dests.size());
    for (Dest d : dests) {
      out.add(d.config);
    }
    return out;
  }

  /**
   * @param destination a destination's address
   * @return its counters, if it is in the list
   */
  public Optional<DestinationCounters> counters(InetSocketAddress destination) {
    Dest d = byAddress.get(destination);
    return d == null ? Optional.empty() : Optional.of(d.counters);
  }

  /** @return the current picker (replaced on every change) */
  public Picker picker() {
    return picker;
  }

  /**
   * Schedules a new connection and counts it active on the chosen destination, setting OVERLOAD
   * if the destination reaches its upper threshold.
   *
   * @param source the client address and port
   * @return the connection, or empty if the scheduler drops it
   */
  public Optional<Connection> connect(InetSocketAddress source) {
    PickResult r = picker.pick(PickContext.of(source, address));
    if (!r.hasServer()) {
      return Optional.empty();
    }
    Server chosen = r.server();
    Dest d = byAddress.get(chosen.address());
    // a change may have published a newer list since the pick; the server carries its counters
    DestinationCounters counters = d != null ? d.counters : (DestinationCounters) chosen.load();
    RealServer config = d != null ? d.config : RealServer.of(chosen.address(), chosen.weight());
    counters.bind(true);
    return Optional.of(new Connection(source, config, counters));
  }

  private Dest find(InetSocketAddress a) {
    for (Dest d : dests) {
      if (d.config.address().equals(a)) {
        return d;
      }
    }
    return null;
  }

  private void republish() {
    List<Server> servers = new ArrayList<>(dests.size());
    Map<InetSocketAddress, Dest> map = new HashMap<>();
    for (Dest d : dests) {
      RealServer c = d.config;
      servers.add(Server.of(c.name(), c.address()).withWeight(c.weight()).withLoad(d.counters));
      map.put(c.address(), d);
    }
    byAddress = map;
    picker = scheduler.newPicker(servers, picker);
  }

  private String name() {
    return scheduler.name() + " service " + RealServer.name(address);
  }

  @Override
  public synchronized String toString() {
    return name() + " " + destinations();
  }
}
